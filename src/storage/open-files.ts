import { closeSync } from 'node:fs';
import { openObjectSync } from './local-entries.js';

/** Descriptors kept open at most: a pack read from is reused, a vault's thousands of packs are not all held. */
const MOST = 32;
/** A descriptor not used for this long is closed: a console holds its store for hours, and Windows does not delete a folder a process holds open. */
const IDLE_MS = 2_000;

/**
 * Read-only descriptors of a local store's objects, kept open for the next read of the same one.
 * Objects are never rewritten (link(2), no write bit), so a kept descriptor reads what a fresh open
 * would. A first look at a wide writer's quarter reads 600,000 small trees and manifests out of a
 * dozen packs, and an open and a close each were a sixth of its time.
 */
export class OpenFiles {
  /** Path → descriptor, least recently used first. */
  readonly #fds = new Map<string, number>();
  /** Paths used since the last sweep: the others are closed by it. */
  readonly #used = new Set<string>();
  #sweeper: NodeJS.Timeout | undefined;

  /** A descriptor for `path`, opened if none is kept (a regular file only: local-entries.ts); open's errors (ENOENT, ELOOP) as thrown. */
  fd(path: string): number {
    let fd = this.#fds.get(path);
    if (fd === undefined) fd = openObjectSync(path);
    else this.#fds.delete(path); // re-inserted last: most recently used
    this.#fds.set(path, fd);
    this.#used.add(path);
    if (this.#fds.size > MOST) this.#close(this.#fds.keys().next().value!);
    this.#sweeper ??= setInterval(() => this.#sweep(), IDLE_MS).unref();
    return fd;
  }

  /** Forgets a descriptor that failed to read (it is closed): the next read opens the object again. */
  drop(path: string): void {
    if (this.#fds.has(path)) this.#close(path);
  }

  #sweep(): void {
    for (const path of [...this.#fds.keys()]) if (!this.#used.has(path)) this.#close(path);
    this.#used.clear();
    if (this.#fds.size === 0) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }

  #close(path: string): void {
    const fd = this.#fds.get(path)!;
    this.#fds.delete(path);
    this.#used.delete(path);
    try {
      closeSync(fd);
    } catch {
      // already closed: nothing is held
    }
  }
}
