import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStaging } from './staging.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('restore staging folders', () => {
  it('a new one removes what a dead restore left, never what a running one is writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'staging-'));
    dirs.push(dir);
    const dead = spawnSync('true').pid!; // exited: its staging folder is a leftover
    const alive = spawn('sleep', ['30']);
    try {
      for (const name of [`.p-${dead}-00ff00ff`, `.p-${alive.pid}-11aa11aa`, '.p-deadbeef', '.p-Ab3xYz', 'p-kept', '.q-1-00']) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'restored'), 'secret');
      }
      writeFileSync(join(dir, '.p-file'), 'not a folder: not ours');
      const staging = makeStaging(dir, '.p-');
      expect(staging).toMatch(new RegExp(`/\\.p-${process.pid}-[0-9a-f]{8}$`));
      expect(readdirSync(dir).sort()).toEqual([`.p-${alive.pid}-11aa11aa`, '.p-file', staging.split('/').pop(), '.q-1-00', 'p-kept'].sort());
    } finally {
      alive.kill();
    }
  });
});
