import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CliWorkspace } from '../helpers/cli.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { READ_TOKEN, WRITE_TOKEN } from '../forges/gitlab/emulator.js';
import type { Group, World } from '../forges/gitlab/state.js';

interface Report {
  passed: boolean;
  sandbox: string;
  steps: { source: string; kind: string; ok: boolean; detail: string; items: number }[];
  reasons: string[];
}

/** A scratch group made by hand (as an operator would), with none of production's context. */
function scratchGroup(world: World, path: string, parent: Group | null): Group {
  const g: Group = { id: world.id(), name: path, path, parent_id: parent?.id ?? null, description: 'drill sandbox', visibility: 'private', created_at: world.time, variables: [], members: [], hooks: [], runners: [], labels: [], milestones: [], deployTokens: [] };
  world.groups.set(g.id, g);
  return g;
}

// Not execFileSync: the emulator answers from this process, so a blocking call would wait for itself.
const heads = async (url: string) => (await promisify(execFile)('git', ['ls-remote', url], { encoding: 'utf8' })).stdout.trim().split('\n').filter((l) => !l.endsWith('HEAD')).map((l) => l.replace(/\s+/, ' ')).sort();

/** Issue 17: the group-wipe drill recreates a GitLab group's projects in a scratch group and reads them back. */
describe('drill group-wipe: a GitLab source restored into a scratch group', () => {
  const group = emulatedGroup(4); // acme/svc-00, acme/platform/svc-01, acme/platform/data/svc-02, acme/web/svc-03

  it('recreates every project with its CI/CD context in the sandbox group, with CI off, and verifies it', async () => {
    const emu = group.emu();
    const ws = new CliWorkspace(undefined, { GITLAB_TOKEN: READ_TOKEN });
    await ws.setupQuick();
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=gitlab:acme?url=${emu.url}`]);
    const drill = (...more: string[]) => ['drill', 'run', 'group-wipe', '--store', ws.store, '--identity', 'id.json', '--containment-confirmed', '--json', ...more];
    ws.env.BULKHEAD_SANDBOX_TOKEN = WRITE_TOKEN;

    // The operator makes the scratch group; its subgroups too (Bulkhead does not create groups), and the drill says which.
    const top = scratchGroup(emu.world, 'acme-drill', null);
    const half = JSON.parse((await ws.here(drill('--sandbox-org', 'acme-drill', '--sandbox-url', emu.url))).stdout) as Report;
    expect(half.reasons.join()).toMatch(/create these groups in the sandbox first \(Bulkhead does not create groups\): acme-drill\/platform, acme-drill\/platform\/data, acme-drill\/web/);
    const platform = scratchGroup(emu.world, 'platform', top);
    scratchGroup(emu.world, 'data', platform);
    scratchGroup(emu.world, 'web', top);
    const inside = JSON.parse((await ws.here(drill('--sandbox-org', 'acme/web', '--sandbox-url', emu.url))).stdout) as Report;
    expect(inside.reasons.join()).toMatch(/never restores into production/);

    const r = await ws.here(drill('--sandbox-org', 'acme-drill', '--sandbox-url', emu.url));
    const report = JSON.parse(r.stdout) as Report;
    expect(report.reasons).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.source, s.kind, s.ok, s.items])).toEqual([['acme', 'gitlab', true, 4]]);
    expect(report.steps[0]!.detail).toMatch(/^4 projects recreated in acme-drill and read back equal to the snapshot .*git refs pushed and verified.*not drilled: /);

    // Read back independently: refs, variables with their values, protected branches; CI off; nothing that reaches outside.
    for (const name of ['svc-00', 'platform/svc-01', 'platform/data/svc-02', 'web/svc-03']) {
      expect(await heads(`${emu.url}/acme-drill/${name}.git`)).toEqual(await heads(`${emu.url}/acme/${name}.git`));
    }
    const projects = [...emu.world.projects.values()];
    const byPath = (ns: number, path: string) => projects.find((p) => p.namespace_id === ns && p.path === path)!;
    const [prod, copy] = [byPath([...emu.world.groups.values()].find((g) => g.path === 'web' && g.parent_id !== top.id)!.id, 'svc-03'), byPath(emu.world.groups.get([...emu.world.groups.values()].find((g) => g.path === 'web' && g.parent_id === top.id)!.id)!.id, 'svc-03')];
    expect(copy.variables.map((v) => [v.key, v.value, v.environment_scope])).toEqual(prod.variables.map((v) => [v.key, v.value, v.environment_scope]));
    expect(copy.protectedBranches.map((b) => b.name)).toEqual(prod.protectedBranches.map((b) => b.name));
    expect([copy.settings.jobs_enabled, copy.members.length, copy.hooks.length, copy.schedules.length, copy.deployKeys.length]).toEqual([false, 0, 0, 0, 0]);
    expect(top.variables.map((v) => v.key).sort()).toEqual(['GROUP_REGION', 'NPM_TOKEN']);
    expect(top.members).toEqual([]);

    const again = JSON.parse((await ws.here(drill('--sandbox-org', 'acme-drill', '--sandbox-url', emu.url))).stdout) as Report;
    expect(again.reasons.join()).toMatch(/acme-drill is not empty \(4 projects\)/);
  });
});
