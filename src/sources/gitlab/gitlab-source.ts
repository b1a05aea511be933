import type { SourceType } from '../source.js';
import { parseGitlabLocator } from './locator.js';
import { backupGitlab } from './backup-gitlab.js';

/** `gitlab:GROUP[/PROJECT]`: a group's projects (subgroups included) with their context (see backup-gitlab.ts). */
export const gitlabSource: SourceType = {
  kind: 'gitlab',
  usage: 'gitlab:GROUP[/PROJECT]',
  opensAs: 'folder',
  counted: 'tree',
  defaultName: (locator) => parseGitlabLocator(locator).path.replace(/\//g, '.'),
  normalize: (locator) => (parseGitlabLocator(locator), locator),
  backup: backupGitlab,
};
