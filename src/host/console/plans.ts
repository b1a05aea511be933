import { randomUUID } from 'node:crypto';
import type { SelectionPlan } from '../../ops/restore/selection-plan.js';
import type { Clock } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';

export interface IssuedPlan {
  id: string;
  vaultId: string;
  plan: SelectionPlan;
  issued: number;
}

/** A plan older than this is refused: what it says about the target is no longer a fresh look. */
export const PLAN_MAX_AGE_MS = 30 * 60_000;
const MAX_PLANS = 20;

/** Freezes what the plan says (items, writes, blockers); the snapshot record is the reader's own. */
function freeze(plan: SelectionPlan): SelectionPlan {
  for (const item of plan.items) Object.freeze(Object.freeze(item).writes);
  Object.freeze(plan.items);
  Object.freeze(plan.blocked);
  return Object.freeze(plan);
}

/**
 * The restore plans this console session issued. A plan is immutable and runs at most once, by its
 * id: the operator confirms what was shown, never a plan computed again from a selection that may
 * have changed since. Bounded, and dropped when the identity locks.
 */
export class PlanBook {
  readonly #plans = new Map<string, IssuedPlan>();
  /** Ids that ran, so a second start says "already ran" rather than "unknown". */
  readonly #ran = new Set<string>();

  constructor(private readonly clock: Clock) {}

  issue(vaultId: string, plan: SelectionPlan): IssuedPlan {
    const issued: IssuedPlan = Object.freeze({ id: randomUUID(), vaultId, plan: freeze(plan), issued: this.clock.now().getTime() });
    this.#plans.set(issued.id, issued);
    while (this.#plans.size > MAX_PLANS) this.#plans.delete(this.#plans.keys().next().value!);
    return issued;
  }

  /** The plan to run: taken out, so it can run only once. Refuses unknown, run and too old plans. */
  take(id: string): IssuedPlan {
    if (this.#ran.has(id)) throw new BulkheadError('USAGE', 'this plan already ran; show the plan again to restore once more');
    const issued = this.#plans.get(id);
    if (!issued) throw new BulkheadError('NOT_FOUND', 'the console does not know this plan (it was replaced, or the identity locked since); show the plan again');
    if (this.clock.now().getTime() - issued.issued > PLAN_MAX_AGE_MS) {
      this.#plans.delete(id);
      throw new BulkheadError('USAGE', 'this plan is older than 30 minutes and may no longer match the target; show the plan again');
    }
    return issued;
  }

  /** The plan started: it never runs again. */
  spend(id: string): void {
    this.#plans.delete(id);
    this.#ran.add(id);
  }

  clear(): void {
    this.#plans.clear();
  }
}
