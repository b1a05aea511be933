import Queue from 'yocto-queue';

/**
 * Bounded concurrency: run() waits for a free lane, then starts the task without awaiting it.
 * The first failure is kept and re-thrown by the next run() or by drain(), so no error is lost.
 */
export class Lanes {
  #free: number;
  /** A queue, not an array: shift() copies an array past ~50k waiters, and run() may be called by that many at once. */
  readonly #waiting = new Queue<() => void>();
  readonly #running = new Set<Promise<void>>();
  #error: unknown;

  constructor(width: number) {
    this.#free = width;
  }

  async run(task: () => Promise<void>): Promise<void> {
    this.#rethrow();
    if (this.#free === 0) await new Promise<void>((resolve) => this.#waiting.enqueue(resolve));
    else this.#free--;
    this.#rethrow();
    const p = task()
      .catch((e: unknown) => {
        this.#error ??= e;
      })
      .finally(() => {
        this.#running.delete(p);
        const next = this.#waiting.dequeue();
        if (next) next();
        else this.#free++;
      });
    this.#running.add(p);
  }

  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
    this.#rethrow();
  }

  #rethrow(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
