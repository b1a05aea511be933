import { describe, expect, it } from 'vitest';
import { parsePipeline, pipelineSystem } from './pipelines.js';
describe('pipeline detection', () => {
  it('knows where each CI system keeps its pipelines', () => {
    expect(pipelineSystem('.github/workflows/ci.yml')).toBe('github-actions');
    expect(pipelineSystem('.github/workflows/nested/ci.yml')).toBeUndefined();
    expect(pipelineSystem('.gitlab-ci.yml')).toBe('gitlab-ci');
    expect(pipelineSystem('ci/Jenkinsfile')).toBe('jenkins');
    expect(pipelineSystem('.circleci/config.yml')).toBe('circleci');
    expect(pipelineSystem('azure-pipelines.yml')).toBe('azure-pipelines');
    expect(pipelineSystem('bitbucket-pipelines.yml')).toBe('bitbucket-pipelines');
    expect(pipelineSystem('.buildkite/pipeline.yml')).toBe('buildkite');
    expect(pipelineSystem('.drone.yml')).toBe('drone');
    expect(pipelineSystem('.tekton/build.yaml')).toBe('tekton');
    expect(pipelineSystem('src/app.yml')).toBeUndefined();
  });

  it('reads name, triggers and jobs', () => {
    const gh = parsePipeline('github-actions', 'p', 'b', 'name: Deploy\non:\n  push: {}\n  schedule: [{cron: "0 3 * * *"}]\njobs:\n  build: {}\n  ship: {}\n');
    expect(gh).toMatchObject({ name: 'Deploy', triggers: ['push', 'schedule'], jobs: ['build', 'ship'], valid: true });
    const gl = parsePipeline('gitlab-ci', 'p', 'b', 'stages: [a]\nvariables: {}\n.hidden: {}\nunit:\n  script: x\nlint:\n  script: y\n');
    expect(gl.jobs).toEqual(['unit', 'lint']);
    const jf = parsePipeline('jenkins', 'p', 'b', "pipeline { stages { stage('Build') {} stage(\"Test\") {} } }");
    expect(jf.jobs).toEqual(['Build', 'Test']);
    const cc = parsePipeline('circleci', 'p', 'b', 'version: 2.1\njobs:\n  test: {}\nworkflows:\n  main: {}\n');
    expect(cc).toMatchObject({ jobs: ['test'], triggers: ['main'] });
  });

  it('follows GitLab local includes', () => {
    const gl = parsePipeline('gitlab-ci', '.gitlab-ci.yml', 'b', "include:\n  - local: /ci/build.yml\n  - 'ci/test.yml'\n  - remote: https://x/y.yml\n  - https://x/z.yml\n");
    expect(gl.includes).toEqual(['ci/build.yml', 'ci/test.yml']);
  });

  it('records invalid YAML as invalid instead of dropping it', () => {
    const bad = parsePipeline('github-actions', '.github/workflows/x.yml', 'b', 'jobs: [unclosed\n');
    expect(bad.valid).toBe(false);
    expect(bad.error).toBeTruthy();
  });

  it('reads every document of a multi-document Drone file', () => {
    const text = 'kind: pipeline\nname: build\ntrigger: {branch: [main]}\nsteps:\n  - name: test\n  - name: lint\n---\nkind: pipeline\nname: deploy\ntrigger: {event: [tag]}\nsteps:\n  - name: ship\n---\nkind: secret\nname: token\nget: {path: x}\n';
    const drone = parsePipeline('drone', '.drone.yml', 'b', text);
    expect(drone).toMatchObject({ valid: true, name: 'build, deploy', triggers: ['branch', 'event'], jobs: ['build/test', 'build/lint', 'deploy/ship'] });
  });

  it('takes GitLab files as GitLab does: repeated merge keys, a duplicate key, !reference tags', () => {
    const text = '.base: &base\n  image: alpine\n.cache: &cache\n  cache: {key: x}\nunit:\n  <<: *base\n  <<: *cache\n  script: [make]\n  script: [make test]\nlint:\n  script:\n    - !reference [.base, image]\n';
    const warn = console.warn;
    const warned: unknown[] = [];
    console.warn = (...a: unknown[]) => warned.push(a);
    try {
      const gl = parsePipeline('gitlab-ci', '.gitlab-ci.yml', 'b', text);
      expect(gl).toMatchObject({ valid: true, jobs: ['unit', 'lint'] });
    } finally {
      console.warn = warn;
    }
    expect(warned).toEqual([]);
  });

  it('still refuses a duplicate key in a GitHub workflow (GitHub does)', () => {
    expect(parsePipeline('github-actions', 'p', 'b', 'on: push\njobs: {}\njobs: {}\n').valid).toBe(false);
  });

  it('knows Travis CI, AppVeyor and Cirrus CI', () => {
    expect(pipelineSystem('.travis.yml')).toBe('travis');
    expect(pipelineSystem('appveyor.yml')).toBe('appveyor');
    expect(pipelineSystem('.appveyor.yml')).toBe('appveyor');
    expect(pipelineSystem('.cirrus.yml')).toBe('cirrus');
    const travis = parsePipeline('travis', '.travis.yml', 'b', 'language: node_js\njobs:\n  include:\n    - name: unit\n    - stage: deploy\n');
    expect(travis).toMatchObject({ valid: true, jobs: ['unit', 'deploy'] });
    const appveyor = parsePipeline('appveyor', 'appveyor.yml', 'b', 'install:\n  - npm ci\nbuild: off\ntest_script:\n  - npm test\n');
    expect(appveyor).toMatchObject({ valid: true, jobs: ['install', 'test_script'] });
    const cirrus = parsePipeline('cirrus', '.cirrus.yml', 'b', 'lint_task:\n  script: make lint\ntest_task:\n  name: Tests\n  script: make test\ntask:\n  script: make\n');
    expect(cirrus).toMatchObject({ valid: true, jobs: ['lint', 'Tests', 'main'] });
  });
});
