import { randomUUID } from 'node:crypto';
import type { GithubRestorePlan } from '../../ops/restore/restore-github.js';
import type { GitlabRestorePlan } from '../../ops/restore/restore-gitlab.js';
import type { Clock } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';
import { PLAN_MAX_AGE_MS } from './plans.js';

export type ForgePlan = { forge: 'github'; plan: GithubRestorePlan } | { forge: 'gitlab'; plan: GitlabRestorePlan };

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
export class ForgePlanBook {
  readonly #plans = new Map<string, IssuedForgePlan>();
  readonly #ran = new Set<string>();

  constructor(private readonly clock: Clock) {}

  issue(p: Omit<IssuedForgePlan, 'id' | 'issued'>): IssuedForgePlan {
    const issued: IssuedForgePlan = Object.freeze({ ...p, id: randomUUID(), issued: this.clock.now().getTime() });
    this.#plans.set(issued.id, issued);
    while (this.#plans.size > MAX_PLANS) this.#plans.delete(this.#plans.keys().next().value!);
    return issued;
  }

  /** The plan to run. Refuses unknown, run and too old plans (an old one is dropped with its token). */
  take(id: string): IssuedForgePlan {
    if (this.#ran.has(id)) throw new BulkheadError('USAGE', 'this plan already ran; show the plan again to restore once more');
    const issued = this.#plans.get(id);
    if (!issued) throw new BulkheadError('NOT_FOUND', 'the console does not know this plan (it was replaced, or the identity locked since); show the plan again');
    if (this.clock.now().getTime() - issued.issued > PLAN_MAX_AGE_MS) {
      this.#plans.delete(id);
      throw new BulkheadError('USAGE', 'this plan is older than 30 minutes and may no longer match the forge; show the plan again');
    }
    return issued;
  }

  /** The plan started: it never runs again, and the book lets go of its token (the run holds it until it ends). */
  spend(id: string): void {
    this.#plans.delete(id);
    this.#ran.add(id);
  }

  /** The identity locked: every plan and the token it holds go. */
  clear(): void {
    this.#plans.clear();
  }
}
