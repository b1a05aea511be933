import { readFileSync } from 'node:fs';
import { BulkheadError } from '../util/errors.js';
import type { SourceSpec } from './source.js';
import { isSourceKind, SOURCE_KINDS, sourceType, sourceUsages } from './registry.js';

export type { SourceKind, SourceSpec } from './source.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `[NAME=]KIND:LOCATOR`; NAME defaults to the locator's base name (a command's program name). */
export function parseSourceSpec(spec: string): SourceSpec {
  const m = /^(?:([^=:]+)=)?([a-z-]+):(.+)$/.exec(spec);
  if (!m) throw new BulkheadError('USAGE', `"${spec}" is not a source; write ${sourceUsages()}`);
  const [, givenName, kind, locator] = m as unknown as [string, string | undefined, string, string];
  if (kind === 'git-list' || kind === 'github-list') throw new BulkheadError('USAGE', `${kind}:FILE names many sources; it cannot be named as one (${spec})`);
  if (!isSourceKind(kind)) {
    throw new BulkheadError('USAGE', `unknown source kind "${kind}" in "${spec}"; this version knows ${SOURCE_KINDS.join(', ')}`);
  }
  const type = sourceType(kind);
  const name = givenName ?? type.defaultName(locator);
  if (!NAME.test(name)) {
    throw new BulkheadError('USAGE', `"${name}" cannot name a source (letters, digits, . _ -); give one as NAME=${kind}:…`);
  }
  return { name, kind, locator: type.normalize(locator) };
}

export function checkUniqueNames(specs: readonly SourceSpec[]): void {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new BulkheadError('USAGE', `two sources are named "${s.name}"; name one with NAME=${s.kind}:…`);
    seen.add(s.name);
  }
}

/**
 * Files that list sources, one a line (`#` comments and blank lines skipped): `git-list:FILE` of git
 * URLs or paths, `github-list:FILE` of GitHub accounts or repositories (`acme`, `acme/api?forks=1`).
 * A line may also be a whole spec of that kind (`NAME=git:URL`, `github:OWNER`, `NAME=github:OWNER/REPO`).
 * A bare `github:…` line in a git list stays a git URL (an ssh host alias may be named github).
 */
const LISTS: Record<string, { kind: 'git' | 'github'; what: string; whole: RegExp }> = {
  'git-list': { kind: 'git', what: 'repositories (one URL or path per line)', whole: /^[^=:/]+=git:/ },
  'github-list': { kind: 'github', what: 'GitHub accounts or repositories (one OWNER or OWNER/REPO per line)', whole: /^([^=:/]+=)?github:/ },
};

/** Every --source, with each list file expanded into one source per line of it. */
export function expandSourceSpecs(specs: readonly string[]): SourceSpec[] {
  return specs.flatMap((spec) => {
    const m = /^([a-z-]+):(.*)$/.exec(spec);
    const list = m && Object.hasOwn(LISTS, m[1]!) ? LISTS[m[1]!]! : undefined;
    if (!list) return [parseSourceSpec(spec)];
    const file = m![2]!;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new BulkheadError('USAGE', `cannot read the ${list.kind === 'git' ? 'repository' : 'GitHub'} list ${file}`);
    }
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    if (lines.length === 0) throw new BulkheadError('USAGE', `${file} lists no ${list.what}`);
    return lines.map((line) => parseSourceSpec(list.whole.test(line) ? line : `${list.kind}:${line}`));
  });
}
