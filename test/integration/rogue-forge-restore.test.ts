import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { WRITE_TOKEN as GITHUB_WRITE } from '../forges/github/emulator.js';
import { WRITE_TOKEN as GITLAB_WRITE } from '../forges/gitlab/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { applyGithubRestore, planGithubRestore } from '../../src/ops/restore/restore-github.js';
import { applyGitlabRestore, planGitlabRestore } from '../../src/ops/restore/restore-gitlab.js';
import { sandboxDocuments as githubSandbox } from '../../src/ops/drills/drill-github.js';
import { sandboxDocuments as gitlabSandbox } from '../../src/ops/drills/drill-gitlab.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import type { ForgeChange } from '../../src/sources/forge/forge-change.js';
import type { TreeEntry } from '../../src/vault/tree.js';
import { RogueWriter } from '../helpers/rogue-tree.js';

const line = (c: ForgeChange) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;

/**
 * The hijacked agent backs up the forge as usual, but the documents it signs are its word: here it
 * records a private repository as public, a weaker branch protection, an environment without its
 * reviewers, a collaborator as admin. The forge's state is set so for its one backup and put back
 * at once, which is the same as the agent writing those documents itself. The operator's restore
 * of that snapshot must not do with the operator's token what the agent's read-only one could not.
 */
