/**
 * A pack worker: compresses and seals blobs into its own packs, off the main thread. The main
 * thread walks, reads, chunks and dedups; sending whole batches keeps thread hand-offs rare.
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
  // Transfer only a buffer that owns its whole ArrayBuffer (never a slice of a shared pool).
  const own = pack.bytes.byteOffset === 0 && pack.bytes.buffer.byteLength === pack.bytes.length;
  send({ kind: 'pack', ...pack }, own ? [pack.bytes.buffer as ArrayBuffer] : []);
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
      send({ kind: 'batch-done' });
    } else {
      for (const done of cutter!.flush()) deliver(done);
      send({ kind: 'flushed' });
    }
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
