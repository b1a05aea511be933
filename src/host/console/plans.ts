import type { SelectionPlan } from '../../ops/restore/selection-plan.js';
import type { Clock } from '../../util/clock.js';
import { IssuedBook } from './issued-book.js';

export interface IssuedPlan {
  id: string;
  vaultId: string;
  plan: SelectionPlan;
  issued: number;
}

export { PLAN_MAX_AGE_MS } from './issued-book.js';
const MAX_PLANS = 20;

/** Freezes what the plan says (items, writes, blockers); the snapshot record is the reader's own. */
function freeze(plan: SelectionPlan): SelectionPlan {
  for (const item of plan.items) Object.freeze(Object.freeze(item).writes);
  Object.freeze(plan.items);
  Object.freeze(plan.blocked);
  return Object.freeze(plan);
}

/** The restore plans this console session issued (IssuedBook): files, folders and git items into a target. */
export class PlanBook extends IssuedBook<IssuedPlan> {
  constructor(clock: Clock) {
    super(clock, MAX_PLANS, 'the target');
  }

  issue(vaultId: string, plan: SelectionPlan): IssuedPlan {
    return this.add({ vaultId, plan: freeze(plan) });
  }
}
