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
import { planGitlabRestore } from '../../src/ops/restore/restore-gitlab.js';
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import type { ForgeChange } from '../../src/sources/forge/forge-change.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { docsTree } from '../helpers/forge-docs-tree.js';
import type { TreeEntry } from '../../src/vault/tree.js';
import type { TestVault as Vault } from '../helpers/vault.js';
import { drillGithub } from '../../src/ops/drills/drill-github.js';
import type { DrillStep } from '../../src/ops/drills/drill-step.js';

type J = Record<string, unknown>;
const line = (c: ForgeChange) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;
const MiB = 2 ** 20;

/** A repository the live account never had, "deleted": one issue with 12,000 comments, each posted by the operator's token. */
function ghostFlood(d: Map<string, unknown>): void {
  const comments = Array.from({ length: 12_000 }, (_, i) => ({ id: i + 1, body: 'spam', user: { login: 'mallory' }, created_at: '2026-01-01T00:00:00Z' }));
  d.set('acme/ghost/repository.json', { ...(d.get('acme/svc-00/repository.json') as J), name: 'ghost', full_name: 'acme/ghost', archived: false });
  d.set('acme/ghost/issues.json', [{ number: 1, title: 'flood', body: '', state: 'open', user: { login: 'mallory' }, created_at: '2026-01-01T00:00:00Z', comments_list: comments }]);
  d.set('acme/_org/repositories.json', [...(d.get('acme/_org/repositories.json') as J[]), { name: 'ghost' }]);
}

/** The honest backup's documents, and a snapshot the hijacked writer signs of them as `edit` changes them. */
async function forger(v: Vault, name: string) {
  const first = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(name)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  expect(first.failed).toEqual([]);
  const honest = await openVault(v.store, v.identity, v.cacheRoot);
  const record = (await snapshotFor(honest, first.snapshot)).manifest.sources[0]!;
  const docs = await readDocuments(honest, record.root);
  return {
    docs,
    sign: async (edit: (d: Map<string, unknown>) => void, made?: (rogue: RogueWriter) => Map<string, (name: string) => Promise<TreeEntry>>) => {
      const forged = new Map(structuredClone([...docs]));
      edit(forged);
      const rogue = await RogueWriter.open(v.store, v.writer);
      const snapshot = await rogue.snapshot([{ name: record.name, kind: record.kind, locator: record.locator, root: await docsTree(rogue, forged, made?.(rogue)) }]);
      return { snapshot, reader: await openVault(v.store, v.identity, v.cacheRoot) };
    },
  };
}

/**
 * Round 7: the forge documents a hijacked writer signs reach the operator's memory (a diff, a plan),
 * the forge under the operator's token (every write a plan makes) and everyone the forge notifies.
 */
