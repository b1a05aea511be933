/**
 * Whether the console is answering a request now. Work done ahead for the operator's next step
 * (browse-warm.ts) waits for none to be in flight before each of its steps, so the screen being
 * shown (the Dashboard's posture and lists first) never waits behind it for more than one step.
 */
export class IdleGate {
  #busy = 0;
  #waiters: (() => void)[] = [];

  /** A request, counted in flight until it settles. */
  track<T>(request: Promise<T>): Promise<T> {
    this.#busy++;
    return request.finally(() => {
      if (--this.#busy === 0) for (const resolve of this.#waiters.splice(0)) setImmediate(resolve);
    });
  }

  /** Resolves once no request is in flight (on the event loop's next turn when none is now). */
  idle(): Promise<void> {
    return new Promise((resolve) => setImmediate(() => (this.#busy === 0 ? resolve() : this.#waiters.push(resolve))));
  }
}
