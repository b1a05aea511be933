import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { startGithubEmulator, READ_TOKEN, type GithubEmulator } from '../forges/github/emulator.js';
import { seedOrg } from '../forges/github/seed.js';
import { tempDir } from '../helpers/vault.js';
import { githubClient } from '../../src/sources/github/client.js';
import { collectAll } from '../../src/sources/github/collect.js';
import { components } from '../forges/github/openapi.js';
import { shape } from '../forges/github/shape.js';
import { ValidatorCache } from '../forges/validator-cache.js';

const run = promisify(execFile);

/** The emulator itself: GitHub's routes and shapes (validated), pages, ETags, limits, real git. */
describe('GitHub emulator', () => {
  let emu: GithubEmulator;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${emu.url}${path}`, { headers: { authorization: `token ${READ_TOKEN}`, ...headers } });

  beforeAll(async () => {
    emu = await startGithubEmulator();
    seedOrg(emu.world, 'acme', 12);
  });
  afterAll(() => emu.stop());

  it('answers every read the GitHub source makes in shapes GitHub documents', async () => {
    const paths = [
      '/orgs/acme', '/orgs/acme/repos', '/orgs/acme/members', '/orgs/acme/teams', '/orgs/acme/teams/ops/members', '/orgs/acme/actions/variables', '/orgs/acme/actions/secrets', '/orgs/acme/rulesets', '/orgs/acme/hooks',
      '/repos/acme/svc-00', '/repos/acme/svc-00/branches', '/repos/acme/svc-00/branches/main/protection', '/repos/acme/svc-00/rulesets', '/repos/acme/svc-00/environments',
      '/repos/acme/svc-00/environments/production/deployment-branch-policies', '/repos/acme/svc-00/actions/variables', '/repos/acme/svc-00/actions/secrets', '/repos/acme/svc-00/actions/permissions',
      '/repos/acme/svc-00/hooks', '/repos/acme/svc-00/keys', '/repos/acme/svc-00/collaborators', '/repos/acme/svc-00/teams', '/repos/acme/svc-00/labels', '/repos/acme/svc-00/milestones?state=all',
      '/repos/acme/svc-00/releases', '/repos/acme/svc-00/issues?state=all', '/repos/acme/svc-00/issues/comments', '/users/alice',
      '/repos/acme/svc-00/pulls?state=all', '/repos/acme/svc-00/pulls/comments', '/repos/acme/svc-00/pulls/3/reviews',
    ];
    for (const p of paths) expect((await get(p)).status, p).toBe(200);
    const ruleset = ((await (await get('/repos/acme/svc-00/rulesets')).json()) as { id: number }[])[0]!;
    expect((await get(`/repos/acme/svc-00/rulesets/${ruleset.id}`)).status).toBe(200);
    expect(emu.server.violations).toEqual([]);
  });

  it('pages with Link headers and answers a matching If-None-Match with an uncounted 304', async () => {
    const first = await get('/orgs/acme/repos?per_page=5');
    expect(((await first.json()) as unknown[]).length).toBe(5);
    expect(first.headers.get('link')).toMatch(/page=2[^>]*>; rel="next".*page=3[^>]*>; rel="last"/);
    const counted = emu.server.counters.counted;
    const again = await get('/orgs/acme/repos?per_page=5', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(emu.server.counters.counted).toBe(counted);
    expect(emu.server.violations).toEqual([]);
  });

  it('refuses an unknown token, limits rates (primary 403/429 with reset, secondary with retry-after)', async () => {
    expect((await fetch(`${emu.url}/orgs/acme`)).status).toBe(401);
    emu.server.rate.remaining = 0;
    const limited = await get('/orgs/acme');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    emu.server.rate.status = 429;
    expect((await get('/orgs/acme')).headers.get('retry-after')).toBeTruthy();
    emu.server.rate = { ...emu.server.rate, remaining: 5000, status: 403 };
    emu.server.counters.limited = 0;
    emu.server.secondary.pending = 1;
    const abuse = await get('/orgs/acme');
    expect(abuse.status).toBe(403);
    expect(abuse.headers.get('retry-after')).toBe('1');
    expect(((await abuse.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect(emu.server.violations).toEqual([]);
  });

  it('the GitHub source waits out primary and secondary limits and still reads everything', async () => {
    const { octokit, stats } = await githubClient({ baseUrl: emu.url, token: READ_TOKEN });
    emu.server.secondary.pending = 2;
    emu.server.rate = { ...emu.server.rate, remaining: 5, resetAt: Math.floor(Date.now() / 1000) + 5, status: 429 };
    const got = await collectAll(octokit, { owner: 'acme', repo: 'svc-03', forks: false, tokenEnv: 'GITHUB_TOKEN' });
    expect(got.docs.get('acme/svc-03/actions-variables.json')).toEqual([expect.objectContaining({ name: 'APP_NAME' }), expect.objectContaining({ name: 'DEPLOY_REGION' })]);
    expect(stats.limited).toBeGreaterThanOrEqual(3); // two secondary, at least one primary (429 until the reset)
    expect(emu.server.violations).toEqual([]);
  });

  it('serves git over the real http-backend, and flags what GitHub does not document', async () => {
    const dir = tempDir('bulkhead-gh-clone-');
    // Async: the emulator answers from this very process.
    await run('git', ['clone', '-q', '--mirror', `${emu.url}/acme/svc-01.git`, join(dir, 'm.git')]);
    const refs = (await run('git', ['--git-dir', join(dir, 'm.git'), 'for-each-ref', '--format=%(refname)'])).stdout;
    expect(refs.split('\n').filter(Boolean)).toEqual(['refs/heads/main', 'refs/heads/release']);
    expect((await get('/repos/acme/svc-00/no-such-thing')).status).toBe(500);
    expect(emu.server.violations.splice(0)).toEqual([expect.stringMatching(/not an operation in GitHub's description/)]);
  });

  it("judges a body alike whether its validator was just compiled by Ajv or read back from the cache", () => {
    const root = tempDir('bulkhead-validators-');
    let built = 0;
    const make = () => new ValidatorCache('github', 'this test', import.meta.url, () => (built++, components()), root);
    const schema = { $ref: 'gh#/components/schemas/full-repository' };
    const direct = components().compile({ $id: 'direct-full-repository', ...schema });
    const cold = make().compile('gh', schema, 'cold-full-repository');
    const warm = make().compile('gh', schema, 'warm-full-repository');
    expect(built).toBe(1); // the second cache read the first one's file
    const good = shape('full-repository', { name: 'svc', full_name: 'acme/svc' });
    const bodies = [good, { ...good, id: 'seven' }, { ...good, owner: null }, (({ name: _, ...rest }) => rest)(good), { ...good, license: { key: 3 } }];
    const verdicts = bodies.map((b) => [direct(b), JSON.stringify(direct.errors)]);
    expect(verdicts.map(([ok]) => ok)).toEqual([true, false, false, false, false]);
    expect(bodies.map((b) => [cold(b), JSON.stringify(cold.errors)])).toEqual(verdicts);
    expect(bodies.map((b) => [warm(b), JSON.stringify(warm.errors)])).toEqual(verdicts);
  });
});
