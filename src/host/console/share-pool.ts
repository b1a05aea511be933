import { combineShares, shareFromWords, type Share } from '../../keys/shares.js';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { parseShareText } from '../../ops/custody/share-documents.js';
import { BulkheadError } from '../../util/errors.js';

export interface PoolState {
  received: { index: number; holder: string }[];
  threshold: number | null;
  total: number | null;
}

/**
 * Shares entered one at a time in the console's unlock screen, held in memory only until enough
 * have arrived to rebuild the identity, then wiped. A share of another identity or split, or one
 * already given, is refused at once with the reason.
 */
export class SharePool {
  #shares: { share: Share; where: string; holder: string }[] = [];

  async add(text: string): Promise<{ state: PoolState; identity?: RecoveryIdentity }> {
    const holder = /^Holder:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? '';
    const where = holder ? `${holder}'s share` : `share ${this.#shares.length + 1}`;
    const share = shareFromWords(parseShareText(text, where), where);
    const first = this.#shares[0]?.share;
    const refuse = (why: string) => {
      share.secret.fill(0);
      return new BulkheadError('BAD_IDENTITY', why);
    };
    if (first && first.identityTag !== share.identityTag) throw refuse(`${where} belongs to another identity than the shares received so far`);
    if (first && first.splitId !== share.splitId) throw refuse(`${where} comes from another split of this identity; use shares printed together`);
    if (this.#shares.some((s) => s.share.index === share.index)) throw refuse(`share ${share.index} of ${share.total} was already received`);
    this.#shares.push({ share, where, holder: holder || `share ${share.index}` });
    if (this.#shares.length < share.threshold) return { state: this.state() };
    const state = this.state();
    try {
      return { state, identity: await combineShares(this.#shares) };
    } finally {
      this.clear(); // rebuilt or not, the shares leave memory now
    }
  }

  state(): PoolState {
    const first = this.#shares[0]?.share;
    return { received: this.#shares.map((s) => ({ index: s.share.index, holder: s.holder })), threshold: first?.threshold ?? null, total: first?.total ?? null };
  }

  clear(): void {
    for (const s of this.#shares) s.share.secret.fill(0);
    this.#shares = [];
  }
}
