import { BulkheadError } from '../util/errors.js';

/** The errors every backend uses for what an append-only vault refuses, worded the same everywhere. */
export function refuseDelete(url: string, key: string): never {
  throw new BulkheadError(
    'IMMUTABLE',
    `${url} refused to delete ${key}: Bulkhead vaults are append-only and objects expire only after their retention`,
  );
}

export function refuseOverwrite(url: string, key: string): never {
  throw new BulkheadError('EXISTS', `${url} refused to overwrite ${key}: every object is written once`);
}

/**
 * A local vault's entry that is no object sits where `key` (or its retention file) goes: a hijacked
 * agent can make one ahead of a write. EXISTS like an overwrite: the key is taken (an operator's
 * config moves to the next number).
 */
export function refuseOccupied(url: string, key: string, where: string, kind: string): never {
  throw new BulkheadError(
    'EXISTS',
    `${url} cannot store ${key}: ${where} is ${kind}, which Bulkhead never makes there, so the vault folder was tampered with (posture lists such entries); nothing was stored: remove it by hand`,
  );
}

export function refuseShorten(url: string, key: string, current: Date, asked: Date): never {
  throw new BulkheadError(
    'IMMUTABLE',
    `${url} refused to shorten the retention of ${key} from ${current.toISOString()} to ${asked.toISOString()}`,
  );
}

export function missingObject(url: string, key: string): never {
  throw new BulkheadError('NOT_FOUND', `${key} is missing from ${url}`);
}
