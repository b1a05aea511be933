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
 * One that prints nothing for `idleMs` (a dump waiting on a lock someone holds), or still prints
 * after `mostMs` (one that never ends: a log it follows, a file someone appends to as it is read),
 * is killed and fails the source, so the run goes on to the others and commits them.
 */
export async function backupStream(ctx: BackupContext, name: string, command: string, now: Date, idleMs = 0, mostMs = 0): Promise<string> {
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
  let stopped: 'silent' | 'too long' | undefined;
  const output = idleMs > 0 || mostMs > 0 ? untilStopped(child.stdout, idleMs, mostMs, (why) => {
    stopped = why;
    child.kill('SIGKILL');
  }) : child.stdout;
  for await (const chunk of chunkStream(ctx.sink.chunker, output)) {
    size += chunk.length;
    blobs.push(await ctx.sink.add('data', chunk));
    ctx.progress({ phase: 'backup', done: ctx.stats.bytesRead + size, unit: 'bytes', detail: name });
  }
  if (stopped === 'silent') throw new BulkheadError('SOURCE_FAILED', `stream source "${name}" (${command}) printed nothing for ${idleMs / 60_000} minutes and was stopped (is it waiting on a lock?); nothing was recorded for it. --stream-idle-timeout sets how long to wait`);
  if (stopped === 'too long') throw new BulkheadError('SOURCE_FAILED', `stream source "${name}" (${command}) was still printing after ${mostMs / 60_000} minutes (${size} bytes) and was stopped (does it ever end?); nothing was recorded for it. --stream-timeout sets how long it may take`);
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
 * The pieces of `input` until it is silent for `idleMs` while asked for more, or `mostMs` after it
 * started (0: no such limit): then `onStop` runs and the output ends here. For silence only the wait
 * for the command counts, not the time the vault takes to store what it printed. A pipeline's other
 * commands may keep the pipe open after the shell is killed, so the stream is not waited on to end.
 */
async function* untilStopped(input: Readable, idleMs: number, mostMs: number, onStop: (why: 'silent' | 'too long') => void): AsyncGenerator<Buffer> {
  const pieces = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let deadline: NodeJS.Timeout | undefined;
  const tooLong = new Promise<'too long'>((resolve) => {
    if (mostMs > 0) deadline = setTimeout(() => resolve('too long'), mostMs);
  });
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const silent = new Promise<'silent'>((resolve) => {
        if (idleMs > 0) timer = setTimeout(() => resolve('silent'), idleMs);
      });
      const next = await Promise.race([pieces.next(), silent, tooLong]).finally(() => clearTimeout(timer));
      if (next === 'silent' || next === 'too long') {
        onStop(next);
        input.destroy();
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(deadline);
  }
}
