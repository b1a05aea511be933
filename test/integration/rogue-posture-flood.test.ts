import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { FileStore } from '../../src/storage/file-store.js';

const JUNK = 300;

/**
 * Round 5. A local vault's writer can create any file: 300 one-byte "snapshots" are 300 tampered
 * findings, and posture printed each (the summary line listed 300 codes), `snapshots` each, and the
 * console's Incident card showed the first six findings: all junk, the source that failed its
 * backup out of view. The first few are named, the rest counted, and every kind of finding stays
 * in view.
 */
describe('a flood of junk snapshots from a local writer', () => {
  it('posture and snapshots name the first few and count the rest; the real finding is still said', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    mkdirSync(join(ws.dir, 'app'));
    writeFileSync(join(ws.dir, 'app/config.yaml'), 'replicas: 3\n');
    const backup = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=dir:${join(ws.dir, 'app')}`, '--source', 'db=stream:false']);
    expect(backup.code).toBe(3); // db failed: posture's real finding
    const store = await FileStore.create(ws.store.slice('file://'.length));
    const lock = { retainUntil: new Date(Date.now() + 86_400_000) };
    for (let i = 0; i < JUNK; i++) await store.put(`snapshots/20260101T${String(Math.floor(i / 60)).padStart(4, '0')}${String(i % 60).padStart(2, '0')}Z-${randomBytes(8).toString('hex')}`, Buffer.from('x'), lock);

    const posture = await ws.here(ws.operator('posture'));
    expect(posture.code).not.toBe(0);
    const tamperedLines = posture.stdout.split('\n').filter((l) => /⚠ tampered: /.test(l));
    expect(tamperedLines).toHaveLength(20);
    expect(posture.stdout).toMatch(new RegExp(`⚠ and ${JUNK - 20} more tampered objects`));
    expect(posture.stdout).toMatch(/⚠ source db: the backup of db failed/);
    expect(posture.stderr.length).toBeLessThan(1000); // one line, not one per junk object
    const json = JSON.parse((await ws.here([...ws.operator('posture'), '--json'])).stdout) as { tampered: string[] };
    expect(json.tampered).toHaveLength(JUNK);

    const listed = await ws.hereOk(ws.operator('snapshots'));
    expect(listed.stdout.split('\n').filter((l) => l.startsWith('⚠ refused (tampered)'))).toHaveLength(20);
    expect(listed.stdout).toMatch(new RegExp(`⚠ and ${JUNK - 20} more refused as tampered \\(--json lists each\\)`));
  });
});
