import { promises as fsp } from 'node:fs';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { parseSealedIdentity, unsealIdentity } from '../../keys/sealed-identity.js';
import type { Clock } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';
import { WRITER_FORMAT } from '../../keys/writer-credential.js';

export type IdentitySource = { path: string } | { sealed: string; name: string };

export interface SessionState {
  unlocked: boolean;
  fingerprint: string | null;
  identityPath: string | null;
  autoLockAt: string | null;
  lockWaitsForJob: boolean;
  warnSeconds: number;
}

/** The UI warns this long before the idle lock (half the idle time when that is shorter). */
const WARN_MS = 30_000;
/** While a job holds the lock off, how often the idle lock looks again. */
const RECHECK_MS = 1000;

/**
 * The one unlocked recovery identity of the console. It lives only in this process, is wiped on
 * lock, and locks itself after an idle time; every use and the operator's input push the deadline
 * back. A running job (a restore) holds the idle lock off until it ends, and then the operator gets
 * the warning time before it locks. A job that is running when the operator locks keeps the key it
 * reads with until it ends (`hold`): the session forgets it at once, the wipe waits for the job.
 */
export class IdentitySession {
  #identity?: RecoveryIdentity;
  #name: string | null = null;
  #deadline = 0;
  #timer?: NodeJS.Timeout;
  readonly #onLock: (() => void)[] = [];
  /** Identities no longer the session's but still held by running jobs, with their hold counts. */
  readonly #holds = new Map<RecoveryIdentity, number>();
  readonly #retired = new Set<RecoveryIdentity>();

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: () => number,
    private readonly onAutoLock: () => void = () => {},
    private readonly busy: () => boolean = () => false,
  ) {}

  get warnMs(): number {
    return Math.min(WARN_MS, Math.floor(this.idleMs() / 2));
  }

  onLock(fn: () => void): void {
    this.#onLock.push(fn);
  }

  async unlock(source: IdentitySource, passphrase: Buffer): Promise<SessionState> {
    const { sealed, name } = await readIdentity(source);
    return this.adopt(await unsealIdentity(sealed, passphrase, name), name);
  }

  /** Takes an identity rebuilt elsewhere (from a quorum of shares) as the unlocked one. */
  adopt(identity: RecoveryIdentity, name: string): SessionState {
    this.lock();
    this.#identity = identity;
    this.#name = name;
    this.touch();
    return this.state();
  }

  /** The identity, for one operation; refuses when locked and counts as activity. */
  get identity(): RecoveryIdentity {
    const identity = this.peek();
    this.touch();
    return identity;
  }

  /** The identity for a background check the operator did not ask for: not counted as activity. */
  peek(): RecoveryIdentity {
    if (this.#identity && this.overdue() && !this.busy()) this.expire();
    if (!this.#identity) throw new BulkheadError('LOCKED', 'the recovery identity is locked; unlock it to read backups');
    return this.#identity;
  }

  /**
   * Keeps the unlocked identity for a job until the returned release is called: a lock meanwhile
   * takes it from the session but wipes it only after the last release.
   */
  hold(): () => void {
    const id = this.peek();
    this.#holds.set(id, (this.#holds.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.#holds.get(id) ?? 1) - 1;
      if (n > 0) return void this.#holds.set(id, n);
      this.#holds.delete(id);
      if (this.#retired.delete(id)) id.wipe();
    };
  }

  /** Whether a locked session's key is still in memory for a running job. */
  get heldByJob(): boolean {
    return this.#retired.size > 0;
  }

  get unlocked(): boolean {
    return this.#identity !== undefined;
  }

  /** Activity: the idle time starts over. */
  touch(): void {
    if (!this.#identity) return;
    this.#deadline = this.clock.now().getTime() + this.idleMs();
    this.schedule(this.idleMs());
  }

  /**
   * The idle timer's check (tests call it after moving a fake clock): locks once the deadline has
   * passed, unless a job is running; then it looks again shortly.
   */
  checkIdle(): void {
    if (!this.#identity) return;
    const left = this.#deadline - this.clock.now().getTime();
    if (left > 0) return this.schedule(left);
    if (this.busy()) return this.schedule(RECHECK_MS);
    this.expire();
  }

  /** A job ended: if it held the idle lock off, the operator gets the warning time, not a sudden lock. */
  jobEnded(): void {
    if (!this.#identity || this.busy() || !this.overdue()) return;
    this.#deadline = this.clock.now().getTime() + this.warnMs;
    this.schedule(this.warnMs);
  }

  lock(): boolean {
    clearTimeout(this.#timer);
    const id = this.#identity;
    if (!id) return false;
    for (const fn of this.#onLock) fn();
    this.#identity = undefined;
    if (this.#holds.has(id)) this.#retired.add(id);
    else id.wipe();
    return true;
  }

  state(): SessionState {
    const id = this.#identity;
    return {
      unlocked: !!id,
      fingerprint: id ? id.recipientFingerprint : null,
      identityPath: this.#name,
      autoLockAt: id ? new Date(this.#deadline).toISOString() : null,
      lockWaitsForJob: !!id && this.overdue() && this.busy(),
      warnSeconds: Math.round(this.warnMs / 1000),
    };
  }

  private overdue(): boolean {
    return this.clock.now().getTime() >= this.#deadline;
  }

  private schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.checkIdle(), ms);
    this.#timer.unref();
  }

  private expire(): void {
    if (this.lock()) this.onAutoLock();
  }
}

async function readSealed(source: IdentitySource): Promise<{ json: unknown; name: string }> {
  const name = 'path' in source ? source.path : source.name;
  let text: string;
  if ('path' in source) {
    text = await fsp.readFile(source.path, 'utf8').catch(() => {
      throw new BulkheadError('NOT_FOUND', `cannot read the identity file ${source.path}; check the path`);
    });
  } else text = source.sealed;
  try {
    return { json: JSON.parse(text), name };
  } catch {
    throw new BulkheadError('BAD_IDENTITY', `${name} is not valid JSON; it is not a Bulkhead identity file`);
  }
}

/** The sealed identity of a file or text; a writer credential is named as one (as the CLI does), not "not an identity file". */
async function readIdentity(source: IdentitySource): Promise<{ sealed: ReturnType<typeof parseSealedIdentity>; name: string }> {
  const { json, name } = await readSealed(source);
  if (json && typeof json === 'object' && (json as { format?: unknown }).format === WRITER_FORMAT) {
    throw new BulkheadError('NEEDS_IDENTITY', `${name} is a writer credential: writers can add backups but never read them; give the recovery identity`);
  }
  return { sealed: parseSealedIdentity(json, name), name };
}

/** Connecting a vault checks the identity file it names (there, an identity, not a writer's credential) before remembering it. */
export async function checkIdentityFile(path: string): Promise<void> {
  await readIdentity({ path });
}
