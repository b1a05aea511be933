import { describe, expect, it } from 'vitest';
import { RecoveryIdentity } from './identity.js';
import { combineShares, shareFromWords, shareToWords, splitIdentity } from './shares.js';

const at = (share: Awaited<ReturnType<typeof splitIdentity>>[number], n: number) => ({ share, where: `share-${n}.txt` });

describe('M-of-N shares', () => {
  it('2 of 3: any two rebuild the same identity; one alone cannot', async () => {
    const identity = RecoveryIdentity.generate();
    const shares = await splitIdentity(identity, 2, 3);
    for (const [a, b] of [[0, 1], [0, 2], [2, 1]] as const) {
      const rebuilt = await combineShares([at(shares[a]!, a), at(shares[b]!, b)]);
      expect(rebuilt.recipientFingerprint).toBe(identity.recipientFingerprint);
      expect(rebuilt.custodyFingerprint).toBe(identity.custodyFingerprint);
    }
    await expect(combineShares([at(shares[1]!, 1)])).rejects.toThrow(/1 of 2 shares given; this identity needs any 2 of its 3 shares/);
  });

  it('round-trips through words and names a mistyped word by its position', async () => {
    const [share] = await splitIdentity(RecoveryIdentity.generate(), 2, 3);
    const words = shareToWords(share!);
    expect(words).toHaveLength(39);
    expect(shareFromWords(words, 'x')).toEqual(share);
    const typo = words.slice();
    typo[11] = typo[11] === 'zoo' ? 'abandon' : 'zoo';
    expect(() => shareFromWords(typo, 'alice.txt')).toThrow(/alice.txt: word 12 \("(zoo|abandon)"\) is wrong, perhaps "[a-z]+"/);
    const notAWord = words.slice();
    notAWord[3] = 'bulkhead';
    expect(() => shareFromWords(notAWord, 'bob.txt')).toThrow(/word 4 \("bulkhead"\) is not a BIP-39 word/);
    expect(() => shareFromWords(words.slice(1), 'c.txt')).toThrow(/has 38 words; a share has 39/);
  });

  it('refuses shares of two identities, of two splits, and a duplicated share', async () => {
    const one = RecoveryIdentity.generate();
    const [a1, a2] = await splitIdentity(one, 2, 3);
    const [b1] = await splitIdentity(RecoveryIdentity.generate(), 2, 3);
    const [, c2] = await splitIdentity(one, 2, 3);
    await expect(combineShares([at(a1!, 1), at(b1!, 2)])).rejects.toThrow(/share-2.txt belongs to another identity than share-1.txt/);
    await expect(combineShares([at(a1!, 1), at(c2!, 2)])).rejects.toThrow(/another split of this identity/);
    await expect(combineShares([at(a2!, 1), at(a2!, 2)])).rejects.toThrow(/are the same share \(2 of 3\)/);
  });

  it('refuses thresholds that make no sense', async () => {
    const id = RecoveryIdentity.generate();
    await expect(splitIdentity(id, 1, 3)).rejects.toThrow(/2 ≤ threshold/);
    await expect(splitIdentity(id, 4, 3)).rejects.toThrow(/2 ≤ threshold/);
  });
});