describe("a hijacked agent's forge snapshot records weaker protections than the forge has", () => {
  const org = emulatedOrg(3); // svc-00 is private (svc-01 a fork, svc-02 archived)
  const group = emulatedGroup(1); // acme/svc-00, private

  it('GitHub: the restore holds back each lowering step and says what it would lower; a named one is said first; a drill recreates private', async () => {
    const emu = org.emu();
    const v = await makeVault();
    const spec = parseSourceSpec(org.source());
    const run = () => backup({ store: v.store, credential: v.writer, sources: [spec], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect((await run()).failed).toEqual([]);

    const repo = emu.world.repo('acme', 'svc-00')!;
    const kept = { private: repo.private, main: repo.protections.get('main'), bob: repo.collaborators.get('bob'), env: structuredClone(repo.environments), label: structuredClone(repo.labels) };
    repo.private = false;
    repo.protections.set('main', { required_status_checks: null, enforce_admins: false, required_pull_request_reviews: null, restrictions: null, allow_force_pushes: true, allow_deletions: true });
    repo.collaborators.set('bob', 'admin');
    Object.assign(repo.environments.find((e) => e.name === 'production')!, { reviewers: [], wait_timer: 0, prevent_self_review: false, deployment_branch_policy: null, branch_policies: [] });
    repo.labels.find((l) => l.name === 'bug')!.color = '000000'; // and one change that lowers nothing
    const forged = (await run()).snapshot;
    Object.assign(repo, { private: kept.private, environments: kept.env, labels: kept.label });
    repo.protections.set('main', kept.main!);
    repo.collaborators.set('bob', kept.bob!);

    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const { plan, docs } = await planGithubRestore({ reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE });
    // Raising someone's access is the writer's word too (its own account recorded as admin): held back
    // until named exactly (round 4; it was planned on the typed confirmation alone).
    expect(plan.steps.map((s) => [line(s.change), s.does.split(':')[0]])).toEqual([['label-changed acme/svc-00 bug', 'put back label acme/svc-00 bug as in the snapshot']]);
    const held = Object.fromEntries(plan.notRestorable.map((c) => [line(c), c.note ?? '']));
    expect(held['collaborator-changed acme/svc-00 bob']).toMatch(/^restoring it would grant @bob's role on acme\/svc-00 write → admin: held back.*--only acme\/svc-00:collaborator-changed:bob$/);
    const grant = await planGithubRestore({ reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE, only: ['acme/svc-00:collaborator-changed:bob'] });
    expect(grant.plan.steps.map((s) => s.does.split(':')[0])).toEqual(["GRANTS @bob's role on acme/svc-00 write → admin"]);
    expect(held['settings-changed acme/svc-00']).toMatch(/^restoring it would lower visibility private → public: held back.*--only acme\/svc-00:settings-changed:$/);
    expect(held['protection-changed acme/svc-00 main']).toMatch(/branch protection required_pull_request_reviews.*branch protection enforce_admins.*branch protection allow_force_pushes.*--only acme\/svc-00:protection-changed:main$/);
    expect(held['environment-changed acme/svc-00 production']).toMatch(/required reviewers 1 → 0; prevent self-review off; wait timer 5 → 0 minutes; deployment branch policy removed/);

    const labelOnly = { ...plan, steps: plan.steps.filter((s) => s.change.type === 'label-changed') };
    const result = await applyGithubRestore({ reader, plan: labelOnly, docs, token: GITHUB_WRITE, confirm: 'acme', writeIntervalMs: 0 });
    expect(result.done.map((d) => [line(d.change), d.verified])).toEqual([['label-changed acme/svc-00 bug', true]]);
    expect([repo.private, repo.protections.get('main')]).toEqual([true, kept.main]);
    expect(repo.environments.find((e) => e.name === 'production')!.reviewers).toHaveLength(1);

    // Named exactly, it is planned, and its words say first what it lowers.
    const named = await planGithubRestore({ reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE, only: ['acme/svc-00:settings-changed:'] });
    expect(named.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS visibility private → public: set acme\/svc-00's settings back: private, visibility/)]);

    // A drill recreates every repository private, whatever the snapshot records.
    const record = (await snapshotFor(reader, forged)).manifest.sources.find((s) => s.name === 'gh')!;
    const inSandbox = githubSandbox(await readDocuments(reader, record.root), 'acme', 'scratch');
    expect((await readDocuments(reader, record.root)).get('acme/svc-00/repository.json')).toMatchObject({ private: false });
    expect(inSandbox.get('scratch/svc-00/repository.json')).toMatchObject({ private: true, visibility: 'private' });
  }, 300_000);

  it('GitLab: a project recorded public, a protected branch opened to developers, a variable unprotected: held back', async () => {
    const emu = group.emu();
    const v = await makeVault();
    const spec = parseSourceSpec(group.source());
    const run = () => backup({ store: v.store, credential: v.writer, sources: [spec], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect((await run()).failed).toEqual([]);

    const p = emu.world.project('acme/svc-00')!;
    const kept = structuredClone({ visibility: p.visibility, branches: p.protectedBranches, variables: p.variables });
    p.visibility = 'public';
    Object.assign(p.protectedBranches.find((b) => b.name === 'main')!, { push: [{ access_level: 30 }], allow_force_push: true });
    Object.assign(p.variables.find((x) => x.key === 'DEPLOY_TOKEN')!, { protected: false, masked: false });
    const forged = (await run()).snapshot;
    Object.assign(p, { visibility: kept.visibility, protectedBranches: structuredClone(kept.branches), variables: structuredClone(kept.variables) });

    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const { plan, docs } = await planGitlabRestore({ reader, snapshot: forged, name: 'gl', token: GITLAB_WRITE });
    // Its approval rule names the same branch (compared by name, as the restore writes it): no change of its own.
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    const held = Object.fromEntries(plan.notRestorable.map((c) => [line(c), c.note ?? '']));
    expect(held['settings-changed acme/svc-00']).toMatch(/^restoring it would lower visibility private → public: held back/);
    expect(held['protected-branch-changed acme/svc-00 main']).toMatch(/push_access_levels open to a lower role \(40 → 30\); allow_force_push off → on/);
    expect(held['variable-changed acme/svc-00 DEPLOY_TOKEN (production)']).toMatch(/protected on → off; masked on → off/);
    await applyGitlabRestore({ reader, plan, docs, token: GITLAB_WRITE, confirm: 'acme' });
    expect(p.visibility).toBe('private');
    expect(p.protectedBranches.find((b) => b.name === 'main')).toMatchObject({ push: [{ access_level: 40 }], allow_force_push: false });

    const record = (await snapshotFor(reader, forged)).manifest.sources.find((s) => s.name === 'gl')!;
    expect(gitlabSandbox(await readDocuments(reader, record.root), 'acme', 'scratch').get('projects/scratch/svc-00/project.json')).toMatchObject({ visibility: 'private' });
  }, 300_000);

  it('GitLab: a project its documents list outside the group it backs up is never written to', async () => {
    const v = await makeVault();
    const first = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(group.source())], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const record = (await snapshotFor(reader, first.snapshot)).manifest.sources.find((s) => s.name === 'gl')!;
    const docs = await readDocuments(reader, record.root);
    // The hijacked agent lists a project of a group it never backed up, "deleted" there, with itself as a member.
    const other = [...docs].filter(([k]) => k.startsWith('projects/acme/svc-00/')).map(([k, x]): [string, unknown] => [k.replace('projects/acme/svc-00/', 'projects/victims/tools/'), x]);
    const project = { ...(docs.get('projects/acme/svc-00/project.json') as object), path_with_namespace: 'victims/tools', path: 'tools', name: 'tools' };
    const forgedDocs = new Map<string, unknown>([...docs, ...other, ['projects/victims/tools/project.json', project], ['projects.json', [...(docs.get('projects.json') as object[]), project]]]);
    const rogue = await RogueWriter.open(v.store, v.writer);
    const forged = await rogue.snapshot([{ name: 'gl', kind: 'gitlab', locator: record.locator, root: await docsTree(rogue, forgedDocs) }]);

    const { plan } = await planGitlabRestore({ reader: await openVault(v.store, v.identity, v.cacheRoot), snapshot: forged, name: 'gl', token: GITLAB_WRITE });
    expect(plan.steps.filter((s) => s.change.scope.startsWith('victims/'))).toEqual([]);
    expect(plan.notRestorable.find((c) => c.scope === 'victims/tools' && c.type === 'project-deleted')?.note).toMatch(/^victims\/tools is outside acme, which this source backs up/);
  }, 300_000);
});

/** A forge source's documents as the tree a backup stores them in (folders by path, JSON files). */
async function docsTree(rogue: RogueWriter, docs: Map<string, unknown>): Promise<string> {
  type Node = Map<string, Node | string>;
  const root: Node = new Map();
  for (const [path, value] of docs) {
    const parts = path.split('/');
    let at = root;
    for (const dir of parts.slice(0, -1)) at = (at.get(dir) as Node | undefined) ?? (at.set(dir, new Map()), at.get(dir) as Node);
    at.set(parts.at(-1)!, JSON.stringify(value));
  }
  const entries = async (n: Node): Promise<TreeEntry[]> => Promise.all([...n].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, x]) => (typeof x === 'string' ? rogue.file(name, x) : entries(x).then((e) => rogue.dir(name, e)))));
  return rogue.tree(await entries(root));
}
