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
});
