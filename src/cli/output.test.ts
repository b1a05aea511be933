import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../util/terminal-text.js';
import { printJsonList } from './output.js';

/** A pipe that takes `highWaterMark` bytes then waits a tick per write: write() says false, as a slow reader's does. */
function slowPipe(onWrite: () => void = () => {}): { out: Writable; text: () => string; waits: () => number } {
  const parts: Buffer[] = [];
  let waits = 0;
  const out = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      setImmediate(done);
    },
  });
  const write = out.write.bind(out);
  out.write = ((chunk: string) => {
    onWrite();
    const ok = write(chunk);
    if (!ok) waits++;
    return ok;
  }) as typeof out.write;
  return { out, text: () => Buffer.concat(parts).toString('utf8'), waits: () => waits };
}

const finished = (out: Writable) => new Promise<void>((resolve) => out.end(resolve));

describe('a JSON list written an item at a time', () => {
  it.each([
    ['no items', [], { latest: null }],
    ['items and nested fields', [{ id: 'a', sources: [{ name: 'x', stats: { files: 1 } }] }, { id: 'b\u2028"q"', sources: [] }], { latest: 'b', latestFor: { x: 'b' }, tampered: ['k: why'] }],
    ['no other fields', [1, 'two', null], {}],
    ['empty and control-character values', [{ e: [], o: {}, c: 'a\u0007\nb', deep: [[{ x: [1, [2]] }]] }], { rest: [[]], s: 'x\u001b' }],
  ])('is the same text as the whole value printed at once: %s', async (_what, items, rest) => {
    const { out, text } = slowPipe();
    await printJsonList('snapshots', items, rest, out);
    await finished(out);
    expect(text()).toBe(jsonText({ snapshots: items, ...rest }, 2) + '\n');
    expect(JSON.parse(text())).toEqual({ snapshots: items, ...rest });
  });

  it("waits for a slow reader instead of holding the whole text, and makes each item only when it is written", async () => {
    let made = 0;
    let madeAtFirstWrite: number | undefined;
    const { out, text, waits } = slowPipe(() => (madeAtFirstWrite ??= made));
    const big = 'x'.repeat(100_000);
    const items = (function* () {
      for (let i = 0; i < 60; i++) {
        made++;
        yield { i, big };
      }
    })();
    await printJsonList('rows', items, { n: 60 }, out);
    await finished(out);
    expect(made).toBe(60);
    expect(madeAtFirstWrite).toBeLessThan(20);
    expect(waits()).toBeGreaterThan(1);
    const parsed = JSON.parse(text()) as { rows: { i: number }[]; n: number };
    expect(parsed.rows.map((r) => r.i)).toEqual([...Array(60).keys()]);
    expect(parsed.n).toBe(60);
  });
});
