import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_TOKEN, WRITE_TOKEN, startGitlabEmulator, type GitlabEmulator } from '../forges/gitlab/emulator.js';
import { seedGroup } from '../forges/gitlab/seed.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { gitlabClient } from '../../src/sources/gitlab/client.js';
import { description } from '../forges/gitlab/openapi.js';
import { parsedDocument } from '../forges/validator-cache.js';
import { tempDir } from '../helpers/vault.js';

/** The emulator itself, and the client against it: pages (keyset and offset), limits, scopes, delayed deletion. */
describe('GitLab emulator', () => {
  let emu: GitlabEmulator;
  beforeAll(async () => {
    emu = await startGitlabEmulator();
    seedGroup(emu.world, 'acme', 7);
  });
  afterAll(async () => {
    expect(emu.server.violations).toEqual([]);
    await emu.stop();
  });
  const get = (path: string, token = READ_TOKEN) => fetch(`${emu.url}/api/v4${path}`, { headers: { 'private-token': token } });

  it('pages with keyset where GitLab does and offset elsewhere, and the client follows both', async () => {
    const first = await get('/projects?pagination=keyset&order_by=id&sort=asc&per_page=3');
    expect(((await first.json()) as unknown[]).length).toBe(3);
    expect(first.headers.get('link')).toMatch(/id_after=\d+[^>]*>; rel="next"/);
    const offset = await get('/groups/acme/projects?include_subgroups=true&per_page=2');
    expect(offset.headers.get('x-next-page')).toBe('2');
    expect(offset.headers.get('x-total')).toBe('7');
    const { api } = await gitlabClient({ host: emu.url, token: READ_TOKEN });
    expect(await api.Projects.all({ pagination: 'keyset', orderBy: 'id', sort: 'asc', perPage: 2 } as never)).toHaveLength(7);
    expect(await api.Groups.allProjects('acme', { includeSubgroups: true, perPage: 2 } as never)).toHaveLength(7);
  });

  it('answers 429 with Retry-After once the limit is spent; the client waits it out (and a spent RateLimit-Remaining) and goes on', async () => {
    emu.server.rate = { limit: 2000, remaining: 0, resetAt: Date.now() + 1200 };
    const limited = await get('/groups/acme');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    emu.server.rate = { limit: 2000, remaining: 1, resetAt: Date.now() + 1200 };
    const { api, stats } = await gitlabClient({ host: emu.url, token: READ_TOKEN });
    await api.Groups.show('acme'); // takes the last one: RateLimit-Remaining 0
    await api.Groups.show('acme'); // waits for the reset instead of drawing a 429
    expect(stats.paused).toBe(1);
    emu.server.rate = { limit: 2000, remaining: 0, resetAt: Date.now() + 1200 };
    await api.Groups.show('acme');
    expect(stats.limited).toBe(1);
  });

  it('refuses an unknown token, and a write with the read_api token', async () => {
    expect((await get('/groups/acme', 'nope')).status).toBe(401);
    const write = await fetch(`${emu.url}/api/v4/projects/${encodeURIComponent('acme/svc-00')}`, { method: 'DELETE', headers: { 'private-token': READ_TOKEN } });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('deletes a project after a delay: marked first, restorable, then removed for good only when asked with its full path', async () => {
    const del = (q = '') => fetch(`${emu.url}/api/v4/projects/${encodeURIComponent('acme/web/svc-03')}${q}`, { method: 'DELETE', headers: { 'private-token': WRITE_TOKEN } });
    expect((await del('?permanently_remove=true&full_path=acme/web/svc-03')).status).toBe(400);
    expect((await del()).status).toBe(202);
    expect(((await (await get(`/projects/${encodeURIComponent('acme/web/svc-03')}`)).json()) as { marked_for_deletion_on: string }).marked_for_deletion_on).toBe('2026-11-08');
    expect((await fetch(`${emu.url}/api/v4/projects/${encodeURIComponent('acme/web/svc-03')}/restore`, { method: 'POST', headers: { 'private-token': WRITE_TOKEN } })).status).toBe(201);
    expect((await del()).status).toBe(202);
    expect((await del(`?permanently_remove=true&full_path=${encodeURIComponent('acme/web/svc-03')}`)).status).toBe(202);
    expect((await get(`/projects/${encodeURIComponent('acme/web/svc-03')}`)).status).toBe(404);
  });

  it('validates against the description YAML gives, parsed once and kept as JSON; a document JSON cannot carry is parsed every time', () => {
    expect(description).toEqual(parse(readFileSync(new URL('../forges/gitlab/openapi-v2.trimmed.yaml', import.meta.url), 'utf8')));
    const root = tempDir();
    let parsed = 0;
    const counting = (text: string) => (parsed++, parse(text) as unknown);
    for (const text of ['a: [1, {b: null}]\n', 'a: [1, {b: null}]\n', 'a: .nan\n', 'a: .nan\n']) parsedDocument('t', text, 'yaml', counting, root);
    expect(parsed).toBe(3); // the first text read back from its JSON; NaN never kept
    expect(parsedDocument('t', 'a: .nan\n', 'yaml', counting, root)).toEqual({ a: NaN });
  });
});
