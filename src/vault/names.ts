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
 * The same verdict as nameProblem on the name's UTF-8 bytes, without encoding it: "/" and NUL are
 * single bytes in UTF-8 and never part of a longer sequence (a tree of 100,000 names is screened
 * on every read, so this runs hot).
 */
function textProblem(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name === '.' || name === '..') return `"${name}" names a folder itself, not an entry in it`;
  if (name.includes('/')) return 'the name contains "/"';
  if (name.includes('\0')) return 'the name contains a NUL byte';
  return undefined;
}

/**
 * A stored name: its string, and when present its exact bytes (rawName, base64), which must be
 * valid too, decode to the same string, and be needed (not valid UTF-8: a writer stores them only
 * then), so one name has one stored form and duplicates are seen.
 */
export function storedNameProblem(e: { name: string; rawName?: string }): string | undefined {
  const text = textProblem(e.name);
  if (text || e.rawName === undefined) return text;
  const raw = Buffer.from(e.rawName, 'base64');
  if (raw.toString('base64') !== e.rawName) return 'its raw name is not valid base64';
  const bytes = nameProblem(raw);
  if (bytes) return `its raw name: ${bytes}`;
  if (raw.toString('utf8') !== e.name) return 'its raw name and its name differ';
  return Buffer.from(e.name, 'utf8').equals(raw) ? 'it has a raw name that plain UTF-8 already holds' : undefined;
}

/** Why a relative path (components joined by "/") cannot be created under a folder, or undefined. */
export function relativePathProblem(path: string): string | undefined {
  for (const part of path.split('/')) {
    const problem = nameProblem(Buffer.from(part, 'utf8'));
    if (problem) return `${JSON.stringify(path)}: ${problem}`;
  }
  return undefined;
}
