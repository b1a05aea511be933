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

export function refuseShorten(url: string, key: string, current: Date, asked: Date): never {
  throw new BulkheadError(
    'IMMUTABLE',
    `${url} refused to shorten the retention of ${key} from ${current.toISOString()} to ${asked.toISOString()}`,
  );
}

export function missingObject(url: string, key: string): never {
  throw new BulkheadError('NOT_FOUND', `${key} is missing from ${url}`);
}
