/**
 * Which names a restore may create. A tree or manifest comes from a writer, and a hijacked writer
 * can sign anything: a name is one path component, never a way out of its folder.
 */

/** Why these exact bytes cannot be one path component, or undefined when they can. */
export function nameProblem(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'an empty name';
  if (bytes.equals(DOT) || bytes.equals(DOTDOT)) return `"${bytes.toString()}" names a folder itself, not an entry in it`;
  if (bytes.includes(0x2f)) return 'the name contains "/"';
  if (bytes.includes(0)) return 'the name contains a NUL byte';
  return undefined;
}

const DOT = Buffer.from('.');
const DOTDOT = Buffer.from('..');

/**
 * A stored name: its string, and when present its exact bytes (rawName, base64), which must be
 * valid too and decode to the same string (a writer that stores them from one name always does).
 */
export function storedNameProblem(e: { name: string; rawName?: string }): string | undefined {
  const text = nameProblem(Buffer.from(e.name, 'utf8'));
  if (text || e.rawName === undefined) return text;
  const raw = Buffer.from(e.rawName, 'base64');
  if (raw.toString('base64') !== e.rawName) return 'its raw name is not valid base64';
  const bytes = nameProblem(raw);
  if (bytes) return `its raw name: ${bytes}`;
  return raw.toString('utf8') === e.name ? undefined : 'its raw name and its name differ';
}

/** Why a relative path (components joined by "/") cannot be created under a folder, or undefined. */
export function relativePathProblem(path: string): string | undefined {
  for (const part of path.split('/')) {
    const problem = nameProblem(Buffer.from(part, 'utf8'));
    if (problem) return `${JSON.stringify(path)}: ${problem}`;
  }
  return undefined;
}
