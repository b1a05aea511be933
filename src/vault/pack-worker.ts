/**
 * A pack worker: compresses and seals blobs into its own packs, off the main thread. The main
 * thread walks, reads, chunks and dedups; sending whole batches keeps thread hand-offs rare.
 * Buffers travel both ways: a batch's buffer and a stored pack's buffer come back to be reused.
 */
import { parentPort } from 'node:worker_threads';
import { PackCutter, type CutPack } from './pack-cutter.js';
import type { FromWorker, ToWorker } from './pack-messages.js';
import { collectYoung } from './young-gc.js';

const port = parentPort!;
let cutter: PackCutter | undefined;

/**
 * Packs sent and not given back yet, beyond which the worker waits for one before packing on. The
 * main thread, busy walking, gives pack buffers back late; the worker used to start a fresh
 * 16–21 MiB buffer meanwhile (nine in the bench's initial backup: ~36k page faults, ~100 MB of
 * RSS). Waiting here also holds back its 'batch-done', which is the main thread's backpressure.
 */
const MAX_OUT = 1;
let out = 0;
let returned: (() => void) | undefined;
/** Messages other than returns are handled one after another (a batch may wait for a return). */
let queue = Promise.resolve();

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function deliver(pack: CutPack): void {
  // The whole pack buffer moves to the main thread, which gives it back once the pack is stored.
  send({ kind: 'pack', ...pack }, 'bytes' in pack.body ? [pack.body.bytes.buffer as ArrayBuffer] : []);
  out++;
}

async function handle(m: Exclude<ToWorker, { kind: 'return' }>): Promise<void> {
  if (m.kind === 'init') {
    cutter = new PackCutter(m.recipients.map((r) => Buffer.from(r)), m.packSize, m.md5, m.staging);
    send({ kind: 'ready' });
  } else if (m.kind === 'batch') {
    let offset = 0;
    for (let i = 0; i < m.ids.length; i++) {
      const plain = Buffer.from(m.bytes, offset, m.lengths[i]!);
      offset += m.lengths[i]!;
      const done = cutter!.add(m.types[i]!, m.ids[i]!, plain);
      if (done) deliver(done);
      while (out > MAX_OUT) await new Promise<void>((resolve) => (returned = resolve));
    }
    // Packing copied every blob (sealed) into a pack buffer: nothing here still reads the batch.
    send({ kind: 'batch-done', bytes: m.bytes }, [m.bytes]);
    collectYoung(); // the batch's dead cipher outputs go now (young-gc.ts), not tens of MB later
  } else {
    for (const done of cutter!.flush()) deliver(done);
    send({ kind: 'flushed' });
  }
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'return') {
    if (m.buffer) cutter!.giveBack(m.buffer);
    out--;
    returned?.();
    returned = undefined;
    return;
  }
  queue = queue.then(() => handle(m)).catch((e: unknown) => send({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
});
