import type { BlobStore } from '../storage/blob-store.js';
import { systemClock, type Clock } from '../util/clock.js';
import { cacheRoot } from '../ops/paths.js';
import { openStore, type OpenOptions } from './open-store.js';

/** The concrete things every front door needs: the clock, the cache folder, stores by URL. */
export interface HostContext {
  clock: Clock;
  cacheRoot: string;
  openStore(url: string, opts?: OpenOptions): Promise<BlobStore>;
}

export function defaultHost(): HostContext {
  return { clock: systemClock, cacheRoot: cacheRoot(), openStore };
}
