import { gitManifestSchema, type GitManifest } from './manifest.js';
import { BulkheadError } from '../../util/errors.js';

/**
 * A git source's manifest from its blob. Its writer chose the bytes: one that does not parse is a
 * CORRUPT error of one line naming the blob and the first problem, never zod's issue list (a JSON
 * array as long as the writer likes, printed by every verb that reports the source).
 */
export function readGitManifest(bytes: Buffer, id: string): GitManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BulkheadError('CORRUPT', `git manifest ${id.slice(0, 12)} is not JSON`);
  }
  const parsed = gitManifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const more = parsed.error.issues.length - 1;
  throw new BulkheadError('CORRUPT', `git manifest ${id.slice(0, 12)} is not a Bulkhead git manifest (${issue.path.slice(0, 4).join('.') || 'manifest'}: ${issue.message.slice(0, 120)}${more ? `, and ${more} more problems` : ''})`);
}
