/** The CI/CD systems whose files a git source recognises as pipelines. */
export type PipelineSystem =
  | 'github-actions'
  | 'gitlab-ci'
  | 'jenkins'
  | 'circleci'
  | 'azure-pipelines'
  | 'bitbucket-pipelines'
  | 'buildkite'
  | 'drone'
  | 'tekton'
  | 'travis'
  | 'appveyor'
  | 'cirrus';
