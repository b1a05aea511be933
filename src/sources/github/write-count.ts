import type { GithubChange } from './change-types.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const list = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/** What a restore step will ask of GitHub: write calls in all, and those that create content (issues, comments, releases), which GitHub limits to ~500 an hour. */
export interface WriteCount {
  writes: number;
  content: number;
}

/**
 * How many write calls putting one change back makes, from the snapshot's documents as the step
 * reads them (restore-actions.ts, restore-repo.ts, restore-issues.ts): an upper bound, as a
 * recreated repository's grants may be left out. The documents are the writer's word, so a
 * recreated repository "with 1,000,000 comments" is counted before it is planned, not found in the run.
 */
export function githubWrites(c: GithubChange, docs: Docs): WriteCount {
  const item = (key: (x: J) => string) => list(docs.get(c.path)).find((x) => key(x) === c.target);
  switch (c.type) {
    case 'repo-deleted':
      return repositoryWrites(c.scope, docs);
    case 'release-deleted':
    case 'release-changed':
      return { writes: 1 + list(item((x) => String(x.tag_name))?.assets).length, content: 1 };
    case 'environment-deleted':
    case 'environment-changed':
      return { writes: 1 + list(item((x) => String(x.name))?.deployment_branch_policies).length, content: 0 };
    case 'team-deleted':
    case 'team-changed': {
      const t = item((x) => String(x.slug));
      return { writes: 1 + list(t?.members).length + list(t?.repositories).length, content: 0 };
    }
    case 'actions-permissions-weakened':
    case 'actions-permissions-changed':
      return { writes: 3, content: 0 }; // the policy, the workflow permissions, the selected actions
    case 'comment-deleted':
    case 'review-comment-deleted':
      return { writes: 1, content: 1 };
    default:
      return { writes: 2, content: 0 }; // one call, or a read and a write, or two (a webhook's settings and its config)
  }
}

/** A recreated repository: creation, settings, context, releases with assets, issues with their discussion. */
function repositoryWrites(scope: string, docs: Docs): WriteCount {
  const of = (f: string) => list(docs.get(`${scope}/${f}`));
  const protections = Object.keys((docs.get(`${scope}/branch-protections.json`) ?? {}) as object).length;
  const environments = of('environments.json').reduce((n, e) => n + 1 + list(e.deployment_branch_policies).length, 0);
  const context = ['rulesets.json', 'actions-variables.json', 'labels.json', 'milestones.json', 'webhooks.json', 'deploy-keys.json', 'collaborators.json', 'teams.json'].reduce((n, f) => n + of(f).length, 0);
  const releases = of('releases.json');
  const issues = of('issues.json');
  const discussion = issues.reduce((n, i) => n + 2 + list(i.comments_list).length + list(i.reviews_list).length + list(i.review_comments_list).length, 0);
  const content = releases.length + issues.reduce((n, i) => n + 1 + list(i.comments_list).length + list(i.reviews_list).length + list(i.review_comments_list).length, 0);
  return { writes: 5 + protections + environments + context + releases.reduce((n, r) => n + 1 + list(r.assets).length, 0) + discussion, content };
}
