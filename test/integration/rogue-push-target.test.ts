import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVault } from '../helpers/vault.js';
import { sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { planSelection } from '../../src/ops/restore/selection-plan.js';
import { runSelection } from '../../src/ops/restore/selection-restore.js';

/** The product's own backup, with git told (as the agent's environment can) to fetch `from` whenever `url` is asked. */
async function backupAs(v: Awaited<ReturnType<typeof makeVault>>, spec: string, url: string, from: string): Promise<string> {
  const env = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.${from}.insteadOf`, GIT_CONFIG_VALUE_0: url };
  Object.assign(process.env, env);
  try {
    return (await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(spec)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot })).snapshot;
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

/**
 * Where the console pushes a ref or a pipeline back is the address the snapshot recorded: its
 * writer's word. A hijacked agent records a repository it never backed up (one the operator may
 * push to) with commits of its own; the live side lacks its refs, so they read as "deleted", and
 * "Restore all of this" would plant them there (a branch whose workflow runs with that
 * repository's secrets). A live repository that shares no commit with the snapshot's copy is refused.
 */
describe('a hijacked agent records another repository as where its source lives', () => {
  it('the console pushes nothing into a repository that shares no history with the snapshot; the one backed up still takes its refs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-push-target-'));
    const [victim, evil] = [join(dir, 'victim.git'), join(dir, 'evil.git')];
    initBare(victim);
    initBare(evil);
    fastImport(victim, [{ ref: 'refs/heads/main', files: { 'README.md': 'victim\n' } }]);
    fastImport(evil, [{ ref: 'refs/heads/deploy-now', files: { '.github/workflows/x.yml': 'on: push\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: env }] } }\n' } }]);
    const v = await makeVault();
    const forged = await backupAs(v, `tools=git:${victim}`, victim, evil);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);

    const diff = await diffSnapshots(reader, forged, 'live');
    expect((diff.sources[0]!.changes as { type: string; ref?: string }[]).find((c) => c.type === 'ref-deleted')?.ref).toBe('refs/heads/deploy-now');
    const plan = await planSelection(reader, forged, ['tools/refs/refs/heads/deploy-now', 'tools/pipelines/.github/workflows/x.yml'], dir);
    expect(plan.blocked).toEqual([]);
    const out = await runSelection(reader, plan);
    expect(out.items.map((i) => [i.ok, i.error?.code])).toEqual([[false, 'UNTRUSTED_SOURCE'], [false, 'UNTRUSTED_SOURCE']]);
    expect(out.items[0]!.detail).toMatch(/victim\.git shares no commit with the snapshot's copy of tools: it is not the repository that was backed up/);
    expect(sh(victim, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');

    // The repository it was backed up from, moved on since and a branch deleted: the branch goes back.
    const good = await backupAs(v, `real=git:${evil}`, 'unused://', 'unused://');
    fastImport(evil, [{ ref: 'refs/heads/main', from: 'refs/heads/deploy-now^0', files: { 'README.md': 'later\n' } }]);
    sh(evil, 'update-ref', '-d', 'refs/heads/deploy-now');
    const later = await openVault(v.store, v.identity, v.cacheRoot);
    const back = await runSelection(later, await planSelection(later, good, ['real/refs/refs/heads/deploy-now'], dir));
    expect(back.items.map((i) => [i.ok, i.detail])).toEqual([[true, expect.stringMatching(/^refs\/heads\/deploy-now is at/)]]);
    expect(sh(evil, 'for-each-ref', '--format=%(refname)').split('\n').sort()).toEqual(['refs/heads/deploy-now', 'refs/heads/main']);
  });
});
