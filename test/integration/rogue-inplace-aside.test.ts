// Red team 4 (R4-5): a forged snapshot holding `.bulkhead-replaced-<T>/conf -> OUTSIDE` for each second T of a window
// made an in-place restore ("Restore all of this" = replace) move the replaced live file through that symlink,
// outside the live folder, and say it was moved aside. The aside folder is now unpredictable and made exclusively,
// a snapshot entry named like it is refused in the plan, and the job's words are read back.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { planSelection } from '../../src/ops/restore/selection-plan.js';
import { restoreSelection, type ItemVerification } from '../../src/ops/restore/selection-restore.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { makeRepo, sh } from '../helpers/git.js';
import { systemClock } from '../../src/util/clock.js';
import { runSelection } from '../../src/ops/restore/selection-restore.js';

const stamp = (d: Date) => `.bulkhead-replaced-${d.toISOString().replace(/[-:]|\.\d+/g, '')}`;

describe('rogue in-place aside folder planted by the snapshot', () => {
  it('never moves a replaced live file through a folder or link the writer chose', async () => {
    const v = await makeVault();
    const live = tempDir();
    const outside = tempDir('rogue-aside-outside-'); // stands for /etc/cron.d, ~/.config/autostart…
    mkdirSync(join(live, 'conf'));
    writeFileSync(join(live, 'conf/app.ini'), 'password = genuine\n');
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${live}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    writeFileSync(join(live, 'conf/app.ini'), 'password = live-now\n'); // the incident
    // The hijacked writer signs the real content plus a trap folder per second around now, and the staging prefix too.
    const rogue = await RogueWriter.open(v.store, v.writer);
    const now = Date.now();
    const traps = [await rogue.dir('.bulkhead-restore-1-00', [rogue.link('conf', outside)])];
    for (let s = -5; s < 60; s++) traps.push(await rogue.dir(stamp(new Date(now + s * 1000)), [rogue.link('conf', outside)]));
    const conf = await rogue.dir('conf', [await rogue.file('app.ini', 'password = genuine\n')]);
    const entries = [...traps, conf].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    const snap = await rogue.snapshot([{ name: 'cfg', locator: live, root: await rogue.tree(entries) }]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);

    const plan = await planSelection(reader, snap, ['cfg'], '.', 'replace', [live]);
    const item = plan.items[0]!;
    const checks: ItemVerification[] = [];
    const error = await restoreSelection(reader, plan, { verified: (c) => checks.push(c) }).then(() => null, (e: Error) => e.message);
    expect(readdirSync(outside)).toEqual([]);
    expect(error).toBeNull();
    // The dry run named the refused entries first; none of them was among the writes.
    expect(item.writes[0]).toMatch(/^\.bulkhead-replaced-\d{8}T\d{6}Z: not restored: named like Bulkhead's own aside or staging folders \(a snapshot's writer chose that name\); restore it into a folder to see it$/);
    expect(item.writes.filter((w) => /named like Bulkhead's own/.test(w))).toHaveLength(21);
    expect(item.writes).toContain(`${traps.length - 20} more entries named like Bulkhead's own aside or staging folders: not restored`);
    expect(item.writes.some((w) => /^\.bulkhead-(replaced|restore)-[^:]*\/conf: not there now/.test(w))).toBe(false);
    expect(item.replaced).toEqual(['conf/app.ini']);
    expect(checks[0]!.detail).toMatch(new RegExp(`${traps.length} named like Bulkhead's own aside or staging folders not restored`));
    expect(readFileSync(join(live, 'conf/app.ini'), 'utf8')).toBe('password = genuine\n');
    // No trap folder was made; the one aside folder is the restore's own, and holds the copy where the job says.
    const ours = readdirSync(live).filter((n) => n.startsWith('.bulkhead-'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/^\.bulkhead-replaced-\d{8}T\d{6}Z-[0-9a-f]{16}$/);
    expect(lstatSync(join(live, ours[0]!)).mode & 0o777).toBe(0o700);
    const said = /the current copies moved to (\S+?);/.exec(checks[0]!.detail)?.[1];
    expect(said).toBe(join(live, ours[0]!));
    expect(readFileSync(join(said!, 'conf/app.ini'), 'utf8')).toBe('password = live-now\n');
    expect(lstatSync(join(said!, 'conf')).isDirectory()).toBe(true);
  }, 120_000);

  it('a file at a ref put back in the working copy: a path named like the aside folder is refused, the copy moved where the job says', async () => {
    const v = await makeVault();
    const live = tempDir();
    const outside = tempDir('rogue-aside-outside-');
    makeRepo(live, 3);
    mkdirSync(join(live, 'deploy/.bulkhead-replaced-20261203T174732Z'), { recursive: true });
    writeFileSync(join(live, 'deploy/prod.yml'), 'replicas: 3\n');
    symlinkSync(outside, join(live, 'deploy/.bulkhead-replaced-20261203T174732Z/deploy'));
    sh(live, 'add', '-A');
    sh(live, 'commit', '-qm', 'deploy, with a trap an agent committed');
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`api=git:${live}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, tempDir());
    const snapshot = (await reader.snapshots()).snapshots[0]!.id;
    writeFileSync(join(live, 'deploy/prod.yml'), 'replicas: 0\n');
    sh(live, 'rm', '-rq', 'deploy/.bulkhead-replaced-20261203T174732Z');

    const plan = await planSelection(reader, snapshot, ['api/refs/refs/heads/main/deploy'], '.', 'replace', ['/']);
    expect(plan.blocked).toEqual([]);
    expect(plan.items[0]!.writes[0]).toMatch(/^deploy\/\.bulkhead-replaced-20261203T174732Z: not restored: named like Bulkhead's own/);
    const run = await runSelection(reader, plan);
    expect(run.items.map((i) => i.ok)).toEqual([true]);
    expect(existsSync(join(live, 'deploy/.bulkhead-replaced-20261203T174732Z'))).toBe(false);
    expect(readdirSync(outside)).toEqual([]);
    const said = /the current copies moved to (\S+?);/.exec(run.items[0]!.detail)?.[1];
    expect(said).toMatch(/\/\.bulkhead-replaced-\d{8}T\d{6}Z-[0-9a-f]{16}$/);
    expect(readFileSync(join(said!, 'deploy/prod.yml'), 'utf8')).toBe('replicas: 0\n');
    expect(readFileSync(join(live, 'deploy/prod.yml'), 'utf8')).toBe('replicas: 3\n');
    reader.close();
  }, 120_000);
});
