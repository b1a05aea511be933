import { describe, expect, it } from 'vitest';
import { CliWorkspace } from '../helpers/cli.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { READ_TOKEN, WRITE_TOKEN } from '../forges/github/emulator.js';
import { branches } from '../forges/github/routes-repos.js';

interface Report {
  passed: boolean;
  sandbox: string;
  steps: { source: string; kind: string; ok: boolean; detail: string; items: number }[];
  reasons: string[];
}

/** Issue 16: the org-wipe drill recreates a GitHub organisation's repositories in a scratch organisation and reads them back. */
describe('drill org-wipe: a GitHub source restored into a scratch organisation', () => {
  const org = emulatedOrg(4); // svc-02 a fork (not backed up without ?forks=1), svc-03 archived

  it('recreates every repository with its context in the sandbox organisation, verifies it and leaves production alone', async () => {
    const emu = org.emu();
    const scratch = { login: 'acme-drill', id: emu.world.id(), type: 'Organization' as const, members: [], teams: [], variables: [], secrets: [], rulesets: [], hooks: [] };
    emu.world.accounts.set('acme-drill', scratch);
    const ws = new CliWorkspace(undefined, { GITHUB_TOKEN: READ_TOKEN, BULKHEAD_GITHUB_WRITE_INTERVAL_MS: '0' });
    await ws.setupQuick();
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=github:acme?url=${emu.url}`]);
    const production = emu.world.reposOf('acme').filter((r) => !r.fork).map((r) => [r.name, branches(r)]);
    const drill = (...more: string[]) => ['drill', 'run', 'org-wipe', '--store', ws.store, '--identity', 'id.json', '--containment-confirmed', '--json', ...more];

    // Without a sandbox organisation the step fails and says what to give; production is never the target.
    const none = await ws.here(drill());
    expect(none.code, none.stderr).not.toBe(0);
    expect((JSON.parse(none.stdout) as Report).reasons.join()).toMatch(/--sandbox-org/);
    ws.env.BULKHEAD_SANDBOX_TOKEN = WRITE_TOKEN;
    const self = JSON.parse((await ws.here(drill('--sandbox-org', 'acme', '--sandbox-url', emu.url))).stdout) as Report;
    expect(self.reasons.join()).toMatch(/never restores into production/);

    const r = await ws.here(drill('--sandbox-org', 'acme-drill', '--sandbox-url', emu.url));
    expect(JSON.parse(r.stdout).reasons).toEqual([]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.passed).toBe(true);
    expect(report.sandbox).toMatch(/forge sandbox acme-drill at http/);
    expect(report.steps.map((s) => [s.source, s.kind, s.ok, s.items])).toEqual([['acme', 'github', true, 3]]);
    expect(report.steps[0]!.detail).toMatch(/^3 repositories recreated in acme-drill and read back equal to the snapshot .*git refs pushed and verified, with Actions disabled first.*not drilled: /);

    // Read back independently: the same refs, protections, environments, variables and labels; no
    // collaborators, team access, webhooks or deploy keys (they would reach outside the sandbox).
    const drilled = emu.world.reposOf('acme-drill');
    expect(drilled.map((d) => [d.name, branches(d)])).toEqual(production);
    for (const d of drilled) {
      const p = emu.world.repo('acme', d.name)!;
      expect([...d.protections.keys()].sort()).toEqual([...p.protections.keys()].sort());
      expect(d.environments.map((e) => e.name).sort()).toEqual(p.environments.map((e) => e.name).sort());
      expect(d.variables.map((v) => [v.name, v.value])).toEqual(p.variables.map((v) => [v.name, v.value]));
      expect(d.labels.map((l) => l.name).sort()).toEqual(p.labels.map((l) => l.name).sort());
      expect([d.collaborators.size, d.teams.size, d.hooks.length, d.keys.length]).toEqual([0, 0, 0, 0]);
      expect(d.actionsPermissions.enabled).toBe(false); // no workflow of the restored code ran in the sandbox
    }
    expect(emu.world.reposOf('acme').filter((r) => !r.fork).map((r) => [r.name, branches(r)])).toEqual(production);
    expect(drilled.map((d) => d.archived)).toEqual([false, false, true]);

    // A second drill into the same (no longer empty) organisation is refused: it never restores over anything.
    const again = JSON.parse((await ws.here(drill('--sandbox-org', 'acme-drill', '--sandbox-url', emu.url))).stdout) as Report;
    expect(again.passed).toBe(false);
    expect(again.reasons.join()).toMatch(/acme-drill is not empty \(3 repositories\)/);
  });
});
