import { describe, expect, it } from 'vitest';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault } from '../helpers/vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { loadConfig } from '../../src/vault/load-config.js';

describe('two operators racing for the same config sequence on S3', () => {
  it('the loser is told, and the vault keeps the first config', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const results = await Promise.allSettled([
      enrollWriter({ store, identity: v.identity, label: 'a', clock: v.clock }),
      enrollWriter({ store, identity: v.identity, label: 'b', clock: v.clock }),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(String((failed[0] as PromiseRejectedResult).reason.message)).toMatch(/another operator changed vault|refused to overwrite config\/00000003/);
    const { config } = await loadConfig(store, v.identity.custodyPublic);
    expect(config.body.seq).toBe(3);
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ enrollment: { label: string } }>;
    expect(config.body.writers.map((w) => w.label)).toEqual(['test-agent', winner.value.enrollment.label]);
  });
});
