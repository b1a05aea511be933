import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { startWorker } from './start-worker.js';
import type { FromWorker, PackMessage, ToWorker } from './pack-messages.js';

const MiB = 1024 * 1024;
const recipient = (): Buffer => Buffer.from(generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));

describe('pack worker', () => {
  it('holds at most two packs the main thread has not given back, then waits before packing on (its pack buffers stay few)', async () => {
    const worker = startWorker('pack-worker');
    const inbox: FromWorker[] = [];
    let wake = () => {};
    worker.on('message', (m: FromWorker) => {
      inbox.push(m);
      wake();
    });
    /** The next message, or undefined when none comes within `ms`. */
    const within = async (ms = 60_000): Promise<FromWorker | undefined> => {
      const until = Date.now() + ms;
      while (inbox.length === 0 && Date.now() < until) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, until - Date.now())));
      return inbox.shift();
    };
    const take = async () => (await within())!;
    const post = (m: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
    const bufferOf = (p: PackMessage) => ('bytes' in p.body ? (p.body.bytes.buffer as ArrayBuffer) : undefined)!;
    const giveBack = (p: PackMessage) => post({ kind: 'return', buffer: bufferOf(p) }, [bufferOf(p)]);
    try {
      post({ kind: 'init', recipients: [recipient()], packSize: MiB, md5: false });
      expect((await take()).kind).toBe('ready');
      // Six random 1 MiB blobs: each fills a 1 MiB pack.
      const bytes = randomBytes(6 * MiB);
      const batch = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      post({ kind: 'batch', ids: [0, 1, 2, 3, 4, 5].map((i) => `blob-${i}`), types: Array<'data'>(6).fill('data'), lengths: Array<number>(6).fill(MiB), bytes: batch }, [batch]);
      const first = (await take()) as PackMessage;
      const second = (await take()) as PackMessage;
      expect([first.kind, second.kind]).toEqual(['pack', 'pack']);
      expect(await within(300)).toBeUndefined(); // no third pack, and the batch is not done
      giveBack(first);
      const third = (await take()) as PackMessage;
      expect(third.kind).toBe('pack'); // one back, one more out
      // Given back as they come, the rest follows: the batch done, the open pack at the flush.
      giveBack(second);
      giveBack(third);
      post({ kind: 'flush' });
      const rest: string[] = [];
      while (!rest.includes('flushed')) {
        const m = await take();
        if (m.kind === 'pack') giveBack(m);
        rest.push(m.kind);
      }
      expect(rest.filter((k) => k === 'pack')).toHaveLength(3);
      expect(rest).toContain('batch-done');
    } finally {
      await worker.terminate();
    }
  });
});
