/**
 * A pack worker: compresses and seals blobs into its own packs, off the main thread. The main
 * thread walks, reads, chunks and dedups; sending whole batches keeps thread hand-offs rare.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { encodeBlob } from './blob-codec.js';
import { PackBuilder, type BlobType } from './pack.js';
import type { FromWorker, ToWorker } from './pack-messages.js';

const port = parentPort!;
let recipients: Buffer[] = [];
let packSize = 16 * 1024 * 1024;
const building: Record<BlobType, PackBuilder> = { data: new PackBuilder('data'), tree: new PackBuilder('tree') };

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function finish(type: BlobType): void {
  const pack = building[type];
  if (pack.count === 0) return;
  building[type] = new PackBuilder(type);
  const { id, bytes, entries } = pack.finish(recipients);
  // Transfer only a buffer that owns its whole ArrayBuffer (never a slice of a shared pool).
  const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
  const md5 = createHash('md5').update(bytes).digest('base64'); // for the S3 put, off the main thread
  send({ kind: 'pack', id, md5, bytes, entries }, own ? [bytes.buffer as ArrayBuffer] : []);
}

port.on('message', (m: ToWorker) => {
  try {
    if (m.kind === 'init') {
      recipients = m.recipients.map((r) => Buffer.from(r));
      packSize = m.packSize;
    } else if (m.kind === 'batch') {
      let offset = 0;
      for (let i = 0; i < m.ids.length; i++) {
        const plain = Buffer.from(m.bytes, offset, m.lengths[i]!);
        offset += m.lengths[i]!;
        const type = m.types[i]!;
        const { codec, body } = encodeBlob(plain);
        building[type].add(m.ids[i]!, codec, body, plain.length);
        if (building[type].size >= packSize) finish(type);
      }
      send({ kind: 'batch-done' });
    } else {
      finish('data');
      finish('tree');
      send({ kind: 'flushed' });
    }
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
