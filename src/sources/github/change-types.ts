import type { ForgeChange } from '../forge/forge-change.js';

/** The kinds of change of a GitHub source's documents (forge/forge-change.ts). */
export type GithubChangeType =
  | 'repo-deleted' | 'repo-archived' | 'repo-unarchived' | 'repo-added' | 'settings-changed' | 'org-settings-changed'
  | 'comment-deleted' | 'review-comment-deleted' | 'member-invited'
  | 'protection-removed' | 'protection-weakened' | 'protection-changed' | 'protection-added'
  | 'actions-permissions-weakened' | 'actions-permissions-changed'
  | `${Noun}-deleted` | `${Noun}-changed` | `${Noun}-added` | `${'collaborator' | 'member' | 'team-access'}-removed`;
export type Noun = 'ruleset' | 'environment' | 'variable' | 'secret' | 'webhook' | 'deploy-key' | 'collaborator' | 'team-access' | 'label' | 'milestone' | 'release' | 'issue' | 'member' | 'team';

export interface GithubChange extends ForgeChange {
  type: GithubChangeType;
  /** `OWNER` for the account, `OWNER/REPO` for a repository. */
  scope: string;
}
