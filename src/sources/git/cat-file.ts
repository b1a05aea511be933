import type { GitChild } from './prefork.js';
import { BulkheadError } from '../../util/errors.js';
import { BOUNDED_MEMORY, redact, spawnGit } from './git.js';

export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

/** What `info` answers: an object's type and size, without its content. */
export interface GitObjectInfo {
  oid: string;
  type: string;
  size: number;
}

const EMPTY = Buffer.alloc(0);

/** The batch process's arguments (a first backup forks it ahead: preforkGit). */
export const CAT_FILE_ARGS = [...BOUNDED_MEMORY, 'cat-file', '--batch-command', '--buffer'];

interface Pending {
  /** Whether the answer carries the content (`contents`) or only the header (`info`). */
  content: boolean;
  resolve(o: GitObject | GitObjectInfo | undefined): void;
  reject(e: Error): void;
}

/**
 * One `git cat-file --batch-command --buffer` process for a whole backup: requests are written in
 * bulk, flushed once per call and answered in order, so reading a thousand trees or pipeline files
 * costs one process (and a few pipe reads), not a thousand.
 */
export class CatFile {
  #child: GitChild | undefined;
  /** Requests not answered yet, from #head on: an index, not shift(), which copies the array each time past ~50k entries (a first backup asks for every small blob in history at once). */
  #queue: (Pending | undefined)[] = [];
  #head = 0;
  /** Bytes of an answer whose header is not whole yet. */
  #rest: Buffer = EMPTY;
  /** Chunks of an answer whose content is not whole yet: #have of the #need bytes it takes. */
  #parts: Buffer[] = [];
  #have = 0;
  #need = 0;
  #stderr = '';
  #failed: Error | undefined;

  constructor(readonly gitDir: string) {}

  /** The object named by each oid (or rev), undefined when it does not exist. */
  getMany(revs: string[]): Promise<(GitObject | undefined)[]> {
    return this.#ask(revs, true) as Promise<(GitObject | undefined)[]>;
  }

  async get(rev: string): Promise<GitObject | undefined> {
    return (await this.getMany([rev]))[0];
  }

  /** Type and size of each object (undefined when it does not exist); git reads no content for it. */
  infoMany(revs: string[]): Promise<(GitObjectInfo | undefined)[]> {
    return this.#ask(revs, false) as Promise<(GitObjectInfo | undefined)[]>;
  }

  /** Starts git now (a process started before the caller's memory grows costs less to fork). */
  start(): void {
    if (!this.#failed) this.#start();
  }

  close(): void {
    this.#child?.stdin?.end();
    this.#child = undefined;
  }

  #ask(revs: string[], content: boolean): Promise<(GitObject | GitObjectInfo | undefined)[]> {
    if (revs.length === 0) return Promise.resolve([]);
    if (this.#failed) return Promise.reject(this.#failed);
    const child = this.#start();
    const answers = revs.map(() => new Promise<GitObject | GitObjectInfo | undefined>((resolve, reject) => this.#queue.push({ content, resolve, reject })));
    const verb = content ? 'contents' : 'info';
    child.stdin!.write(`${revs.map((r) => `${verb} ${r}\n`).join('')}flush\n`);
    return Promise.all(answers);
  }

  #start(): GitChild {
    if (this.#child) return this.#child;
    const child = spawnGit(CAT_FILE_ARGS, { gitDir: this.gitDir, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => this.#read(d));
    child.stderr!.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString()).slice(-2000)));
    child.stdin!.on('error', () => {}); // an early exit is reported by 'close'
    child.on('error', (e) => this.#fail(`cannot run git (${e.message}); install git`));
    child.on('close', (code) => this.#waiting() > 0 && this.#fail(`git cat-file --batch-command exited ${code}: ${redact(this.#stderr.trim())}`));
    this.#child = child;
    return child;
  }

  #fail(message: string): void {
    this.#failed = new BulkheadError('SOURCE_FAILED', message);
    while (this.#waiting() > 0) this.#next().reject(this.#failed);
  }

  #waiting(): number {
    return this.#queue.length - this.#head;
  }

  /** The oldest request, taken off the queue (answers come in the order asked). */
  #next(): Pending {
    const p = this.#queue[this.#head]!;
    this.#queue[this.#head++] = undefined;
    if (this.#head === this.#queue.length) [this.#queue, this.#head] = [[], 0];
    else if (this.#head >= 65536 && this.#head * 2 > this.#queue.length) [this.#queue, this.#head] = [this.#queue.slice(this.#head), 0]; // never drained: let the answered go
    return p;
  }

  /**
   * Answers are `<oid> <type> <size>\n<content>\n` (`info`: the header alone) or `<rev> missing\n`
   * (also `ambiguous`). Parsed in place, one pass over each chunk git writes; an answer that spans
   * chunks is gathered until it is whole, then joined once (a large blob is not copied per chunk).
   */
  #read(data: Buffer): void {
    if (this.#need > 0) {
      this.#parts.push(data);
      this.#have += data.length;
      if (this.#have < this.#need) return;
      data = Buffer.concat(this.#parts, this.#have);
      [this.#parts, this.#have, this.#need] = [[], 0, 0];
    }
    const buf = this.#rest.length === 0 ? data : Buffer.concat([this.#rest, data]);
    let at = 0;
    while (this.#waiting() > 0) {
      const nl = buf.indexOf(10, at);
      if (nl < 0) break;
      const header = buf.toString('latin1', at, nl).split(' ');
      if (header.length !== 3) {
        at = nl + 1;
        this.#next().resolve(undefined);
        continue;
      }
      const size = Number(header[2]);
      if (!this.#queue[this.#head]!.content) {
        at = nl + 1;
        this.#next().resolve({ oid: header[0]!, type: header[1]!, size });
        continue;
      }
      if (buf.length < nl + 1 + size + 1) {
        [this.#parts, this.#have, this.#need] = [[buf.subarray(at)], buf.length - at, nl + 1 + size + 1 - at];
        this.#rest = EMPTY;
        return;
      }
      const content = buf.subarray(nl + 1, nl + 1 + size); // a view, not a copy: callers only read it
      at = nl + 1 + size + 1;
      this.#next().resolve({ oid: header[0]!, type: header[1]!, content });
    }
    this.#rest = at >= buf.length ? EMPTY : buf.subarray(at);
  }
}
