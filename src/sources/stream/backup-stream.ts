import { spawn } from 'node:child_process';
import type { BackupContext } from '../blob-sink.js';
import { chunkStream } from '../chunk-stream.js';
import { encodeTree } from '../../vault/tree.js';
import { BulkheadError } from '../../util/errors.js';

const STDERR_KEPT = 2000;

/**
 * Stores the stdout of a shell command (pg_dump, terraform state pull) as one file named after the
 * source. A command that exits non-zero fails the source: a truncated dump must never look whole.
 */
export async function backupStream(ctx: BackupContext, name: string, command: string, now: Date): Promise<string> {
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
  for await (const chunk of chunkStream(ctx.sink.chunker, child.stdout)) {
    size += chunk.length;
    blobs.push(await ctx.sink.add('data', chunk));
    ctx.progress({ phase: 'backup', done: ctx.stats.bytesRead + size, unit: 'bytes', detail: name });
  }
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
