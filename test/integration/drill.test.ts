import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git.js';
import { s3Env, s3Store, s3Url, uniqueBucket } from '../helpers/s3.js';

interface Report {
  passed: boolean;
  stored: string;
  steps: { source: string; kind: string; ok: boolean; detail: string }[];
  rtoSeconds: number;
  rpoSeconds: number;
  reasons: string[];
  containment: { confirmed: boolean }[];
}

/** Two repositories with pipelines, a config tree and a database dump, backed up by the real CLI. */
async function estate(store?: string, env: NodeJS.ProcessEnv = {}): Promise<CliWorkspace> {
  const ws = new CliWorkspace(store, env);
  await ws.setupQuick(...(store ? ['--create-bucket', '--retention-days', '1'] : []));
  for (const name of ['api', 'web']) {
    mkdirSync(join(ws.dir, name));
    makeRepo(join(ws.dir, name), 3);
  }
  mkdirSync(join(ws.dir, 'infra/k8s'), { recursive: true });
  writeFileSync(join(ws.dir, 'infra/k8s/deploy.yaml'), 'replicas: 3\n');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${join(ws.dir, 'api')}`, '--source', `web=git:${join(ws.dir, 'web')}`, '--source', `infra=dir:${join(ws.dir, 'infra')}`, '--source', 'db=stream:echo "-- pg_dump"; seq 1 500']);
  return ws;
}

describe('disaster-recovery drills', async () => {
  const ws = await estate();
  const drill = (...args: string[]) => ['drill', 'run', ...args, '--store', ws.store, '--identity', 'id.json'];

  it('full-blast: restores every repo, pipeline, config and dump into a sandbox, verifies, measures, signs and stores the report', async () => {
    const r = JSON.parse((await ws.here([...drill('full-blast'), '--sandbox', 'sandbox', '--containment-confirmed', '--report-dir', 'reports', '--json'])).stdout) as Report;
    expect(r.passed).toBe(true);
    expect(r.steps.map((s) => [s.source, s.kind, s.ok])).toEqual([['api', 'git', true], ['web', 'git', true], ['infra', 'dir', true], ['db', 'stream', true]]);
    expect(r.steps[0]!.detail).toMatch(/git fsck --full, ref map equals the snapshot; 3 refs; 2 pipelines parsed as in the snapshot \(1 invalid then and now\)/);
    expect(r.steps[3]!.detail).toMatch(/byte-equal/);
    expect(r.rtoSeconds).toBeGreaterThan(0);
    expect(r.containment.every((c) => c.confirmed)).toBe(true);
    expect(r.stored).toMatch(/^drills\/\d{8}T\d{6}Z-[0-9a-f]{16}\.json$/);
    // each kind in a folder of its own (src/ops/drills/sandbox.ts)
    expect(readdirSync(join(ws.dir, 'sandbox')).sort()).toEqual(['folders', 'repositories', 'streams']);
    expect(['repositories', 'streams', 'folders'].flatMap((k) => readdirSync(join(ws.dir, 'sandbox', k)).sort())).toEqual(['api.git', 'web.git', 'db', 'infra']);
    const files = readdirSync(join(ws.dir, 'reports')).sort();
    expect(files.map((f) => f.replace(/[0-9a-f]{16}/, 'ID'))).toEqual(['drill-full-blast-ID.html', 'drill-full-blast-ID.json', 'drill-full-blast-ID.pdf']);
    expect(readFileSync(join(ws.dir, 'reports', files[2]!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(join(ws.dir, 'reports', files[0]!), 'utf8')).toMatch(/RTO .* \(target 60 min 0 s\); RPO/);

    const json = join('reports', files[1]!);
    expect((await ws.hereOk(['drill', 'verify', json, '--store', ws.store])).stdout).toMatch(/genuine\. Drill "full-blast" .* passed; locked in the vault as drills\//);
    expect((await ws.hereOk(['drill', 'verify', r.stored, '--store', ws.store])).stdout).toMatch(/genuine/);
    const edited = readFileSync(join(ws.dir, json), 'utf8').replace(/"rtoSeconds": \d+/, '"rtoSeconds": 99999');
    writeFileSync(join(ws.dir, 'edited.json'), edited);
    const v = await ws.here(['drill', 'verify', 'edited.json', '--store', ws.store]);
    expect([v.code, v.stderr]).toEqual([5, expect.stringMatching(/signature does not verify; the report was edited/)]);
  });

  it('a repo the scenario names but the snapshot lacks fails that step with the reason; the rest is still restored and reported', async () => {
    writeFileSync(join(ws.dir, 'ghost.yaml'), 'name: ghost-repo\ndescription: two repos wiped\nlost:\n  kinds: [git]\n  sources: [api, ghost]\ntargets:\n  rtoMinutes: 30\n  rpoHours: 24\n');
    const run = await ws.here([...drill('./ghost.yaml'), '--sandbox', 'sandbox2', '--json']);
    expect(run.code).toBe(5); // verification failed
    const r = JSON.parse(run.stdout) as Report;
    expect(r.passed).toBe(false);
    expect(r.steps.map((s) => [s.source, s.ok])).toEqual([['api', true], ['ghost', false]]);
    expect(r.reasons).toEqual([expect.stringMatching(/^ghost: snapshot [0-9a-f]+ has no source "ghost": it was not backed up/)]);
    expect((await ws.hereOk(['drill', 'verify', r.stored, '--store', ws.store])).stdout).toMatch(/failed; locked/);
  });

  it('misses its RPO when the snapshot is older than the target before the incident, and never restores over a folder', async () => {
    const late = await ws.here([...drill('config-loss'), '--incident', '2099-01-01T00:00:00Z', '--json']);
    expect([late.code, late.stderr]).toEqual([5, expect.stringMatching(/the drill failed \(1 reason\); its report is stored as drills\//)]);
    const r = JSON.parse(late.stdout) as Report;
    expect(r.passed).toBe(false);
    expect(r.reasons).toEqual([expect.stringMatching(/^RPO \d+ s is over the target of 86400 s/)]);
    mkdirSync(join(ws.dir, 'prod'));
    writeFileSync(join(ws.dir, 'prod/live.conf'), 'x');
    expect((await ws.here([...drill('repo-wipe'), '--sandbox', 'prod'])).stderr).toMatch(/sandbox .*prod is not empty; a drill restores only into a new or empty folder/);
  });

  it('on S3 the report is stored under COMPLIANCE Object Lock', async () => {
    const bucket = uniqueBucket('drill');
    const s3 = await estate(s3Url(bucket), s3Env());
    const r = JSON.parse((await s3.here(['drill', 'run', 'config-loss', '--store', s3.store, '--identity', 'id.json', '--json'])).stdout) as Report;
    expect(r.passed).toBe(true);
    const head = await s3Store(s3Url(bucket)).head(r.stored);
    expect(head).toMatchObject({ lockMode: 'COMPLIANCE' });
    expect(head!.retainUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('full-blast from latest also recovers what other writers back up in runs of their own, each from its own latest good snapshot', async () => {
    await ws.hereOk(['vault', 'enroll', '--store', ws.store, '--identity', 'id.json', '--label', 'db-host', '--out', 'db-writer.json']);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'db-writer.json', '--source', 'orders=stream:seq 1 300']);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${join(ws.dir, 'infra')}`]); // the newest run: infra alone
    const r = JSON.parse((await ws.here([...drill('full-blast'), '--sandbox', 'sandbox-runs', '--containment-confirmed', '--json'])).stdout) as Report;
    expect(r.steps.map((s) => [s.source, s.ok])).toEqual([['infra', true], ['api', true], ['db', true], ['orders', true], ['web', true]]);
    expect(r.steps[0]!.detail).not.toMatch(/another run/);
    for (const s of r.steps.slice(1)) expect(s.detail).toMatch(/^from its own latest good snapshot [0-9a-f]{16} \(another run's\): /);
    expect(r.passed).toBe(true);
    expect(['repositories', 'streams', 'folders'].flatMap((k) => readdirSync(join(ws.dir, 'sandbox-runs', k)).sort())).toEqual(['api.git', 'web.git', 'db', 'orders', 'infra']);
  });
});

