import { promises as fsp } from 'node:fs';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { parseSealedIdentity, unsealIdentity } from '../../keys/sealed-identity.js';
import type { Clock } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';

export type IdentitySource = { path: string } | { sealed: string; name: string };

export interface SessionState {
  unlocked: boolean;
  fingerprint: string | null;
  identityPath: string | null;
  autoLockAt: string | null;
}

/**
 * The one unlocked recovery identity of the console. It lives only in this process, is wiped on
 * lock, and locks itself after an idle time; every use pushes the deadline back.
 */
export class IdentitySession {
  #identity?: RecoveryIdentity;
  #name: string | null = null;
  #deadline = 0;
  #timer?: NodeJS.Timeout;
  readonly #onLock: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: () => number,
    private readonly onAutoLock: () => void = () => {},
  ) {}

  onLock(fn: () => void): void {
    this.#onLock.push(fn);
  }

  async unlock(source: IdentitySource, passphrase: Buffer): Promise<SessionState> {
    const { json, name } = await readSealed(source);
    return this.adopt(await unsealIdentity(parseSealedIdentity(json, name), passphrase, name), name);
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
    if (!this.#identity || this.clock.now().getTime() >= this.#deadline) {
      if (this.#identity) this.expire();
      throw new BulkheadError('LOCKED', 'the recovery identity is locked; unlock it to read backups');
    }
    return this.#identity;
  }

  get unlocked(): boolean {
    return this.#identity !== undefined;
  }

  touch(): void {
    if (!this.#identity) return;
    const idle = this.idleMs();
    this.#deadline = this.clock.now().getTime() + idle;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.expire(), idle);
    this.#timer.unref();
  }

  lock(): boolean {
    clearTimeout(this.#timer);
    if (!this.#identity) return false;
    for (const fn of this.#onLock) fn();
    this.#identity.wipe();
    this.#identity = undefined;
    return true;
  }

  state(): SessionState {
    const id = this.#identity;
    return {
      unlocked: !!id,
      fingerprint: id ? id.recipientFingerprint : null,
      identityPath: this.#name,
      autoLockAt: id ? new Date(this.#deadline).toISOString() : null,
    };
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
