import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, ServiceAccount } from 'kubernetes-models/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { iamPolicies } from '../../src/ops/vault-admin/iam-policy.js';
import { parseS3Url } from '../../src/storage/s3/s3-url.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const CLI = `${root}build/bin/bulkhead.mjs`;

/** The Kubernetes API schemas (kubernetes-models, generated from Kubernetes' OpenAPI) by apiVersion/kind. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'batch/v1/CronJob': CronJob,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field below
type Doc = Record<string, any>;
const manifests: Doc[] = parseAllDocuments(read('deploy/kubernetes/cronjob.yaml')).map((d) => d.toJS() as Doc);
const cronJob = manifests.find((d) => d.kind === 'CronJob')!;
const pod = cronJob.spec.jobTemplate.spec.template.spec;
const workflowText = read('deploy/github-actions/bulkhead-backup.yml');

/** The long flags given to `bulkhead backup` in a list of arguments. */
const backupFlags = (args: string[]) => args.slice(args.indexOf('backup') + 1).filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]!);

describe('deploy/kubernetes', () => {
  it('every manifest is valid against the Kubernetes API schema of its kind', () => {
    expect(manifests.map((d) => d.kind)).toEqual(['ServiceAccount', 'ConfigMap', 'CronJob']);
    for (const doc of manifests) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
      expect(() => new Model!(doc as never).validate(), doc.kind).not.toThrow();
    }
    // The schemas do catch a broken manifest (this is what a wrong type looks like to them):
    const broken = structuredClone(cronJob);
    broken.spec.jobTemplate.spec.template.spec.containers[0].args = 'backup --store s3://x';
    expect(() => new CronJob(broken as never).validate()).toThrow(/args must be array/);
  });

  it('runs the agent hardened: non-root, read-only root filesystem, no escalation, no capabilities, no API token', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    for (const c of pod.containers) {
      expect(c.securityContext, c.name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('mounts only the writer credential as a secret, read-only; only the cache and /tmp are writable', () => {
    const [agent] = pod.containers;
    const secrets = pod.volumes.filter((v: Doc) => v.secret);
    expect(secrets).toEqual([{ name: 'writer', secret: { secretName: 'bulkhead-writer', defaultMode: 0o440, items: [{ key: 'writer.json', path: 'writer.json' }] } }]);
    expect(JSON.stringify(pod)).not.toMatch(/secretKeyRef|envFrom|identity|ID\.json/);
    const writable = agent.volumeMounts.filter((m: Doc) => !m.readOnly).map((m: Doc) => m.mountPath).sort();
    expect(writable).toEqual(['/cache', '/tmp']);
    for (const name of ['cache', 'tmp']) expect(pod.volumes.find((v: Doc) => v.name === name).emptyDir, name).toBeDefined();
    const writerMount = agent.volumeMounts.find((m: Doc) => m.name === 'writer');
    expect(agent.args[agent.args.indexOf('--writer') + 1]).toBe(`${writerMount.mountPath}/writer.json`);
  });
});

describe('deploy/github-actions', () => {
  it('is a valid workflow for GitHub\'s own workflow schema, scheduled, with read-only contents and OIDC', async () => {
    const parsed = parseWorkflow({ name: 'bulkhead-backup.yml', content: workflowText }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.events).toMatchObject({ schedule: [{ cron: expect.any(String) }], workflow_dispatch: {} });
    expect(parse(workflowText).permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    // The schema does catch a broken workflow:
    const broken = parseWorkflow({ name: 'broken.yml', content: workflowText.replace('timeout-minutes:', 'timeout-minutez:') }, new NoOperationTraceWriter());
    expect(broken.context.errors.getErrors().map((e) => e.message).join()).toMatch(/Unexpected value 'timeout-minutez'/);
  });

  it('never expands a secret or an event field inside a script (they reach the script through env)', () => {
    const steps = (parse(workflowText) as Doc).jobs.backup.steps as Doc[];
    for (const s of steps.filter((s) => s.run)) expect(s.run, s.name).not.toMatch(/\$\{\{/);
    expect(workflowText).not.toMatch(/AWS_SECRET_ACCESS_KEY:|aws-secret-access-key/); // OIDC, no stored key
  });
});

describe('the agent in deploy/ uses the real CLI and the policy it prints', () => {
  const help = spawnSync(process.execPath, [CLI, 'backup', '--help'], { encoding: 'utf8' }).stdout;
  const known = new Set(help.match(/--[a-z-]+/g));

  it('passes only flags that `bulkhead backup` has', () => {
    const workflowRun = ((parse(workflowText) as Doc).jobs.backup.steps as Doc[]).map((s) => s.run ?? '').join('\n');
    const workflowArgs = workflowRun.slice(workflowRun.indexOf('"$IMAGE"')).split(/\s+/);
    const dockerfileCmd = JSON.parse(/^CMD (.*)$/m.exec(read('deploy/Dockerfile'))![1]!) as string[];
    for (const args of [pod.containers[0].args as string[], workflowArgs, dockerfileCmd]) {
      expect(backupFlags(args).length).toBeGreaterThan(0);
      for (const flag of backupFlags(args)) expect(known, flag).toContain(flag);
    }
  });

  it('deploy/iam/agent-policy.json is what `bulkhead vault policy` prints, and covers the CronJob\'s store', () => {
    const printed = JSON.parse(spawnSync(process.execPath, [CLI, 'vault', 'policy', '--store', 's3://my-vault/prod', '--retention-days', '30'], { encoding: 'utf8' }).stdout) as { agent: unknown };
    const file = JSON.parse(read('deploy/iam/agent-policy.json')) as unknown;
    expect(file).toEqual(printed.agent);
    const args = pod.containers[0].args as string[];
    const { bucket, prefix } = parseS3Url(args[args.indexOf('--store') + 1]!);
    expect(iamPolicies(bucket, prefix, 30).agent).toEqual(file);
  });
});

/**
 * The files the Dockerfile's final stage copies from the build stage (`COPY --from=build /src/X ./X`),
 * laid out in a folder as the image's /app, with what the build stage removes
 * (the renderer and source maps) left out; node_modules is this checkout's.
 */
function stageLayout(stage: string): string {
  const app = mkdtempSync(join(tmpdir(), 'bulkhead-image-'));
  const copies = [...stage.matchAll(/^COPY --from=build \/src\/(\S+) \.\/(\S*)$/gm)].map((m) => m[1]!);
  expect(copies).toEqual(expect.arrayContaining(['package.json', 'node_modules', 'build/bin', 'build/out']));
  for (const path of copies) {
    if (path === 'node_modules') symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'));
    else cpSync(join(root, path), join(app, path), { recursive: true, filter: (src) => !src.endsWith('.map') && !src.includes(`${sep}renderer`) });
  }
  return app;
}

describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs as a numeric non-root user (so runAsNonRoot can check it) and copies no credential in', () => {
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(finalStage);
    expect(user, 'USER UID:GID in the final stage').not.toBeNull();
    expect(Number(user![1])).toBeGreaterThan(0);
    expect(Number(user![1])).toBe(pod.securityContext.runAsUser);
    expect(dockerfile).not.toMatch(/^(COPY|ADD)\b.*(writer|identity|ID)\S*\.json/im);
    expect(read('deploy/Dockerfile.dockerignore')).toMatch(/\*\*\/WRITER\*\.json/);
  });

  // Where a Docker daemon answers, the image is built and run. This project's CI machine has the
  // docker client but no daemon (and no registry to pull node:20 from): there the final stage's
  // layout is rebuilt from the Dockerfile's own COPY lines and run, which is what the image would
  // run, short of the base image's Node and git (its user is checked above).
  const daemon = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
  it(`${daemon ? 'builds, and the image runs the CLI as UID 10001 on a read-only root filesystem' : "the final stage's files are all the CLI needs (no Docker daemon here to build the image)"}`, () => {
    if (!daemon) {
      const app = stageLayout(finalStage);
      try {
        const run = spawnSync(process.execPath, [join(app, 'build/bin/bulkhead.mjs'), '--version'], { cwd: app, encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout.trim()).toBe(JSON.parse(read('package.json')).version);
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
      return;
    }
    const tag = `bulkhead-agent-test:${process.pid}`;
    const build = spawnSync('docker', ['build', '-f', 'deploy/Dockerfile', '-t', tag, '.'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(build.status, build.stderr).toBe(0);
    try {
      const id = spawnSync('docker', ['run', '--rm', '--read-only', '--tmpfs', '/tmp', '--entrypoint', 'id', tag, '-u'], { encoding: 'utf8' });
      expect(id.stdout.trim()).toBe('10001');
      const version = spawnSync('docker', ['run', '--rm', '--read-only', '--tmpfs', '/tmp', tag, '--version'], { encoding: 'utf8' });
      expect(version.status, version.stderr).toBe(0);
      expect(version.stdout.trim()).toBe(JSON.parse(read('package.json')).version);
    } finally {
      spawnSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
    }
  }, 900_000);
});
