import type { ForgeRestore, ForgeRestorePlan } from '../../ops/restore/forge-restore.js';
import type { Clock } from '../../util/clock.js';
import { IssuedBook } from './issued-book.js';

/** A plan and the forge restore (its kind's entry in ops/kinds/registry.ts) that made it and runs it. */
export interface ForgePlan {
  forge: ForgeRestore;
  plan: ForgeRestorePlan;
}

/** An issued forge restore plan, with what it runs with: the snapshot's documents and the operator's token. */
export interface IssuedForgePlan {
  id: string;
  vaultId: string;
  time: string;
  what: ForgePlan;
  docs: Map<string, unknown>;
  /** The operator's restore token: in this object only, never stored, logged or returned; gone with the plan. */
  token: string;
  issued: number;
}

const MAX_PLANS = 10;

/**
 * The forge restore plans this console session issued: like restore plans (immutable, run once by
 * id, refused when older than 30 minutes), and each holds the token it was made with until it runs,
 * is replaced or expires, or the identity locks.
 */
export class ForgePlanBook extends IssuedBook<IssuedForgePlan> {
  constructor(clock: Clock) {
    super(clock, MAX_PLANS, 'the forge');
  }

  issue(p: Omit<IssuedForgePlan, 'id' | 'issued'>): IssuedForgePlan {
    return this.add(p);
  }
}
