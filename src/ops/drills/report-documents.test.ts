import { describe, expect, it } from 'vitest';
import { verdictLine } from './report-documents.js';

const step = (source: string, ok: boolean, writer?: string) => ({ source, kind: 'dir', ok, detail: '', ms: 0, bytes: 0, items: 0, ...(writer && { writer }) });

describe('verdictLine: what failed, whose, and that the rest passed', () => {
  it('names each writer\'s failed sources (ten of them at most) and counts the others', () => {
    const steps = [step('api', true, 'ci'), step('db', false, 'db-host'), ...Array.from({ length: 12 }, (_, i) => step(`ev-${i}`, false, 'rogue')), step('web', true, 'ci')];
    expect(verdictLine({ steps })).toBe('13 of 15 sources failed: db (writer "db-host"); ev-0, ev-1, ev-2, ev-3, ev-4, ev-5, ev-6, ev-7, ev-8, ev-9 and 2 more (writer "rogue"); the other 2 restored and verified');
    expect(verdictLine({ steps: [step('api', true, 'ci')] })).toBe('all 1 source restored and verified');
    expect(verdictLine({ steps: [step('ghost', false)] })).toBe('1 of 1 source failed: ghost (not in the snapshot); no other source was restored');
  });
});
