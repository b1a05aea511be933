/** The CI/CD systems whose files a git source recognises as pipelines. */
export const PIPELINE_SYSTEMS = [
  'github-actions',
  'gitlab-ci',
  'jenkins',
  'circleci',
  'azure-pipelines',
  'bitbucket-pipelines',
  'buildkite',
  'drone',
  'tekton',
  'travis',
  'appveyor',
  'cirrus',
] as const;

export type PipelineSystem = (typeof PIPELINE_SYSTEMS)[number];
