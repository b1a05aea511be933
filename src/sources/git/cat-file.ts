import type { ChildProcess } from 'node:child_process';
import { BulkheadError } from '../../util/errors.js';
import { redact, spawnGit } from './git.js';

export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

interface Pending {
  resolve(o: GitObject | undefined): void;
  reject(e: Error): void;
}

/**
 * One `git cat-file --batch` process for a whole backup: requests are written in bulk and answered in
 * order, so reading a thousand trees or pipeline files costs one process, not a thousand.
 */
export class CatFile {
  #child: ChildProcess | undefined;
  #queue: Pending[] = [];
  #buf: Buffer = Buffer.alloc(0);
  #stderr = '';
  #failed: Error | undefined;

  constructor(private readonly gitDir: string) {}

  /** The object named by each oid (or rev), undefined when it does not exist. */
  getMany(revs: string[]): Promise<(GitObject | undefined)[]> {
    if (revs.length === 0) return Promise.resolve([]);
    if (this.#failed) return Promise.reject(this.#failed);
    const child = this.#start();
    const answers = revs.map(() => new Promise<GitObject | undefined>((resolve, reject) => this.#queue.push({ resolve, reject })));
    child.stdin!.write(revs.map((r) => `${r}\n`).join(''));
    return Promise.all(answers);
  }

  async get(rev: string): Promise<GitObject | undefined> {
    return (await this.getMany([rev]))[0];
  }

  close(): void {
    this.#child?.stdin?.end();
    this.#child = undefined;
  }

  #start(): ChildProcess {
    if (this.#child) return this.#child;
    const child = spawnGit(['cat-file', '--batch'], { gitDir: this.gitDir, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => this.#read(d));
    child.stderr!.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString()).slice(-2000)));
    child.stdin!.on('error', () => {}); // an early exit is reported by 'close'
    child.on('error', (e) => this.#fail(`cannot run git (${e.message}); install git`));
    child.on('close', (code) => this.#queue.length > 0 && this.#fail(`git cat-file --batch exited ${code}: ${redact(this.#stderr.trim())}`));
    this.#child = child;
    return child;
  }

  #fail(message: string): void {
    this.#failed = new BulkheadError('SOURCE_FAILED', message);
    for (const p of this.#queue.splice(0)) p.reject(this.#failed);
  }

  /** Answers are `<oid> <type> <size>\n<content>\n` or `<rev> missing\n` (also `ambiguous`). */
  #read(data: Buffer): void {
    this.#buf = this.#buf.length === 0 ? data : Buffer.concat([this.#buf, data]);
    while (this.#queue.length > 0) {
      const nl = this.#buf.indexOf(10);
      if (nl < 0) return;
      const header = this.#buf.subarray(0, nl).toString('latin1').split(' ');
      if (header.length !== 3) {
        this.#buf = this.#buf.subarray(nl + 1);
        this.#queue.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(header[2]);
      if (this.#buf.length < nl + 1 + size + 1) return;
      const content = this.#buf.subarray(nl + 1, nl + 1 + size); // a view, not a copy: callers only read it
      this.#buf = this.#buf.subarray(nl + 1 + size + 1);
      this.#queue.shift()!.resolve({ oid: header[0]!, type: header[1]!, content });
    }
  }
}
