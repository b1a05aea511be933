import { randomUUID } from 'node:crypto';
import type { Clock } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';

/** A plan older than this is refused: what it says about the target is no longer a fresh look. */
export const PLAN_MAX_AGE_MS = 30 * 60_000;

export interface Issued {
  id: string;
  issued: number;
}

/**
 * Plans this console session issued (restores of files and repositories, restores into a forge).
 * A plan is immutable and runs at most once, by its id: the operator confirms what was shown, never
 * a plan computed again from a selection that may have changed since. Bounded, refused when older
 * than PLAN_MAX_AGE_MS, and dropped (with anything it holds) when the identity locks.
 */
export class IssuedBook<T extends Issued> {
  readonly #plans = new Map<string, T>();
  /** Ids that ran, so a second start says "already ran" rather than "unknown". */
  readonly #ran = new Set<string>();

  constructor(
    protected readonly clock: Clock,
    private readonly max: number,
    /** What a stale plan may no longer match: "the target", "the forge". */
    private readonly of: string,
  ) {}

  protected add(fields: Omit<T, 'id' | 'issued'>): T {
    const issued = Object.freeze({ ...fields, id: randomUUID(), issued: this.clock.now().getTime() }) as T;
    this.#plans.set(issued.id, issued);
    while (this.#plans.size > this.max) this.#plans.delete(this.#plans.keys().next().value!);
    return issued;
  }

  /** The plan to run. Refuses unknown, run and too old plans (an old one is dropped with what it holds). */
  take(id: string): T {
    if (this.#ran.has(id)) throw new BulkheadError('USAGE', 'this plan already ran; show the plan again to restore once more');
    const issued = this.#plans.get(id);
    if (!issued) throw new BulkheadError('NOT_FOUND', 'the console does not know this plan (it was replaced, or the identity locked since); show the plan again');
    if (this.clock.now().getTime() - issued.issued > PLAN_MAX_AGE_MS) {
      this.#plans.delete(id);
      throw new BulkheadError('USAGE', `this plan is older than 30 minutes and may no longer match ${this.of}; show the plan again`);
    }
    return issued;
  }

  /** The plan started: it never runs again, and the book lets go of it (the run holds what it needs until it ends). */
  spend(id: string): void {
    this.#plans.delete(id);
    this.#ran.add(id);
  }

  /** The identity locked: every plan, and what it holds, goes. */
  clear(): void {
    this.#plans.clear();
  }
}
