import type { ForgeWords } from './forge-restore.js';

/**
 * How each forge's restore is spoken of (verb description, flags, confirmation, token): plain data,
 * so that the CLI declares `restore-github` and `restore-gitlab` from it without loading the forge
 * clients, and the restores themselves (restore-github.ts, restore-gitlab.ts) carry the same words.
 */
export const GITHUB_WORDS: ForgeWords = {
  name: 'GitHub',
  putsBack: 'deleted repositories, protections, environments, variables…',
  only: 'OWNER/REPO, or OWNER/REPO:TARGET (a branch, environment or variable name), or OWNER/REPO:TYPE:TARGET (one change exactly: the only way to plan one held back as lowering a protection); repeatable',
  confirm: { arg: 'owner', what: "the account's name" },
  token: { env: 'GITHUB_RESTORE_TOKEN', holds: 'the operator token that may write', may: 'that may administer the repositories' },
};

export const GITLAB_WORDS: ForgeWords = {
  name: 'GitLab',
  putsBack: 'deleted projects, variables with their values, protected branches, schedules…',
  only: 'FULL/PATH of a project or group, or FULL/PATH:TARGET (a branch, variable key, schedule…), or FULL/PATH:TYPE:TARGET (one change exactly: the only way to plan one held back as lowering a protection); repeatable',
  confirm: { arg: 'group', what: "the group's full path" },
  token: { env: 'GITLAB_RESTORE_TOKEN', holds: 'the operator token with the api scope', may: "with the api scope that may maintain the group's projects" },
};