describe("a hijacked agent's forge documents against the operator", () => {
  const org = emulatedOrg(1); // acme/svc-00
  const group = emulatedGroup(1); // acme/svc-00
  // One vault and one honest GitHub backup for the file, made by the first test that asks: each test
  // signs its own forged snapshot of those documents and names it, so none sees another's. The live
  // account changes only where a test puts something back (a comment), which no later plan reports
  // (a plan restores what the live account lacks). Each test used to back up anew (~1.5 CPU s each).
  let github: ReturnType<typeof forger> | undefined;
  const honestGithub = () => (github ??= makeVault().then((v) => forger(v, org.source())));

  it('GitHub: a document past the decode ceilings (its size, its bytes, its values, its nesting) is refused unread: the diff says not comparable, the plan stops', async () => {
    const f = await honestGithub();
    // One stored blob of `[],` at the test vault's largest chunk (64 KiB), named as many times as a size needs.
    const piece = '[],'.repeat(65_535 / 3);
    const times = (mib: number) => Math.ceil((mib * MiB) / piece.length);
    const bombs: [string, (rogue: RogueWriter) => (name: string) => Promise<TreeEntry>][] = [
      // A tree that says 100 MiB: nothing fetched.
      ['size', (rogue) => (name) => rogue.file(name, '[]', { size: 100 * MiB })],
      // A tree that says 2 bytes and names one stored MiB seventy times: stopped at 64 MiB read.
      ['bytes', (rogue) => async (name) => { const one = await rogue.file(name, piece); return { ...one, size: 2, blobs: Array(times(70)).fill(one.blobs![0]!) }; }],
      // 30 MiB of `[],`: ten million arrays, 10 CPU seconds and ~800 MB to parse.
      ['values', (rogue) => async (name) => { const one = await rogue.file(name, piece); return { ...one, size: 30 * MiB, blobs: Array(times(30)).fill(one.blobs![0]!) }; }],
      // Nesting a thousand deep: parsed, then every recursive walk of it overflows.
      ['nesting', (rogue) => (name) => rogue.file(name, `${'['.repeat(1000)}${']'.repeat(1000)}`)],
    ];
    for (const [what, bomb] of bombs) {
      const { snapshot: forged, reader } = await f.sign(() => {}, (rogue) => new Map([['acme/svc-00/labels.json', bomb(rogue)]]));
      const why = { size: /labels\.json is 100 MiB, over the 64 MiB/, bytes: /labels\.json is 64\.\d MiB, over the 64 MiB/, values: /past 8,000,000 values/, nesting: /nested more than 64 deep/ }[what]!;
      await expect(planGithubRestore({ reader: reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE }), what).rejects.toMatchObject({ code: 'TAMPERED', message: expect.stringMatching(why) });
      const diff = await diffSnapshots(reader, forged, 'live');
      expect(diff.sources.map((s) => [s.name, s.status, s.note]), what).toEqual([['gh', 'not-comparable', expect.stringMatching(why)]]);
    }
  }, 300_000);

  it('GitHub: a plan counts its writes before the operator confirms; a recreation with 12,000 comments is held back past the limit, and --max-writes admits it', async () => {
    const f = await honestGithub();
    const { snapshot: forged, reader } = await f.sign(ghostFlood);
    const { plan } = await planGithubRestore({ reader: reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    const held = plan.notRestorable.find((c) => c.type === 'repo-deleted' && c.scope === 'acme/ghost');
    expect(held?.note).toMatch(/^restoring it would make 12,007 write calls \(12,001 creating issues, comments or releases\), at least 24\.0 hours at the forge's pace, past the 10,000 this restore makes at most .*--max-writes 12007$/);
    const raised = await planGithubRestore({ reader: reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE, maxWrites: 12_007 });
    expect(raised.plan.steps.map((s) => [line(s.change), s.writes])).toEqual([['repo-deleted acme/ghost', 12_007]]);
    expect(raised.plan.writes).toEqual({ writes: 12_007, content: 12_001 });
  }, 300_000);

  it('GitHub: a drill does not post a flood into the sandbox: the repository past the write limit is not drilled, and the step says why', async () => {
    const emu = org.emu();
    emu.world.accounts.set('acme-drill', { login: 'acme-drill', id: emu.world.id(), type: 'Organization', members: [], teams: [], variables: [], secrets: [], rulesets: [], hooks: [] });
    const f = await honestGithub();
    const { snapshot: forged, reader } = await f.sign(ghostFlood);
    const snap = await snapshotFor(reader, forged);
    const step = (ok: boolean, detail: string) => ({ ok, detail }) as unknown as DrillStep;
    const done = (await drillGithub(reader, snap, snap.manifest.sources[0]!, { owner: 'acme-drill', url: emu.url, token: GITHUB_WRITE, writeIntervalMs: 0 }, step)) as unknown as { ok: boolean; detail: string };
    expect(done.ok).toBe(false);
    expect(done.detail).toMatch(/ghost: not drilled: restoring it would make 12,007 write calls .* past the 10,000/);
    expect(emu.world.repo('acme-drill', 'ghost')).toBeUndefined();
  }, 300_000);

  it("GitHub: a comment put back mentions no one (its writer's @everyone is inert) and still reads back as there", async () => {
    const f = await honestGithub();
    const flood = Array.from({ length: 2_000 }, (_, i) => `@user${i}`).join(' ');
    const { snapshot: forged, reader } = await f.sign((d) => {
      const issues = d.get('acme/svc-00/issues.json') as J[];
      (issues[0]!.comments_list as J[]).push({ id: 424242, body: `ping ${flood} @acme/everyone, mail ops@example.com`, user: { login: 'mallory' }, created_at: '2026-01-01T00:00:00Z' });
    });
    const { plan, docs } = await planGithubRestore({ reader: reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE, only: ['acme/svc-00:comment-deleted:#1 comment 424242 by @mallory'] });
    expect(plan.steps.map((s) => line(s.change))).toEqual(['comment-deleted acme/svc-00 #1 comment 424242 by @mallory']);
    const result = await applyGithubRestore({ reader: reader, plan, docs, token: GITHUB_WRITE, confirm: 'acme', writeIntervalMs: 0 });
    expect(result.done.map((d) => d.verified)).toEqual([true]);
    const posted = org.emu().world.repo('acme', 'svc-00')!.issues[0]!.comments.at(-1)!.body;
    // Read back from the emulator: no `@` followed by a name is left to notify, an address is as it was.
    expect(posted.match(/(?<![\w.@])@(?=\w)/g)).toBeNull();
    expect(posted).toMatch(/^_Originally by @\u200bmallory on 2026-01-01T00:00:00Z\._\n\nping @\u200buser0 @\u200buser1 .* @\u200bacme\/everyone, mail ops@example\.com$/s);
  }, 300_000);

  it("GitHub: an Actions variable's value the writer chose is held back, saying both values; named exactly, the step says SETS first", async () => {
    const f = await honestGithub();
    const { snapshot: forged, reader } = await f.sign((d) => {
      const vars = d.get('acme/svc-00/actions-variables.json') as J[];
      vars.find((x) => x.name === 'DEPLOY_REGION')!.value = 'https://deploy.attacker.example';
      vars.push({ name: 'ACTIONS_STEP_DEBUG', value: 'true' }); // never set live: "deleted"
    });
    const { plan } = await planGithubRestore({ reader: reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    const held = Object.fromEntries(plan.notRestorable.map((c) => [line(c), c.note ?? '']));
    expect(held['variable-changed acme/svc-00 DEPLOY_REGION']).toMatch(/^restoring it would set Actions variable DEPLOY_REGION of acme\/svc-00 "eu-west-1" → "https:\/\/deploy\.attacker\.example", which its workflows read: held back.*--only acme\/svc-00:variable-changed:DEPLOY_REGION$/);
    expect(held['variable-deleted acme/svc-00 ACTIONS_STEP_DEBUG']).toMatch(/^restoring it would set Actions variable ACTIONS_STEP_DEBUG of acme\/svc-00 set to "true"/);
    const named = await planGithubRestore({ reader: reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE, only: ['acme/svc-00:variable-changed:DEPLOY_REGION'] });
    expect(named.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^SETS Actions variable DEPLOY_REGION of acme\/svc-00 "eu-west-1" → "https:\/\/deploy\.attacker\.example", which its workflows read: put back variable/)]);
    expect(org.emu().world.repo('acme', 'svc-00')!.variables.find((x) => x.name === 'DEPLOY_REGION')!.value).toBe('eu-west-1');
  }, 300_000);

  it("GitHub: an environment's reviewer swapped for another (same count) and a branch pattern that lets any branch deploy are held back as lowering", async () => {
    const f = await honestGithub();
    const carol = org.emu().world.accounts.get('carol')!;
    const { snapshot: forged, reader } = await f.sign((d) => {
      const prod = (d.get('acme/svc-00/environments.json') as J[]).find((e) => e.name === 'production')!;
      const rule = (prod.protection_rules as J[]).find((r) => r.type === 'required_reviewers')!;
      rule.reviewers = [{ type: 'User', reviewer: { login: 'carol', id: carol.id } }]; // team ops, live, is one reviewer too
      (prod.deployment_branch_policies as J[]).push({ name: '*', type: 'branch' });
    });
    const { plan } = await planGithubRestore({ reader, snapshot: forged, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    const held = plan.notRestorable.find((c) => c.type === 'environment-changed' && c.target === 'production');
    expect(held?.note).toMatch(new RegExp(`^restoring it would lower required reviewers add User carol \\(id ${carol.id}\\) \\(any one of them approves\\); deployment branch policy lets in branch \\*: held back`));
  }, 300_000);

  it('GitLab: a CI/CD variable value, a pipeline schedule and an approver the writer chose are held back, saying what they run or let in', async () => {
    const v = await makeVault();
    const f = await forger(v, group.source());
    const { snapshot: forged, reader } = await f.sign((d) => {
      const vars = d.get('projects/acme/svc-00/variables.json') as J[];
      const plain = vars.find((x) => !x.environment_scope || x.environment_scope === '*')!;
      plain.value = 'https://deploy.attacker.example';
      const security = (d.get('projects/acme/svc-00/approval-rules.json') as J[]).find((r) => r.name === 'Security')!;
      security.users = [...((security.users as J[] | undefined) ?? []), { id: 4242, username: 'mallory', name: 'Mallory' }];
      d.set('projects/acme/svc-00/pipeline-schedules.json', [...((d.get('projects/acme/svc-00/pipeline-schedules.json') as J[] | undefined) ?? []), { description: 'exfil', ref: 'main', cron: '* * * * *', cron_timezone: 'UTC', active: true, variables: [{ key: 'SCRIPT_URL', value: 'https://attacker.example/x.sh', variable_type: 'env_var' }] }]);
    });
    const { plan } = await planGitlabRestore({ reader: reader, snapshot: forged, name: 'gl', token: GITLAB_WRITE });
    const held = Object.fromEntries(plan.notRestorable.map((c) => [line(c), c.note ?? '']));
    expect(plan.steps.filter((s) => /variable|schedule/.test(s.change.type))).toEqual([]);
    expect(Object.entries(held).find(([k]) => k.startsWith('variable-changed acme/svc-00'))?.[1]).toMatch(/^restoring it would set CI\/CD variable .* of acme\/svc-00 set to the value its snapshot records, which its pipelines read: held back/);
    expect(held['approval-rule-changed acme/svc-00 Security']).toMatch(/^restoring it would lower approvers add @mallory: held back/);
    expect(held['schedule-deleted acme/svc-00 exfil']).toMatch(/^restoring it would set a pipeline schedule of acme\/svc-00 that runs main's pipeline on "\* \* \* \* \*" with variables SCRIPT_URL: held back/);
  }, 300_000);
});
