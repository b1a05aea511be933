import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

/** What the callers of spawnGit use of a git process: its streams, 'close' (the exit code) and 'error'. */
export interface GitChild {
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  on(event: 'close', listener: (code: number | null) => void): this;
  on(event: 'error', listener: (e: Error) => void): this;
}

/** One git command held ready: its socket (git's stdin and stdout) and its stderr. */
interface Slot {
  key: string;
  io: Socket;
  err: Socket;
  taken?: Started;
  done?: boolean;
}

/** A preforked git process as its caller sees it: 'close' once git exited and its output is read. */
class Started extends EventEmitter {
  readonly stdin: Socket;
  readonly stdout: Socket;
  readonly stderr: Socket;
  #waiting = 3; // the exit status, stdout, stderr
  #code: number | null = null;


  constructor(slot: Slot) {
    super();
    [this.stdin, this.stdout, this.stderr] = [slot.io, slot.io, slot.err];
    for (const s of [slot.io, slot.err]) s.on('close', () => this.#settle());
  }

  exited(code: number | null): void {
    this.#code = code;
    this.#settle();
  }

  #settle(): void {
    if (--this.#waiting === 0) this.emit('close', this.#code);
  }
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Slots a shell can hold in single-digit descriptors (dash's limit): 3–8, two each. */
export const MAX_PREFORKED = 3;

/**
 * Git processes forked ahead by one small shell, started while this process has nothing else to
 * do (a first backup's clone). Node forks the whole of this process for every child, and its spawn
 * blocks until the child has exec'd: 10–25 ms each on an idle machine, a core's wait more under
 * load, and afterwards each page this process writes again faults once. The shell's own forks are
 * of a few hundred kilobytes, and each slot's subshell is forked ahead too, so taking a slot costs
 * one fork of a small process. A slot starts its git only when taken (after the clone has
 * finished); slots not taken never run. Each git reads and writes one socket (Node's stdio pipes
 * are socket pairs: its stdin and stdout) and writes its stderr to another, on which the go was
 * sent; the subshells print `<slot> <exit code>` on the shell's stdout as each git exits.
 */
export class Preforked {
  readonly #shell: ChildProcess;
  readonly #slots: Slot[];
  #failed = false;
  #closed = false;
  /** Slots taken so far (tests read it). */
  get taken(): number {
    return this.#slots.filter((s) => s.taken).length;
  }

  /** Taken slots whose git has not exited yet. */
  #running = 0;

  constructor(commands: { gitDir: string; args: string[] }[], env: NodeJS.ProcessEnv) {
    if (commands.length > MAX_PREFORKED) throw new RangeError(`at most ${MAX_PREFORKED} git processes can be preforked`);
    const fds = commands.map((_, i) => [3 + 2 * i, 4 + 2 * i] as const);
    const closeAll = fds.flatMap(([io, err]) => [`${io}<&-`, `${err}<&-`]).join(' ');
    // One subshell per slot, forked now: it waits for a line on the slot's stderr socket (the go),
    // forks git with that slot's descriptors only, lets go of its own (git's exit is then the end
    // of its output) and prints git's exit code. A slot never taken sees its socket close and ends.
    const slots = commands.map(({ gitDir, args }, i) => {
      const [io, err] = fds[i]!;
      const others = fds.filter((_, k) => k !== i).flatMap(([a, b]) => [`${a}<&-`, `${b}<&-`]).join(' ');
      const cmd = ['git', '--git-dir', gitDir, ...args].map(quote).join(' ');
      return `( exec ${others} </dev/null; read -r go <&${err} || exit 0; ${cmd} <&${io} >&${io} 2>&${err} ${io}<&- ${err}<&- & exec ${io}<&- ${err}<&-; wait $!; echo "${i} $?" ) &`;
    });
    const script = `${slots.join(' ')} exec ${closeAll}; wait`;
    this.#shell = spawn('/bin/sh', ['-c', script], { env, stdio: ['ignore', 'pipe', 'ignore', ...fds.flatMap(() => ['pipe', 'pipe'] as const)] });
    this.#slots = commands.map(({ gitDir, args }, i) => ({ key: slotKey(gitDir, args), io: this.#shell.stdio[fds[i]![0]] as Socket, err: this.#shell.stdio[fds[i]![1]] as Socket }));
    // Held processes keep nothing alive: a backup that never takes them must not keep the agent
    // waiting (their sockets close when this process exits). A taken one is a child as any.
    this.#shell.unref();
    for (const x of [this.#shell.stdout, ...this.#slots.flatMap((s) => [s.io, s.err])] as Socket[]) x.unref();
    this.#shell.on('error', () => this.#fail());
    let rest = '';
    this.#shell.stdout!.on('data', (d: Buffer) => {
      const lines = (rest + d.toString('latin1')).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        const [slot, code] = l.split(' ').map(Number);
        this.#exited(this.#slots[slot!], code!);
      }
    });
    this.#shell.on('close', () => {
      // A shell that died without saying how a git it started ended: that git failed.
      for (const s of this.#slots) this.#exited(s, null);
      this.#fail();
    });
  }

  /** The held process for this command, started now; undefined when none is held or the shell failed. */
  take(gitDir: string | undefined, args: string[]): GitChild | undefined {
    if (this.#failed || this.#closed || gitDir === undefined) return undefined;
    const key = slotKey(gitDir, args);
    const k = this.#slots.findIndex((s) => !s.taken && s.key === key);
    if (k < 0) return undefined;
    const slot = this.#slots[k]!;
    slot.taken = new Started(slot);
    for (const x of [slot.io, slot.err]) x.on('error', () => {}); // git may exit before reading its input; its exit code tells
    for (const x of [slot.io, slot.err, this.#shell.stdout as Socket]) x.ref(); // its exit status comes there
    this.#running++;
    slot.err.write('go\n');
    return slot.taken;
  }

  /** No more takes: the slots never taken are let go (their subshells end), the shell exits once its gits have. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#slots) if (!s.taken) [s.io, s.err].forEach((x) => x.destroy());
  }

  #exited(slot: Slot | undefined, code: number | null): void {
    if (!slot?.taken || slot.done) return;
    slot.done = true;
    slot.taken.exited(code);
    if (--this.#running === 0) (this.#shell.stdout as Socket).unref();
  }

  #fail(): void {
    this.#failed = true;
    this.close();
  }
}

const slotKey = (gitDir: string, args: string[]) => JSON.stringify([gitDir, ...args]);
