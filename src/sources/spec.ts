import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BulkheadError } from '../util/errors.js';

export type SourceKind = 'dir' | 'stream' | 'git';

export interface SourceSpec {
  name: string;
  kind: SourceKind;
  locator: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `[NAME=]KIND:LOCATOR`; NAME defaults to the locator's base name (a command's program name). */
export function parseSourceSpec(spec: string): SourceSpec {
  const m = /^(?:([^=:]+)=)?([a-z-]+):(.+)$/.exec(spec);
  if (!m) throw new BulkheadError('USAGE', `"${spec}" is not a source; write [NAME=]dir:PATH or [NAME=]stream:COMMAND`);
  const [, givenName, kind, locator] = m as unknown as [string, string | undefined, string, string];
  if (kind === 'git-list') throw new BulkheadError('USAGE', `git-list:FILE names many repositories; it cannot be named as one (${spec})`);
  if (kind !== 'dir' && kind !== 'stream' && kind !== 'git') {
    throw new BulkheadError('USAGE', `unknown source kind "${kind}" in "${spec}"; this version knows dir, stream and git`);
  }
  const base =
    kind === 'stream'
      ? basename(locator.trim().split(/\s+/)[0] ?? '')
      : kind === 'dir'
        ? basename(resolve(locator))
        : basename(locator.replace(/[?#].*$/, '').replace(/\/+$/, '')).replace(/\.git$/, '');
  const name = givenName ?? base;
  if (!NAME.test(name)) {
    throw new BulkheadError('USAGE', `"${name}" cannot name a source (letters, digits, . _ -); give one as NAME=${kind}:…`);
  }
  // A dir source records its absolute path: diff --live and restores later must find the same place.
  return { name, kind, locator: kind === 'dir' || (kind === 'git' && !/^[a-z+]+:\/\/|^[^/]+@[^/]+:/.test(locator)) ? resolve(locator) : locator };
}

export function checkUniqueNames(specs: readonly SourceSpec[]): void {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new BulkheadError('USAGE', `two sources are named "${s.name}"; name one with NAME=${s.kind}:…`);
    seen.add(s.name);
  }
}

/** Every --source, with each `git-list:FILE` expanded into one git source per line of FILE. */
export function expandSourceSpecs(specs: readonly string[]): SourceSpec[] {
  return specs.flatMap((spec) => {
    if (!spec.startsWith('git-list:')) return [parseSourceSpec(spec)];
    const file = spec.slice('git-list:'.length);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new BulkheadError('USAGE', `cannot read the repository list ${file}`);
    }
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    if (lines.length === 0) throw new BulkheadError('USAGE', `${file} lists no repositories (one URL or path per line)`);
    return lines.map((line) => parseSourceSpec(/^[^=:/]+=git:/.test(line) ? line : `git:${line}`));
  });
}
