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
  if (kind === 'git-list') throw new BulkheadError('USAGE', `git-list:FILE names many repositories; it cannot be named as one (${spec})`);
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
