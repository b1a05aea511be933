import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo, sh } from '../helpers/git.js';

interface Snap {
  id: string;
  latest: boolean;
  anomalies: { source: string | null; message: string; kind?: string }[];
}

/**
 * The strike the counts do not see (each change under half of anything): a release branch
 * deleted, a tag moved, main force-pushed back three commits, then the next scheduled backup.
 * Real git, the real CLI (in this process), a local immutable vault.
 */
describe('a repository whose history was changed is flagged on the snapshot where it changed', () => {
  it('names the deleted branch, the moved tag and the force-push in snapshots --json and posture --json', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const repo = join(ws.dir, 'api');
    makeRepo(repo, 6);
    for (const b of ['release/1.4', 'release/1.5']) sh(repo, 'branch', b, 'HEAD~1');
    sh(repo, 'tag', 'v1.2.0', 'HEAD~2');
    const backup = () => ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${repo}`]);
    await backup();
    await backup(); // unchanged: the same manifest, nothing to compare

    sh(repo, 'branch', '-D', 'release/1.4');
    sh(repo, 'branch', '-D', 'feature'); // a topic branch: not news
    sh(repo, 'tag', '-f', 'v1.2.0', 'HEAD');
    sh(repo, 'reset', '-q', '--hard', 'HEAD~3');
    sh(repo, 'commit', '-q', '--allow-empty', '-m', 'history rewritten');
    await backup();
    await backup(); // the next scheduled run: whole, but the branch is still gone

    const { snapshots, latest } = await ws.hereJson<{ snapshots: Snap[]; latest: string }>(ws.operator('snapshots'));
    expect(snapshots).toHaveLength(4);
    const [first, same, strike, next] = snapshots as [Snap, Snap, Snap, Snap];
    expect(first.anomalies).toEqual([]);
    expect(same.anomalies).toEqual([]);
    expect(next.anomalies).toEqual([]);
    expect(strike.anomalies.map((a) => a.message)).toEqual([
      'api: main was rewritten: the backup agent recorded a force-push',
      'api: release/1.4 deleted',
      'api: tag v1.2.0 moved',
    ]);
    expect(strike.anomalies.every((a) => a.source === 'api' && a.kind === 'history')).toBe(true);
    expect(latest).toBe(next.id); // the run after is whole: "latest" moves on, the strike stays marked

    const posture = await ws.here([...ws.operator('posture'), '--json']);
    const findings = (JSON.parse(posture.stdout) as { findings: { code: string; message: string }[] }).findings.filter((f) => f.code === 'anomalous-snapshot');
    expect(findings).toHaveLength(1); // it stands past the next whole backup (for a week of them)
    expect(findings[0]!.message).toContain(strike.id);
    for (const said of ['main was rewritten', 'release/1.4 deleted', 'tag v1.2.0 moved']) expect(findings[0]!.message).toContain(said);
  }, 120_000);
});
