import type { SourceKind, SourceType } from './source.js';
import { dirSource } from './dir/dir-source.js';
import { streamSource } from './stream/stream-source.js';
import { gitSource } from './git/git-source.js';
import { githubSource } from './github/github-source.js';
import { gitlabSource } from './gitlab/gitlab-source.js';

/** The one place that knows every kind of source. */
const TYPES: readonly SourceType[] = [dirSource, streamSource, gitSource, githubSource, gitlabSource];

export const SOURCE_KINDS: readonly SourceKind[] = TYPES.map((t) => t.kind);

export function isSourceKind(kind: string): kind is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(kind);
}

export function sourceType(kind: SourceKind): SourceType {
  return TYPES.find((t) => t.kind === kind)!;
}

/** For usage messages: "dir:PATH, stream:COMMAND or git:URL". */
export const sourceUsages = (): string => {
  const u = TYPES.map((t) => `[NAME=]${t.usage}`);
  return `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
};
