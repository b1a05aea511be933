import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { WRITE_TOKEN } from '../forges/github/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';
import { applyGithubRestore, planGithubRestore } from '../../src/ops/restore/restore-github.js';
import { isBulkheadError } from '../../src/util/errors.js';

type J = Record<string, unknown>;

/**
 * Issue 16, what a team still lost after the first GitHub restore: pull request reviews, release
 * asset bytes, repository and organisation rulesets, organisation settings, org variables and
 * webhooks. Each is captured, reported as a typed change, put back by one plan and read back.
 */
describe('GitHub source: reviews, release assets, rulesets and organisation settings', () => {
  const org = emulatedOrg(5); // svc-03 is a fork (not backed up), svc-04 archived

  it('captures pull request reviews and review comments, and puts back what an agent destroyed, read back from GitHub', async () => {
    const emu = org.emu();
    const v = await makeVault();
    const args = { store: v.store, credential: v.writer, sources: [parseSourceSpec(org.source())], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
    const reviewsAsked = () => emu.server.counters.byOperation.get('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews') ?? 0;
    // A pull request whose head branch was deleted after it was opened: it cannot be opened again, and the restore says so.
    const t = emu.world.time;
    emu.world.repo('acme', 'svc-01')!.issues.push({ id: emu.world.id(), number: 4, title: 'Spike', body: '', state: 'open', user: 'carol', labels: [], pull: { head: 'spike', base: 'main' }, created_at: t, comments: [] });
    // A merged pull request: GitHub cannot open it again; it comes back as a closed issue recording the merge.
    emu.world.repo('acme', 'svc-01')!.issues.push({ id: emu.world.id(), number: 5, title: 'Bump version', body: 'ships 1.0', state: 'closed', user: 'bob', labels: [], pull: { head: 'release', base: 'main', merged_at: '2026-10-30T09:00:00Z' }, created_at: t, comments: [{ id: emu.world.id(), body: 'shipping it', user: 'alice', created_at: t }] });
    const first = await backup(args);
    expect(first.failed).toEqual([]);
    expect(reviewsAsked()).toBe(6); // one pull request in each of the four repositories backed up, three in svc-01
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const { manifest } = await snapshotFor(reader, first.snapshot);
    const docs = await readDocuments(reader, manifest.sources.find((s) => s.kind === 'github')!.root);
    const pr = (docs.get('acme/svc-00/issues.json') as J[]).find((i) => i.number === 3)!;
    expect(pr.pull).toMatchObject({ head: 'release', base: 'main', merged_at: null });
    expect((pr.reviews_list as J[]).map((r) => [(r.user as J).login, r.state, r.body])).toEqual([['carol', 'CHANGES_REQUESTED', 'needs a test'], ['alice', 'APPROVED', '']]);
    expect((pr.review_comments_list as J[]).map((k) => [(k.user as J).login, k.path, k.line, k.body])).toEqual([['carol', 'VERSION', 1, 'off by one here']]);
    // Unchanged pull requests (same updated_at) are not asked for their reviews again, and the documents are the same.
    const second = await backup(args);
    expect(reviewsAsked()).toBe(6);
    const fresh = await openVault(v.store, v.identity, v.cacheRoot);
    const root = (snap: string) => snapshotFor(fresh, snap).then((x) => x.manifest.sources.find((s) => s.kind === 'github')!.root);
    expect(await root(second.snapshot)).toBe(await root(first.snapshot));

    // The agent, with a token that may administer, through the validated API.
    const a = emu.world.accounts.get('acme')!;
    const svc00 = emu.world.repo('acme', 'svc-00')!;
    const orgRuleset = a.rulesets[0]!;
    expect((await api('DELETE', '/repos/acme/svc-01')).status).toBe(204);
    expect((await api('DELETE', `/repos/acme/svc-00/releases/assets/${svc00.releases[0]!.assets[0]!.id}`)).status).toBe(204);
    expect((await api('DELETE', `/repos/acme/svc-02/releases/${emu.world.repo('acme', 'svc-02')!.releases[0]!.id}`)).status).toBe(204);
    expect((await api('DELETE', `/repos/acme/svc-00/rulesets/${String(svc00.rulesets[0]!.id)}`)).status).toBe(204);
    expect((await api('PUT', `/orgs/acme/rulesets/${String(orgRuleset.id)}`, { enforcement: 'disabled' })).status).toBe(200);
    expect((await api('PATCH', '/orgs/acme', { default_repository_permission: 'admin', members_can_create_public_repositories: true })).status).toBe(200);
    expect((await api('DELETE', '/orgs/acme/actions/variables/ORG_REGION')).status).toBe(204);
    expect((await api('PATCH', '/repos/acme/svc-00', { description: 'pwned', has_issues: false, delete_branch_on_merge: true })).status).toBe(200);
    expect((await api('PUT', '/repos/acme/svc-00/topics', { names: [] })).status).toBe(200);
    const confirmed = svc00.issues[0]!.comments[0]!;
    const offByOne = svc00.issues[2]!.pull!.reviewComments![0]!;
    expect((await api('DELETE', `/repos/acme/svc-00/issues/comments/${confirmed.id}`)).status).toBe(204);
    expect((await api('DELETE', `/repos/acme/svc-00/pulls/comments/${offByOne.id}`)).status).toBe(204);
    expect((await api('DELETE', `/orgs/acme/hooks/${a.hooks[0]!.id}`)).status).toBe(204);

    const { plan, docs: saved } = await planGithubRestore({ reader, snapshot: first.snapshot, name: 'gh', token: WRITE_TOKEN });
    expect(plan.steps.map((s) => `${s.change.type} ${s.change.scope}${s.change.target ? ` ${s.change.target}` : ''}${s.change.fields ? ` (${s.change.fields.join(', ')})` : ''}`)).toEqual([
      'org-settings-changed acme (default_repository_permission, members_can_create_public_repositories)',
      'ruleset-changed acme org-main (enforcement)',
      'settings-changed acme/svc-00 (description, has_issues, delete_branch_on_merge, topics)',
      'ruleset-deleted acme/svc-00 tags',
      'release-changed acme/svc-00 v1.0 (assets)',
      `comment-deleted acme/svc-00 #1 comment ${confirmed.id} by @alice`,
      `review-comment-deleted acme/svc-00 #3 review comment ${offByOne.id} by @carol`,
      'repo-deleted acme/svc-01',
      'release-deleted acme/svc-02 v1.0',
    ]);
    // A webhook sends the organisation's events to a URL the snapshot's writer chose, a variable's value is read by every workflow: held back until named.
    expect(plan.notRestorable).toEqual([
      expect.objectContaining({ type: 'variable-deleted', note: expect.stringMatching(/^restoring it would set Actions variable ORG_REGION of organisation acme .* set to "eu-west-1", which its workflows read: held back, .* name it: --only acme:variable-deleted:ORG_REGION$/) as string }),
      expect.objectContaining({ type: 'webhook-deleted', note: expect.stringMatching(/held back, .* name it: --only acme:webhook-deleted:https:\/\/audit\.example\/hook$/) as string }),
      // Recreated private; the snapshot's public is a step of its own, held back until named (gap 5).
      expect.objectContaining({ type: 'settings-changed', scope: 'acme/svc-01', note: expect.stringMatching(/^restoring it would lower visibility private → public \(the repository is recreated private\)/) as string }),
    ]);
    await expect(applyGithubRestore({ reader, plan, docs: saved, token: WRITE_TOKEN, confirm: 'acme-typo', writeIntervalMs: 0 })).rejects.toSatisfy((e) => isBulkheadError(e, 'USAGE'));
    expect(emu.world.repo('acme', 'svc-01')).toBeUndefined();

    // svc-01 comes back with its branches' workflows: consent, as an operator gives it after reading them.
    const result = await applyGithubRestore({ reader, plan, docs: saved, token: WRITE_TOKEN, confirm: 'acme', writeIntervalMs: 0, allowPipelineChanges: true });
    expect(result.done.filter((d) => !d.verified)).toEqual([]);
    const hook = await planGithubRestore({ reader, snapshot: first.snapshot, name: 'gh', token: WRITE_TOKEN, only: ['acme:webhook-deleted:https://audit.example/hook', 'acme:variable-deleted:ORG_REGION'] });
    expect(hook.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^GRANTS /), expect.stringMatching(/^SETS Actions variable ORG_REGION /)]);
    expect((await applyGithubRestore({ reader, plan: hook.plan, docs: hook.docs, token: WRITE_TOKEN, confirm: 'acme', writeIntervalMs: 0 })).done.filter((d) => !d.verified)).toEqual([]);
    // The recreated repository's comments, posted again with who wrote them and when, are recognised as there.
    expect(result.remaining.filter((c) => c.type.endsWith('comment-deleted'))).toEqual([]);
    expect(svc00.issues[0]!.comments.map((k) => k.body)).toEqual(['_Originally by @\u200balice on 2026-11-01T12:00:00Z._\n\nconfirmed']);
    expect(svc00.issues[2]!.comments.map((k) => k.body)).toEqual(['LGTM', expect.stringMatching(/^_Review comment by @\u200bcarol on 2026-11-01T12:00:00Z on VERSION line 1:_\n\n```diff\n@@ -0,0 \+1 @@\n\+1.0\n```\n\noff by one here$/)]);
    expect(result.done.find((d) => d.change.type === 'repo-deleted')!.notes).toEqual([
      expect.stringMatching(/^pull request #4 of acme\/svc-01: GitHub refused to open it again from spike into main .*its discussion is in issues.json$/),
      expect.stringMatching(/^pull request #5 of acme\/svc-01 was merged \(2026-10-30T09:00:00Z\); GitHub cannot open a merged pull request again: it is issue #4 now, closed, recording the merge/),
    ]);

    // Read back from the emulator's state, not through Bulkhead.
    const bytes = (repo: string) => emu.world.repo('acme', repo)!.releases.flatMap((r) => r.assets.map((x) => `${r.tag_name} ${x.name} ${x.content_type} ${x.data.toString()}`));
    expect(bytes('svc-00')).toEqual(['v1.0 app.tar.gz application/gzip binary of svc-00\n']);
    expect(bytes('svc-01')).toEqual(['v1.0 app.tar.gz application/gzip binary of svc-01\n']);
    expect(bytes('svc-02')).toEqual(['v1.0 app.tar.gz application/gzip binary of svc-02\n']);
    expect([svc00.description, svc00.settings.has_issues, svc00.settings.delete_branch_on_merge, svc00.topics]).toEqual(['service 0', true, false, ['service']]);
    expect(svc00.rulesets.map((r) => [r.name, r.enforcement, r.rules])).toEqual([['tags', 'active', [{ type: 'deletion' }, { type: 'non_fast_forward' }]]]);
    expect([orgRuleset.enforcement, a.settings?.default_repository_permission, a.settings?.members_can_create_public_repositories]).toEqual(['active', 'read', false]);
    expect(a.variables.map((x) => [x.name, x.value, x.visibility])).toEqual([['ORG_REGION', 'eu-west-1', 'all']]);
    expect(a.hooks.map((h) => [h.config.url, h.events, h.config.secret])).toEqual([['https://audit.example/hook', ['repository'], undefined]]);

    // The recreated repository's pull request is open again from its branches, numbered as it was, its reviews said in comments.
    const svc01 = emu.world.repo('acme', 'svc-01')!;
    expect(svc01.issues.map((i) => [i.number, i.title, i.pull ? `${i.pull.head}->${i.pull.base}` : i.state])).toEqual([[1, 'Crash on start', 'open'], [2, 'Add deploy step', 'closed'], [3, 'Fix crash', 'release->main'], [4, 'Bump version', 'closed']]);
    expect(svc01.issues[3]!.body).toMatch(/^_Originally by @\u200bbob on .*_\n\n_Merged pull request: release \([0-9a-f]{12}\) into main on 2026-10-30T09:00:00Z\. .*cannot open a merged pull request again.*_\n\nships 1\.0$/);
    expect(svc01.issues[3]!.comments.map((k) => k.body)).toEqual([expect.stringMatching(/^_Originally by @\u200balice on .*_\n\nshipping it$/)]);
    const said = svc01.issues[2]!.comments.map((k) => k.body);
    expect(said).toHaveLength(4);
    expect(said[0]).toMatch(/^_Originally by @\u200balice on .*_\n\nLGTM$/);
    expect(said[1]).toMatch(/^_Review by @\u200bcarol on .*: requested changes._\n\nneeds a test$/);
    expect(said[2]).toMatch(/^_Review by @\u200balice on .*: approved._$/);
    expect(said[3]).toMatch(/^_Review comment by @\u200bcarol on .* on VERSION line 1:_\n\n```diff\n@@ -0,0 \+1 @@\n\+1.0\n```\n\noff by one here$/);
    expect(svc01.issues[2]!.pull!.reviews ?? []).toEqual([]); // no review was submitted in anyone's name
    expect(svc01.rulesets).toEqual([]);
  }, 600_000);

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${org.emu().url}${path}`, { method, headers: { authorization: `token ${WRITE_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  }
});
