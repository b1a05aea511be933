import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Chunker } from '../../chunker/fastcdc.js';
import { emptyStats, type BackupContext } from '../blob-sink.js';
import { noProgress } from '../../util/progress.js';
import { SMALL_CHUNKS } from '../../../test/helpers/vault.js';
import { documentBytes, storeDocuments } from './documents.js';

function context(): BackupContext {
  const sink = {
    chunker: new Chunker(new Uint8Array(32), SMALL_CHUNKS),
    add: async (_type: string, plain: Buffer) => createHash('sha256').update(plain).digest('hex'),
    reuse: () => false,
  };
  return { sink, progress: noProgress, stats: emptyStats() } as unknown as BackupContext;
}

describe('storing a forge source\'s documents', () => {
  it('says at backup when a document is past what a reader will decode, and stores it anyway', async () => {
    const ctx = context();
    const nested = Buffer.from(`${'['.repeat(70)}${']'.repeat(70)}\n`);
    const root = await storeDocuments(ctx, new Map([['acme/api/labels.json', documentBytes([{ name: 'bug' }])], ['acme/api/rulesets.json', nested]]), new Map());
    expect(root).toMatch(/^[0-9a-f]{64}$/);
    expect(ctx.stats.files).toBe(2);
    expect(ctx.stats.warnings).toEqual([expect.stringMatching(/^document acme\/api\/rulesets\.json is nested more than 64 deep: stored, but this version's diff, restore and drills will refuse/)]);
  });

  it('says nothing of ordinary documents', async () => {
    const ctx = context();
    await storeDocuments(ctx, new Map([['acme/api/labels.json', documentBytes([{ name: 'bug', color: 'f00' }])]]), new Map());
    expect(ctx.stats.warnings).toEqual([]);
  });
});
