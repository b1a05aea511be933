import { basename } from 'node:path';
import type { SourceType } from '../source.js';
import { backupStream } from './backup-stream.js';

/** `stream:COMMAND`: what a command prints (pg_dump, terraform state pull), stored as one file. */
export const streamSource: SourceType = {
  kind: 'stream',
  usage: 'stream:COMMAND',
  opensAs: 'file',
  counted: 'output',
  defaultName: (locator) => basename(locator.trim().split(/\s+/)[0] ?? ''),
  normalize: (locator) => locator,
  backup: async (ctx, spec, opts) => ({ root: await backupStream(ctx, spec.name, spec.locator, opts.clock.now(), opts.streamIdleMs, opts.streamMostMs) }),
};
