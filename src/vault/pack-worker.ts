/**
 * A pack worker: compresses and seals blobs into its own packs, off the main thread. The main
 * thread walks, reads, chunks and dedups; sending whole batches keeps thread hand-offs rare.
 * Buffers travel both ways: a batch's buffer and a stored pack's buffer come back to be reused.
 */
import { parentPort } from 'node:worker_threads';
import { PackCutter, type CutPack } from './pack-cutter.js';
import type { FromWorker, ToWorker } from './pack-messages.js';

const port = parentPort!;
let cutter: PackCutter | undefined;

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function deliver(pack: CutPack): void {
  // The whole pack buffer moves to the main thread, which gives it back once the pack is stored.
  send({ kind: 'pack', ...pack }, [pack.bytes.buffer as ArrayBuffer]);
}

port.on('message', (m: ToWorker) => {
  try {
    if (m.kind === 'init') {
      cutter = new PackCutter(m.recipients.map((r) => Buffer.from(r)), m.packSize, m.md5);
      send({ kind: 'ready' });
    } else if (m.kind === 'batch') {
      let offset = 0;
      for (let i = 0; i < m.ids.length; i++) {
        const plain = Buffer.from(m.bytes, offset, m.lengths[i]!);
        offset += m.lengths[i]!;
        const done = cutter!.add(m.types[i]!, m.ids[i]!, plain);
        if (done) deliver(done);
      }
      // Packing copied every blob (sealed) into a pack buffer: nothing here still reads the batch.
      send({ kind: 'batch-done', bytes: m.bytes }, [m.bytes]);
    } else if (m.kind === 'return') {
      cutter!.giveBack(m.buffer);
    } else {
      for (const done of cutter!.flush()) deliver(done);
      send({ kind: 'flushed' });
    }
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