describe('a drill from latest when one source of the newest run lost its files', async () => {
  const ws = await estate();

  it('recovers each other source from its own newer good snapshot, not the older one the anomaly made "latest"', async () => {
    rmSync(join(ws.dir, 'infra/k8s/deploy.yaml')); // the agent wiped the config tree; the others are fine
    const sources = (await ws.hereJson<{ snapshots: { id: string }[] }>(ws.operator('snapshots'))).snapshots;
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${join(ws.dir, 'api')}`, '--source', `web=git:${join(ws.dir, 'web')}`, '--source', `infra=dir:${join(ws.dir, 'infra')}`, '--source', 'db=stream:echo "-- pg_dump"; seq 1 500']);
    const second = (await ws.hereJson<{ snapshots: { id: string }[] }>(ws.operator('snapshots'))).snapshots.find((s) => s.id !== sources[0]!.id)!.id;
    const r = JSON.parse((await ws.here(['drill', 'run', 'full-blast', '--store', ws.store, '--identity', 'id.json', '--sandbox', 'sandbox-newer', '--containment-confirmed', '--json'])).stdout) as Report;
    const detail = Object.fromEntries(r.steps.map((s) => [s.source, s.detail]));
    expect(r.steps.every((s) => s.ok)).toBe(true);
    for (const name of ['api', 'web', 'db']) expect(detail[name]).toMatch(new RegExp(`^from its own latest good snapshot ${second.slice(0, 16)} \\(newer than the drill's`));
    expect(detail.infra).not.toMatch(/own latest/); // the snapshot before the wipe, the drill's own
    expect(readFileSync(join(ws.dir, 'sandbox-newer', 'folders', 'infra', 'k8s', 'deploy.yaml'), 'utf8')).toBe('replicas: 3\n');
  });
});
