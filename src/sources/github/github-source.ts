import type { SourceType } from '../source.js';
import { parseGithubLocator } from './locator.js';
import { backupGithub } from './backup-github.js';

/** `github:OWNER[/REPO]`: an account's repositories with their context (see backup-github.ts). */
export const githubSource: SourceType = {
  kind: 'github',
  usage: 'github:OWNER[/REPO]',
  opensAs: 'folder',
  counted: 'tree',
  defaultName: (locator) => {
    const l = parseGithubLocator(locator);
    return l.repo ? `${l.owner}.${l.repo}` : l.owner;
  },
  normalize: (locator) => (parseGithubLocator(locator), locator),
  backup: backupGithub,
};
