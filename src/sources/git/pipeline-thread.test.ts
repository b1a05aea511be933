import { describe, expect, it } from 'vitest';
import type { PipelineSystem } from './pipeline-system.js';
import { inThisThread, yamlThread, yamlThreadStarts } from './pipeline-thread.js';

const FILES: [PipelineSystem, string][] = [
  ['github-actions', 'name: CI\non: [push]\njobs:\n  a: {runs-on: x}\n'],
  ['github-actions', 'jobs: {}\njobs: {}\n'], // GitHub refuses duplicate keys
  ['github-actions', 'jobs: [unclosed\n'],
  ['gitlab-ci', '.base: &b\n  image: x\nunit:\n  <<: *b\n  <<: {stage: t}\n  script: !reference [.setup, script]\nunit: {script: y}\n'],
  ['drone', 'kind: pipeline\nname: a\n---\nkind: pipeline\nname: b\n'],
  ['tekton', ''],
  ['circleci', '- a list\n'],
];

describe('the YAML parse thread', () => {
  it('reads every file as this thread reads it (merge keys, !reference, streams, errors)', async () => {
    const thread = yamlThread();
    try {
      const [there, here] = await Promise.all([thread.read(FILES), inThisThread.read(FILES)]);
      expect(there).toEqual(here);
      expect(thread.elsewhere).toBe(FILES.length);
      expect(here.map((r) => ('error' in r ? 'error' : r.docs.length))).toEqual([1, 'error', 'error', 1, 2, 0, 1]);
      expect(await thread.read([])).toEqual([]);
    } finally {
      thread.close();
    }
  });

  it('reads in this thread once closed', async () => {
    const thread = yamlThread();
    thread.close();
    expect(await thread.read(FILES.slice(0, 1))).toEqual(await inThisThread.read(FILES.slice(0, 1)));
    expect(thread.elsewhere).toBe(0);
  });

  it('one thread serves readers at once and in a row (an organisation of repositories starts one)', async () => {
    const before = yamlThreadStarts();
    const [a, b] = [yamlThread(), yamlThread()];
    const [ra, rb] = await Promise.all([a.read(FILES.slice(0, 3)), b.read(FILES.slice(3))]);
    expect([...ra, ...rb]).toEqual(await inThisThread.read(FILES));
    expect([a.elsewhere, b.elsewhere]).toEqual([3, FILES.length - 3]);
    a.close();
    b.close();
    const c = yamlThread(); // within the idle time: the same thread
    expect(await c.read(FILES.slice(0, 1))).toEqual(await inThisThread.read(FILES.slice(0, 1)));
    expect(c.elsewhere).toBe(1);
    c.close();
    expect(yamlThreadStarts() - before).toBeLessThanOrEqual(1);
  });

  it('holds the process only while a batch waits on it: an idle thread never delays an exit', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const idle = ports();
    const thread = yamlThread();
    expect(ports()).toBe(idle); // made (or shared) and idle: not holding the process
    const reading = thread.read(FILES.slice(0, 1));
    expect(ports()).toBe(idle + 1);
    await reading;
    expect(ports()).toBe(idle);
    thread.close();
    expect(ports()).toBe(idle);
  });
});
