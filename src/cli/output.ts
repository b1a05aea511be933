import { formatBytes } from '../util/bytes.js';
import { jsonText, terminalSafe } from '../util/terminal-text.js';

/**
 * `bulkhead ls … | head`: once the reader has gone, the rest of the output has nowhere to go. Stop
 * quietly (exit 0, as the shell's own tools do under `head`) instead of a stack trace for EPIPE.
 */
const guarded = new WeakSet<NodeJS.WriteStream>();
export function quietOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export const printJson = (value: unknown): void => {
  process.stdout.write(jsonText(value, 2) + '\n');
};

/**
 * `printJson({ [key]: items, ...rest })`, the same text, written an item at a time with the pipe's
 * backpressure: `snapshots --json` of a writer of 1,000 repositories is ~450 KB a snapshot, past
 * V8's longest string (512 MiB) after ~1,100 snapshots as one text, and held whole in memory
 * when the reader is slower than the writer.
 */
export async function printJsonList(key: string, items: Iterable<unknown>, rest: Record<string, unknown>, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const indented = (v: unknown, by: string) => jsonText(v, 2).replace(/\n/g, `\n${by}`);
  let chunk = `{\n  ${JSON.stringify(key)}: [`;
  let first = true;
  for (const item of items) {
    chunk += `${first ? '' : ','}\n    ${indented(item, '    ')}`;
    first = false;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      chunk = '';
    }
  }
  chunk += first ? ']' : '\n  ]';
  for (const [k, v] of Object.entries(rest)) chunk += `,\n  ${JSON.stringify(k)}: ${indented(v, '  ')}`;
  out.write(`${chunk}\n}\n`);
}

/** A line for the operator on stdout; what a vault's writer chose cannot drive the terminal. */
export const say = (line = ''): void => {
  process.stdout.write(terminalSafe(line) + '\n');
};

/** The same on stderr: notices, warnings, what was refused. */
export const sayErr = (line: string): void => {
  process.stderr.write(terminalSafe(line) + '\n');
};

/** Left-aligned columns, widths from the content; numbers stay as given. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const bytes = formatBytes;

export const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
