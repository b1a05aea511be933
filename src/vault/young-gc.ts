import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type: 'minor' | 'major' }) => void;

/**
 * V8's collector, reached without starting node with --expose-gc: the flag, set now, gives the
 * `gc` function to contexts made after it (jest's --logHeapUsage does the same). Undefined when
 * this node does not allow it; callers then do without.
 */
function exposedGc(): Gc | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Gc) : undefined;
  } catch {
    return undefined;
  }
}

let gc: Gc | undefined | null = null;

/**
 * A scavenge of this isolate's young generation, now. A restore worker's decrypted pieces and a
 * pack worker's sealed ones are fresh buffers (Node 20's Cipheriv/Decipheriv.update has no output
 * buffer to reuse, and for GCM allocates each output twice and copies it once) held by small young
 * objects: they were freed only when a scavenge came, after tens of MB of them, and glibc's arena
 * kept what they had grown it to (#14: ~30 MB of dead outputs per worker at the peak). One
 * scavenge per batch costs well under a millisecond: almost nothing in a batch survives it.
 */
export function collectYoung(): void {
  if (gc === null) gc = exposedGc();
  gc?.({ type: 'minor' });
}
