import { formatBytes } from '../util/bytes.js';
import { jsonText, oneLine, terminalSafe } from '../util/terminal-text.js';

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
  let chunk = `{\n  ${JSON.stringify(key)}: [`;
  let first = true;
  for (const item of items) {
    chunk += `${first ? '' : ','}\n    ${nestedJson(item, 2)}`;
    first = false;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      chunk = '';
    }
  }
  chunk += first ? ']' : '\n  ]';
  for (const [k, v] of Object.entries(rest)) chunk += `,\n  ${JSON.stringify(k)}: ${nestedJson(v, 1)}`;
  out.write(`${chunk}\n}\n`);
}

/**
 * `value`'s JSON as it reads `depth` levels deep in a text indented by two: made so by JSON.stringify
 * itself (the value wrapped in `depth` arrays, which are cut off again), not by indenting each line
 * after: that second pass was a third of what `snapshots --json` of a year of hourly backups allocated.
 */
function nestedJson(value: unknown, depth: number): string {
  let wrapped = value;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const text = jsonText(wrapped, 2);
  // level k (1…depth) adds "[\n" and 2k spaces before the value, "\n", 2(k-1) spaces and "]" after it
  return text.slice(depth * (depth + 3), text.length - depth * (depth + 1));
}

/** A line for the operator on stdout; what a vault's writer chose cannot drive the terminal. */
export const say = (line = ''): void => {
  process.stdout.write(terminalSafe(line) + '\n');
};

/** The same on stderr: notices, warnings, what was refused. */
export const sayErr = (line: string): void => {
  process.stderr.write(terminalSafe(line) + '\n');
};

/** Left-aligned columns, widths from the content; numbers stay as given. A cell is one line (a writer's tag or name with a line break would start a row of its own). */
export function table(header: string[], cellRows: string[][]): string {
  const rows = cellRows.map((r) => r.map(oneLine));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const bytes = formatBytes;

export const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
