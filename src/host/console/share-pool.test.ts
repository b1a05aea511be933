import { describe, expect, it } from 'vitest';
import { SharePool } from './share-pool.js';
import { RecoveryIdentity } from '../../keys/identity.js';
import { shareToWords, splitIdentity } from '../../keys/shares.js';
import { shareText } from '../../ops/custody/share-documents.js';

async function sheets(identity: RecoveryIdentity, holders: string[]) {
  const shares = await splitIdentity(identity, 2, holders.length);
  return shares.map((s, i) => shareText({ index: s.index, threshold: 2, total: holders.length, holder: holders[i]!, created: '2026-11-26', fingerprint: identity.recipientFingerprint, words: shareToWords(s) }));
}

describe('share pool (console quorum unlock)', () => {
  it('counts holders, refuses a repeat or a stranger at once, and rebuilds the identity at the threshold', async () => {
    const identity = RecoveryIdentity.generate();
    const [alice, bob] = await sheets(identity, ['Alice', 'Bob', 'Carol']);
    const [stranger] = await sheets(RecoveryIdentity.generate(), ['Eve', 'Mallory']);
    const pool = new SharePool();
    expect((await pool.add(alice!)).state).toEqual({ received: [{ index: 1, holder: 'Alice' }], threshold: 2, total: 3 });
    await expect(pool.add(alice!)).rejects.toThrow(/share 1 of 3 was already received/);
    await expect(pool.add(stranger!)).rejects.toThrow(/Eve's share belongs to another identity/);
    const words = bob!.slice(bob!.indexOf('Words:')); // words alone, as typed: no holder name
    const done = await pool.add(words);
    expect(done.identity!.recipientFingerprint).toBe(identity.recipientFingerprint);
    expect(pool.state().received).toEqual([]); // wiped once used
  });
});
