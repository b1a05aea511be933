import { beforeAll, describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { WRITE_TOKEN as GITHUB_WRITE } from '../forges/github/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { applyGithubRestore, planGithubRestore } from '../../src/ops/restore/restore-github.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import type { ForgeChange } from '../../src/sources/forge/forge-change.js';
import type { Json } from '../forges/github/state.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { docsTree } from '../helpers/forge-docs-tree.js';
import type { TestVault as Vault } from '../helpers/vault.js';

type J = Record<string, unknown>;
const line = (c: ForgeChange) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;

/** The honest backup's snapshot and documents, and snapshots the hijacked writer signs of them as `edit` changes them. */
async function forger(v: Vault, source: string) {
  const first = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(source)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  expect(first.failed).toEqual([]);
  const honest = await openVault(v.store, v.identity, v.cacheRoot);
  const record = (await snapshotFor(honest, first.snapshot)).manifest.sources[0]!;
  const docs = await readDocuments(honest, record.root);
  return {
    honest: first.snapshot,
    sign: async (edit: (d: Map<string, unknown>) => void) => {
      const forged = new Map(structuredClone([...docs]));
      edit(forged);
      const rogue = await RogueWriter.open(v.store, v.writer);
      return rogue.snapshot([{ name: record.name, kind: record.kind, locator: record.locator, root: await docsTree(rogue, forged) }]);
    },
    reader: () => openVault(v.store, v.identity, v.cacheRoot),
  };
}

/**
 * Red team 3: a GitHub restore writes the whole recorded ruleset, protection and environment, but
 * the lowering check compared hand-picked fields. A hijacked writer kept what was compared (a
 * ruleset's name, enforcement and rule types; a reviewer's login) and changed what was written.
 */
describe("a hijacked agent's GitHub documents lower what the lowering check did not compare", () => {
  const org = emulatedOrg(1); // acme/svc-00, with the tag ruleset `tags` and the organisation ruleset `org-main`
  let f: Awaited<ReturnType<typeof forger>>;
  const held = (plan: { notRestorable: ForgeChange[] }) => Object.fromEntries(plan.notRestorable.map((c) => [line(c), c.note ?? '']));

  beforeAll(async () => {
    // The operator's hardening, in the honest backup: a main the restore must not silently loosen.
    const repo = org.emu().world.repo('acme', 'svc-00')!;
    const main = repo.protections.get('main')!;
    repo.protections.set('main', {
      ...main,
      required_status_checks: { strict: true, contexts: ['ci/test'], checks: [{ context: 'ci/test', app_id: 15368 }] },
      required_pull_request_reviews: { ...(main.required_pull_request_reviews as Json), require_last_push_approval: true, dismissal_restrictions: { users: ['alice'], teams: ['ops'] }, bypass_pull_request_allowances: { users: [], teams: [], apps: ['release-bot'] } },
      block_creations: true,
    });
    repo.rulesets.push({ id: org.emu().world.id(), name: 'main-guard', target: 'branch', enforcement: 'active', conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } }, rules: [{ type: 'pull_request', parameters: { required_approving_review_count: 2, dismiss_stale_reviews_on_push: true, require_code_owner_review: false, require_last_push_approval: true, required_review_thread_resolution: false } }], bypass_actors: [{ actor_type: 'Team', actor_id: 7, bypass_mode: 'pull_request' }] });
    f = await forger(await makeVault(), org.source());
  }, 300_000);

  it('a ruleset over no ref, its parameters and bypass mode loosened, an organisation ruleset over no repository, main without last-push approval or creation blocking: each held back, saying what; nothing written', async () => {
    const repo = org.emu().world.repo('acme', 'svc-00')!;
    const before = structuredClone({ rulesets: repo.rulesets, main: repo.protections.get('main'), orgRules: org.emu().world.accounts.get('acme')!.rulesets });
    const snapshot = await f.sign((d) => {
      const sets = d.get('acme/svc-00/rulesets.json') as J[];
      sets.find((r) => r.name === 'tags')!.conditions = { ref_name: { include: ['refs/tags/never-matches-*'], exclude: ['~ALL'] } };
      const guard = sets.find((r) => r.name === 'main-guard')!;
      ((guard.rules as J[])[0]!.parameters as J).required_approving_review_count = 0;
      guard.bypass_actors = [{ actor_type: 'Team', actor_id: 7, bypass_mode: 'always' }];
      const orgMain = (d.get('acme/_org/rulesets.json') as J[]).find((r) => r.name === 'org-main')!;
      (orgMain.conditions as J).repository_name = { include: ['nothing-*'], exclude: [] };
      const main = (d.get('acme/svc-00/branch-protections.json') as Record<string, J>).main!;
      main.required_pull_request_reviews = { ...(main.required_pull_request_reviews as J), require_last_push_approval: false };
      main.block_creations = { enabled: false };
    });
    const reader = await f.reader();
    const { plan, docs } = await planGithubRestore({ reader, snapshot, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    const notes = held(plan);
    expect(notes['ruleset-changed acme/svc-00 tags']).toMatch(/^restoring it would lower conditions may cover fewer refs: include refs\/tags\/v\*; exclude \(none\) → include refs\/tags\/never-matches-\*; exclude ~ALL: held back/);
    expect(notes['ruleset-changed acme/svc-00 main-guard']).toMatch(/^restoring it would lower rule pull_request: required_approving_review_count 2 → 0; bypass mode Team:7 pull_request → always: held back/);
    expect(notes['ruleset-changed acme org-main']).toMatch(/^restoring it would lower conditions may cover fewer repositories: include ~ALL; exclude \(none\) → include nothing-\*; exclude \(none\): held back/);
    expect(notes['protection-changed acme/svc-00 main']).toMatch(/^restoring it would lower branch protection require_last_push_approval; branch protection block_creations: held back.*--only acme\/svc-00:protection-changed:main$/);
    await applyGithubRestore({ reader, plan, docs, token: GITHUB_WRITE, confirm: plan.confirm, writeIntervalMs: 0 });
    expect({ rulesets: repo.rulesets, main: repo.protections.get('main'), orgRules: org.emu().world.accounts.get('acme')!.rulesets }).toEqual(before);
    // Named exactly, it runs, its words saying first what it lowers.
    const named = await planGithubRestore({ reader, snapshot, name: 'gh', token: GITHUB_WRITE, only: ['acme/svc-00:ruleset-changed:tags'] });
    expect(named.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS conditions may cover fewer refs: .*: put back ruleset acme\/svc-00 tags as in the snapshot$/)]);
  }, 120_000);

  it('a restore that raises goes through unflagged: the agent gutted the ruleset and main, the honest snapshot puts back every setting, dismissal restrictions, bypass allowances and check apps included', async () => {
    const repo = org.emu().world.repo('acme', 'svc-00')!;
    const whole = structuredClone({ main: repo.protections.get('main'), guard: repo.rulesets.find((r) => r.name === 'main-guard') });
    // The agent's work on the live forge (it had the means, in this story): what the honest snapshot undoes.
    const guard = repo.rulesets.find((r) => r.name === 'main-guard')!;
    Object.assign(guard, { enforcement: 'disabled', conditions: { ref_name: { include: [], exclude: ['~ALL'] } }, rules: [{ type: 'pull_request', parameters: { required_approving_review_count: 0, dismiss_stale_reviews_on_push: false, require_code_owner_review: false, require_last_push_approval: false, required_review_thread_resolution: false } }], bypass_actors: [{ actor_type: 'Team', actor_id: 7, bypass_mode: 'exempt' }, { actor_type: 'User', actor_id: 666, bypass_mode: 'always' }] });
    repo.protections.set('main', { required_status_checks: null, enforce_admins: false, required_pull_request_reviews: null, restrictions: null, block_creations: false });
    const reader = await f.reader();
    const { plan, docs } = await planGithubRestore({ reader, snapshot: f.honest, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => [line(s.change), s.does.split(':')[0]])).toEqual([
      ['protection-weakened acme/svc-00 main', 'put back protection acme/svc-00 main as in the snapshot'],
      ['ruleset-changed acme/svc-00 main-guard', 'put back ruleset acme/svc-00 main-guard as in the snapshot'],
    ]);
    expect(plan.notRestorable).toEqual([]);
    const result = await applyGithubRestore({ reader, plan, docs, token: GITHUB_WRITE, confirm: plan.confirm, writeIntervalMs: 0 });
    expect(result.done.map((d) => [line(d.change), d.verified, d.error])).toEqual([['protection-weakened acme/svc-00 main', true, undefined], ['ruleset-changed acme/svc-00 main-guard', true, undefined]]);
    expect(result.remaining).toEqual([]);
    // Written as recorded: who may dismiss or bypass reviews and the app of the check were never dropped.
    expect(repo.protections.get('main')).toMatchObject({
      required_status_checks: { checks: [{ context: 'ci/test', app_id: 15368 }] },
      required_pull_request_reviews: { require_last_push_approval: true, dismissal_restrictions: { users: ['alice'], teams: ['ops'], apps: [] }, bypass_pull_request_allowances: { apps: ['release-bot'] } },
      block_creations: true,
    });
    expect(repo.rulesets.find((r) => r.name === 'main-guard')).toEqual(whole.guard);
  }, 120_000);

  it("an environment reviewer recorded with alice's login and mallory's id: held back as another reviewer; named, the step is refused naming the login and both ids", async () => {
    const emu = org.emu();
    emu.world.accounts.set('mallory', { login: 'mallory', id: 777777, type: 'User', members: [], teams: [], variables: [], secrets: [], rulesets: [], hooks: [] });
    const repo = emu.world.repo('acme', 'svc-00')!;
    const prod = repo.environments.find((e) => e.name === 'production')!;
    const kept = structuredClone(prod.reviewers);
    prod.reviewers = [{ type: 'User', login: 'alice' }];
    const alice = emu.world.accounts.get('alice')!.id;
    try {
      const snapshot = await f.sign((d) => {
        const p = (d.get('acme/svc-00/environments.json') as J[]).find((e) => e.name === 'production')!;
        const rule = (p.protection_rules as J[]).find((r) => r.type === 'required_reviewers')!;
        // Only the id differs from the live environment: no longer hidden as bookkeeping.
        rule.reviewers = [{ type: 'User', reviewer: { login: 'alice', id: 777777, type: 'User' } }];
      });
      const reader = await f.reader();
      const { plan } = await planGithubRestore({ reader, snapshot, name: 'gh', token: GITHUB_WRITE });
      expect(held(plan)['environment-changed acme/svc-00 production']).toMatch(/^restoring it would lower required reviewers add User alice \(id 777777\) \(any one of them approves\): held back/);
      const named = await planGithubRestore({ reader, snapshot, name: 'gh', token: GITHUB_WRITE, only: ['acme/svc-00:environment-changed:production'] });
      expect(named.plan.steps.map((s) => s.does.split(':')[0])).toEqual(['LOWERS required reviewers add User alice (id 777777) (any one of them approves)']);
      const result = await applyGithubRestore({ reader, plan: named.plan, docs: named.docs, token: GITHUB_WRITE, confirm: named.plan.confirm, writeIntervalMs: 0 });
      expect(result.done.map((d) => [d.verified, d.error])).toEqual([[false, `environment production of acme/svc-00: required reviewer @alice is id 777777 in the snapshot but GitHub's @alice is id ${alice}: not written (the snapshot's id would make another account a reviewer; a renamed account is set by hand)`]]);
      expect(prod.reviewers).toEqual([{ type: 'User', login: 'alice' }]);
    } finally {
      prod.reviewers = kept;
    }
  }, 120_000);

  it('a default branch moved off a branch only a ruleset protects, and a webhook sending every event: held back', async () => {
    const repo = org.emu().world.repo('acme', 'svc-00')!;
    const protections = new Map(repo.protections);
    repo.protections.clear(); // main is guarded by the ruleset main-guard (~DEFAULT_BRANCH) alone
    try {
      const snapshot = await f.sign((d) => {
        (d.get('acme/svc-00/repository.json') as J).default_branch = 'release';
        d.set('acme/svc-00/branch-protections.json', {});
        (d.get('acme/svc-00/webhooks.json') as J[])[0]!.events = ['*'];
      });
      const reader = await f.reader();
      const { plan } = await planGithubRestore({ reader, snapshot, name: 'gh', token: GITHUB_WRITE });
      expect(plan.steps.map((s) => line(s.change))).toEqual([]);
      const notes = held(plan);
      expect(notes['settings-changed acme/svc-00']).toMatch(/^restoring it would lower default branch main \(protected by ruleset main-guard\) → release \(not protected\): held back/);
      expect(notes['webhook-changed acme/svc-00 https://ci.example/hooks/svc-00']).toMatch(/^restoring it would grant acme\/svc-00's events \* sent to https:\/\/ci.example\/hooks\/svc-00 too: held back/);
      expect(repo.default_branch).toBe('main');
    } finally {
      for (const [b, p] of protections) repo.protections.set(b, p);
    }
  }, 120_000);
});
