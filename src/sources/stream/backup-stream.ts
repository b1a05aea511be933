import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { BackupContext } from '../blob-sink.js';
import { chunkStream } from '../chunk-stream.js';
import { encodeTree } from '../../vault/tree.js';
import { BulkheadError } from '../../util/errors.js';

const STDERR_KEPT = 2000;

/**
 * Stores the stdout of a shell command (pg_dump, terraform state pull) as one file named after the
 * source. A command that exits non-zero fails the source: a truncated dump must never look whole.
 * One that prints nothing for `idleMs` (a dump waiting on a lock someone holds) is killed and fails
 * the source, so the run goes on to the others and commits them.
 */
export async function backupStream(ctx: BackupContext, name: string, command: string, now: Date, idleMs = 0): Promise<string> {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEPT);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const blobs: string[] = [];
  let size = 0;
  let stalled = false;
  const output = idleMs > 0 ? untilSilent(child.stdout, idleMs, () => {
    stalled = true;
    child.kill('SIGKILL');
  }) : child.stdout;
  for await (const chunk of chunkStream(ctx.sink.chunker, output)) {
    size += chunk.length;
    blobs.push(await ctx.sink.add('data', chunk));
    ctx.progress({ phase: 'backup', done: ctx.stats.bytesRead + size, unit: 'bytes', detail: name });
  }
  if (stalled) throw new BulkheadError('SOURCE_FAILED', `stream source "${name}" (${command}) printed nothing for ${idleMs / 60_000} minutes and was stopped (is it waiting on a lock?); nothing was recorded for it. --stream-idle-timeout sets how long to wait`);
  const { code, signal, error } = await exited;
  if (error || code !== 0) {
    const why = error ? error.message : signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : '';
    throw new BulkheadError('SOURCE_FAILED', `stream source "${name}" (${command}) ${why}${tail}; nothing was recorded for it`);
  }
  ctx.stats.files++;
  ctx.stats.bytes += size;
  ctx.stats.bytesRead += size;
  const mtime = now.getTime() * 1000;
  return ctx.sink.add('tree', encodeTree({ entries: [{ name, kind: 'file', mode: 0o600, mtime, size, blobs }] }));
}

/**
 * The pieces of `input` until it is silent for `idleMs` while asked for more: then `onIdle` runs and
 * the output ends here. Only the wait for the command counts, not the time the vault takes to store
 * what it printed. A pipeline's other commands may keep the pipe open after the shell is killed, so
 * the stream is not waited on to end.
 */
async function* untilSilent(input: Readable, idleMs: number, onIdle: () => void): AsyncGenerator<Buffer> {
  const pieces = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<'silent'>((resolve) => (timer = setTimeout(() => resolve('silent'), idleMs)));
    const next = await Promise.race([pieces.next(), silent]).finally(() => clearTimeout(timer));
    if (next === 'silent') {
      onIdle();
      input.destroy();
      return;
    }
    if (next.done) return;
    yield next.value;
  }
}
