import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliWorkspace } from '../helpers/cli.js';
import { backup } from '../../src/ops/backup/backup.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { DAY_MS, fixedClock } from '../../src/util/clock.js';

interface Listed {
  id: string;
  key?: string;
  at: string;
  storedAt: string;
  latest: boolean;
  warnings: string[];
}

interface Posture {
  staleSources: { name: string; newest: string; ageHours: number }[];
  untrustedSnapshots: string[];
  findings: { code: string; message: string }[];
}

/** About two seconds: the honest snapshot is older than that when posture looks. */
const RPO_HOURS = 0.0005;
const FUTURE = /dated .* in the future, later than this machine's clock \(.*\): a wrong clock or a forged time/;

/**
 * On S3 the server's write time bounds a snapshot's claimed time (rogue-snapshots). On a local
 * vault the agent owns the files it creates, so it sets that time too: a snapshot signed 30 days
 * ahead, its file's mtime set to match, was unwarned, became `latest` (restore latest:cfg gave back
 * its backdoored file) and kept the source fresh for a month after the agent stopped backing up.
 */
describe('a snapshot a hijacked agent dates 30 days ahead on a local vault, its file time set to match', () => {
  it('is warned, never latest, untrusted in posture, and the source goes stale', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'etc');
    mkdirSync(live);
    writeFileSync(join(live, 'a.txt'), 'honest\n');
    const honest = await ws.hereJson<{ snapshot: string }>(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${live}`]);
    const honestAt = Date.now();

    // the hijacked agent: its writer credential, its own clock, and the file it just created
    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')), 'writer.json');
    const store = await FileStore.open(ws.store.slice('file://'.length));
    const ahead = new Date(Date.now() + 30 * DAY_MS);
    writeFileSync(join(live, 'a.txt'), 'backdoored\n');
    const forged = await backup({ store, credential, sources: [parseSourceSpec(`cfg=dir:${live}`), parseSourceSpec(`extra=dir:${live}`)], excludes: [], tags: [], clock: fixedClock(ahead), cacheRoot: join(ws.dir, 'agent-cache') });
    const [file] = (await store.list('snapshots/')).filter((o) => o.key.endsWith(forged.snapshot));
    utimesSync(join(ws.store.slice('file://'.length), file!.key), ahead, ahead);

    const { snapshots } = await ws.hereJson<{ snapshots: Listed[] }>(ws.operator('snapshots'));
    const future = snapshots.find((s) => s.id === forged.snapshot)!;
    expect(Math.abs(Date.parse(future.storedAt) - ahead.getTime())).toBeLessThan(1000); // the forged file time, taken as given
    expect(future.warnings).toEqual([expect.stringMatching(FUTURE)]);
    expect(snapshots.find((s) => s.latest)!.id).toBe(honest.snapshot);
    expect((await ws.hereOk(ws.operator('snapshots'))).stdout).toMatch(new RegExp(`${forged.snapshot}[^\\n]*⚠ dated [^\\n]* in the future`));

    const restored = await ws.hereOk(ws.operator('restore', 'latest:cfg', '--target', 'out'));
    expect(readFileSync(join(ws.dir, 'out', 'a.txt'), 'utf8')).toBe('honest\n');
    expect(restored.stderr).toMatch(new RegExp(`"latest" is ${honest.snapshot} .*passed over 1 newer snapshot`));

    await sleep(Math.max(0, honestAt + RPO_HOURS * 3_600_000 + 200 - Date.now()));
    const checked = await ws.here([...ws.operator('posture'), '--json', '--rpo-hours', String(RPO_HOURS)]);
    const report = JSON.parse(checked.stdout) as Posture;
    // cfg is aged by the honest snapshot; extra, which only the forged one holds, has no age at all: stale too
    expect(report.staleSources).toEqual([
      expect.objectContaining({ name: 'cfg', newest: snapshots.find((s) => s.id === honest.snapshot)!.at }),
      expect.objectContaining({ name: 'extra', newest: future.at, ageHours: expect.toSatisfy((h: number) => h < -29 * 24) }),
    ]);
    expect(report.findings.filter((f) => f.code === 'stale-source').map((f) => f.message)).toEqual([
      expect.stringMatching(/^source cfg: newest snapshot [\d.]+ h old/),
      expect.stringMatching(/^source extra: newest snapshot dated 7\d\d(\.\d)? h in the future, of no known age \(RPO/),
    ]);
    expect(report.untrustedSnapshots).toEqual([expect.stringMatching(new RegExp(`^${forged.snapshot} .*${FUTURE.source}`))]);
    expect(report.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['stale-source', 'untrusted-snapshot']));
  });
});
