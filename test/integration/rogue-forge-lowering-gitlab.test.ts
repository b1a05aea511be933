import { beforeAll, describe, expect, it } from 'vitest';
import { makeVault, type TestVault } from '../helpers/vault.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { WRITE_TOKEN } from '../forges/gitlab/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { applyGitlabRestore, planGitlabRestore } from '../../src/ops/restore/restore-gitlab.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import type { ForgeChange } from '../../src/sources/forge/forge-change.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { docsTree } from '../helpers/forge-docs-tree.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;
const line = (c: ForgeChange) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;
const RULES = 'projects/acme/svc-00/approval-rules.json';
const rule = (d: Docs) => (d.get(RULES) as J[]).find((r) => r.name === 'Security')!;

/**
 * Red team 3 (F2, F3's GitLab part): the lowering checks compared hand-picked fields of an approval
 * rule while the restore wrote the whole recorded rule, and compared approver groups by path while
 * writing the snapshot's numeric ids. A hijacked agent backs up as usual, then signs documents of
 * its own with the writer credential; the operator plans and applies a restore of that snapshot.
 */
describe("a hijacked agent's GitLab snapshot: a restore writes only what its lowering checks judged", () => {
  const group = emulatedGroup(1); // acme/svc-00: rule Security, 2 approvals of alice and bob, on main
  const project = () => group.emu().world.project('acme/svc-00')!;
  const liveRule = () => project().approvalRules.find((r) => r.name === 'Security')!;
  const branchId = (name: string) => project().protectedBranches.find((b) => b.name === name)!.id;

  /**
   * One vault for the file and the agent's honest backup of the seeded group, taken once: a test whose
   * live group is as seeded signs its forged documents from that backup's; one that changed the live
   * group first (`backUpNow`) backs up again into the same vault, as the agent would, and signs from that.
   */
  let v: TestVault;
  let honest: { snapshot: string; docs: Docs };
  async function backUp(): Promise<{ snapshot: string; docs: Docs }> {
    const run = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(group.source())], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(run.failed).toEqual([]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    return { snapshot: run.snapshot, docs: await readDocuments(reader, (await snapshotFor(reader, run.snapshot)).manifest.sources[0]!.root) };
  }
  beforeAll(async () => {
    v = await makeVault();
    honest = await backUp();
  }, 300_000);

  /** A snapshot the agent signs with the writer credential, the honest documents edited by `edit`. */
  async function forged(edit: (d: Docs) => void, { backUpNow = false } = {}) {
    const from = backUpNow ? await backUp() : honest;
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const record = (await snapshotFor(reader, from.snapshot)).manifest.sources[0]!;
    const docs = new Map(structuredClone([...from.docs]));
    edit(docs);
    const rogue = await RogueWriter.open(v.store, v.writer);
    const snapshot = await rogue.snapshot([{ name: record.name, kind: record.kind, locator: record.locator, root: await docsTree(rogue, docs) }]);
    return { snapshot, reader: await openVault(v.store, v.identity, v.cacheRoot) };
  }
  const plan = (f: { snapshot: string; reader: Awaited<ReturnType<typeof openVault>> }, only: string[] = []) => planGitlabRestore({ reader: f.reader, snapshot: f.snapshot, name: 'gl', token: WRITE_TOKEN, only });
  const heldNote = (p: { notRestorable: ForgeChange[] }, what: string) => p.notRestorable.find((c) => line(c) === what)?.note ?? '';

  it('an approval rule moved off main (its count and approvers kept) is held back; the live rule still covers main', async () => {
    const f = await forged((d) => {
      const release = (d.get('projects/acme/svc-00/protected-branches.json') as J[]).find((b) => b.name === 'release')!;
      rule(d).protected_branches = [release]; // the live release branch, copied whole: a comparison reads it "as in the snapshot"
    });
    const { plan: p, docs } = await plan(f);
    expect(p.steps.map((s) => line(s.change))).toEqual([]);
    expect(heldNote(p, 'approval-rule-changed acme/svc-00 Security')).toMatch(/^restoring it would lower no longer covers branch main \(protected branches main → release\): held back.*--only acme\/svc-00:approval-rule-changed:Security$/);
    await applyGitlabRestore({ reader: f.reader, plan: p, docs, token: WRITE_TOKEN, confirm: p.confirm });
    expect(liveRule().protected_branch_ids).toEqual([branchId('main')]);
    // Named exactly, it runs, its words saying first what it lowers.
    const named = await plan(f, ['acme/svc-00:approval-rule-changed:Security']);
    expect(named.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS no longer covers branch main/)]);
  }, 300_000);

  it('a rule over every branch narrowed to a list, and a rule with no eligible approver, are held back', async () => {
    const kept = structuredClone(liveRule());
    liveRule().protected_branch_ids = []; // live: every branch
    try {
      const f = await forged((d) => {
        const main = (d.get('projects/acme/svc-00/protected-branches.json') as J[]).find((b) => b.name === 'main')!;
        rule(d).protected_branches = [main];
      }, { backUpNow: true });
      const { plan: p } = await plan(f);
      expect(heldNote(p, 'approval-rule-changed acme/svc-00 Security')).toMatch(/would lower protected branches every branch → main: held back/);
    } finally {
      Object.assign(liveRule(), kept);
    }
    const f = await forged((d) => Object.assign(rule(d), { users: [], groups: [], eligible_approvers: [] }));
    const { plan: p } = await plan(f);
    expect(p.steps).toEqual([]);
    expect(heldNote(p, 'approval-rule-changed acme/svc-00 Security')).toMatch(/would lower approvers @alice, @bob → none \(no one is eligible, so GitLab does not require the rule\)/);
  }, 300_000);

  it('a rule the agent deleted or gutted is put back unflagged, read back as in the snapshot', async () => {
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const kept = structuredClone(liveRule());
    const rules = structuredClone(project().approvalRules);
    Object.assign(liveRule(), { approvals_required: 0, user_ids: [] }); // gutted: no count, no approvers, still on main
    try {
      await gutted(reader, honest.snapshot, kept);
    } finally {
      project().approvalRules = rules;
    }
  }, 300_000);

  /** The honest snapshot put back over a gutted rule, then over a deleted one: each a plain step, read back as recorded. */
  async function gutted(reader: Awaited<ReturnType<typeof openVault>>, snapshot: string, kept: ReturnType<typeof liveRule>) {
    let run = await planGitlabRestore({ reader, snapshot, name: 'gl', token: WRITE_TOKEN });
    expect(run.plan.steps.map((s) => [line(s.change), s.does])).toEqual([['approval-rule-changed acme/svc-00 Security', 'put back approval-rule acme/svc-00 Security as in the snapshot']]);
    let result = await applyGitlabRestore({ reader, plan: run.plan, docs: run.docs, token: WRITE_TOKEN, confirm: run.plan.confirm });
    expect(result.done.map((d) => [line(d.change), d.outcome])).toEqual([['approval-rule-changed acme/svc-00 Security', 'verified']]);
    expect(liveRule()).toMatchObject({ approvals_required: 2, user_ids: [2, 3], protected_branch_ids: [branchId('main')] });

    project().approvalRules.splice(project().approvalRules.indexOf(liveRule()), 1); // deleted
    run = await planGitlabRestore({ reader, snapshot, name: 'gl', token: WRITE_TOKEN });
    expect(run.plan.steps.map((s) => line(s.change))).toEqual(['approval-rule-deleted acme/svc-00 Security']);
    result = await applyGitlabRestore({ reader, plan: run.plan, docs: run.docs, token: WRITE_TOKEN, confirm: run.plan.confirm });
    expect(result.done.map((d) => d.outcome)).toEqual(['verified']);
    expect(liveRule()).toMatchObject({ approvals_required: kept.approvals_required, user_ids: kept.user_ids, protected_branch_ids: kept.protected_branch_ids });
  }

  it('an approver group recorded by its path with another group’s id: the step is refused before the live rule is touched', async () => {
    const world = group.emu().world;
    const platform = world.group('acme/platform')!;
    const web = world.group('acme/web')!;
    liveRule().group_ids = [platform.id]; // live: acme/platform approves too
    try {
      const f = await forged((d) => {
        const r = rule(d);
        // Compared by path (acme/platform, as live), written by id: acme/web's. Two approvals → 3 makes it a change, a tightening.
        r.groups = (r.groups as J[]).map((g) => ({ ...g, id: web.id }));
        r.approvals_required = 3;
      }, { backUpNow: true });
      const { plan: p, docs } = await plan(f);
      expect(p.steps.map((s) => [line(s.change), s.does])).toEqual([['approval-rule-changed acme/svc-00 Security', 'put back approval-rule acme/svc-00 Security as in the snapshot']]);
      const before = structuredClone(liveRule());
      const result = await applyGitlabRestore({ reader: f.reader, plan: p, docs, token: WRITE_TOKEN, confirm: p.confirm });
      expect(liveRule()).toEqual(before); // not deleted, not recreated with acme/web
      expect(result.done.map((d) => [d.outcome, d.error])).toEqual([['failed', expect.stringMatching(new RegExp(`^approval rule Security of acme/svc-00: the snapshot records approver group acme/platform with id ${web.id}, GitLab has id ${platform.id} at that path .*refused, nothing of it written`))]]);
    } finally {
      delete liveRule().group_ids;
    }
  }, 300_000);

  it('an approver group whose recorded id agrees is written by the id GitLab has at its path', async () => {
    const world = group.emu().world;
    const platform = world.group('acme/platform')!;
    const kept = structuredClone(liveRule());
    liveRule().group_ids = [platform.id];
    try {
      const f = await forged((d) => {
        rule(d).approvals_required = 3; // a tightening: plain
      }, { backUpNow: true });
      const { plan: p, docs } = await plan(f);
      const result = await applyGitlabRestore({ reader: f.reader, plan: p, docs, token: WRITE_TOKEN, confirm: p.confirm });
      expect(result.done.map((d) => d.outcome)).toEqual(['verified']);
      expect(liveRule()).toMatchObject({ approvals_required: 3, group_ids: [platform.id], protected_branch_ids: [branchId('main')] });
    } finally {
      const now = liveRule();
      Object.assign(now, { ...kept, id: now.id });
      delete now.group_ids;
    }
  }, 300_000);

  it('a step written without error that GitLab still reads back otherwise says so: written, not "not restored"', async () => {
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const p = project();
    const kept = structuredClone({ rules: p.approvalRules, branches: p.protectedBranches });
    // The agent deleted the rule and unprotected main; only the rule is put back: it is created, but cannot name main.
    p.approvalRules.splice(0);
    p.protectedBranches.splice(p.protectedBranches.findIndex((b) => b.name === 'main'), 1);
    try {
      const run = await planGitlabRestore({ reader, snapshot: honest.snapshot, name: 'gl', token: WRITE_TOKEN, only: ['acme/svc-00:approval-rule-deleted:Security'] });
      const result = await applyGitlabRestore({ reader, plan: run.plan, docs: run.docs, token: WRITE_TOKEN, confirm: run.plan.confirm });
      expect(result.done).toEqual([expect.objectContaining({ outcome: 'differs', verified: false, differs: 'approval-rule-changed (protected_branches)' })]);
      expect(result.done[0]!.error).toBeUndefined();
      expect(liveRule()).toMatchObject({ approvals_required: 2, protected_branch_ids: [] });
    } finally {
      Object.assign(p, { approvalRules: kept.rules, protectedBranches: kept.branches });
    }
  }, 300_000);

  it('a member named back by username is added as that user, not as the account whose id the snapshot records', async () => {
    const p = project();
    const kept = structuredClone(p.members);
    try {
      const f = await forged((d) => {
        const carol = (d.get('projects/acme/svc-00/members.json') as J[]).find((m) => m.username === 'carol')!;
        carol.id = 3; // bob's account id under carol's name
      });
      p.members.splice(p.members.findIndex((m) => m.user_id === 4), 1); // then the agent removes carol (maintainer)
      const { plan: named, docs } = await plan(f, ['acme/svc-00:member-removed:carol']);
      expect(named.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^GRANTS acme\/svc-00 to @carol maintainer/)]);
      const result = await applyGitlabRestore({ reader: f.reader, plan: named, docs, token: WRITE_TOKEN, confirm: named.confirm });
      expect(p.members.map((m) => m.user_id)).not.toContain(3);
      expect(p.members.find((m) => m.user_id === 4)).toMatchObject({ access_level: 40 });
      expect(result.done.map((d) => d.outcome)).toEqual(['verified']);
    } finally {
      p.members = kept;
    }
  }, 300_000);

  it('a protected branch, tag or push rule the snapshot opens is held back; one it tightens is not', async () => {
    const f = await forged((d) => {
      const branches = d.get('projects/acme/svc-00/protected-branches.json') as J[];
      // release: push "no one" live; an empty list is written as GitLab's default, Maintainer.
      branches.find((b) => b.name === 'release')!.push_access_levels = [];
      // main: a deploy key let in beside the role.
      const main = branches.find((b) => b.name === 'main')!;
      main.push_access_levels = [...(main.push_access_levels as J[]), { access_level: 40, deploy_key_id: 991 }];
      const rule = d.get('projects/acme/svc-00/push-rule.json') as J;
      Object.assign(rule, { commit_message_regex: '.*', max_file_size: 0, member_check: true });
    });
    const { plan: p } = await plan(f);
    expect(heldNote(p, 'protected-branch-changed acme/svc-00 release')).toMatch(/would lower push_access_levels open to a lower role \(100 → 40\): held back/);
    expect(heldNote(p, 'protected-branch-changed acme/svc-00 main')).toMatch(/would lower push_access_levels lets in deploy key 991: held back/);
    expect(heldNote(p, 'push-rule-changed acme/svc-00')).toMatch(/would lower commit_message_regex "\^\(feat\|fix\|chore\):" → "\.\*" \(not known to be stricter\); max_file_size 50 → no limit: held back/);
    // A push rule only tightened (member_check on, a smaller limit) goes through as a plain step.
    const strict = await forged((d) => Object.assign(d.get('projects/acme/svc-00/push-rule.json') as J, { member_check: true, max_file_size: 10 }));
    expect((await plan(strict)).plan.steps.map((s) => line(s.change))).toEqual(['push-rule-changed acme/svc-00']);
  }, 300_000);
});
