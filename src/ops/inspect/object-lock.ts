import type { LockMode } from '../../storage/blob-store.js';

/** An object's lock as the server reported it; `remembered` when it comes from an earlier check. */
export interface ObjectLock {
  key: string;
  lockMode: LockMode;
  retainUntil?: Date;
  legalHold?: true;
  remembered?: boolean;
}
