/**
 * Typed changes between two states of a GitHub source's documents (snapshot → snapshot, or
 * snapshot → live): what an operator must know after an incident, each with whether Bulkhead can
 * put it back (`restorable`) and, when it cannot be restored as it was, why (`note`).
 */
export type GithubChangeType =
  | 'repo-deleted' | 'repo-archived' | 'repo-unarchived' | 'repo-added' | 'settings-changed' | 'org-settings-changed'
  | 'comment-deleted' | 'review-comment-deleted' | 'member-invited'
  | 'protection-removed' | 'protection-weakened' | 'protection-changed' | 'protection-added'
  | `${Noun}-deleted` | `${Noun}-changed` | `${Noun}-added` | `${'collaborator' | 'member' | 'team-access'}-removed`;
export type Noun = 'ruleset' | 'environment' | 'variable' | 'secret' | 'webhook' | 'deploy-key' | 'collaborator' | 'team-access' | 'label' | 'milestone' | 'release' | 'issue' | 'member' | 'team';

export interface GithubChange {
  type: GithubChangeType;
  /** `OWNER` for the account, `OWNER/REPO` for a repository. */
  scope: string;
  /** What changed within the scope: a branch, an environment, a variable's name… */
  target?: string;
  /** The document it was read from (a path in the source's tree, browsable like a file). */
  path: string;
  fields?: string[];
  restorable: boolean;
  note?: string;
}
