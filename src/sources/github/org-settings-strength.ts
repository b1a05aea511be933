/**
 * Which way each organisation setting a restore writes (PATCH /orgs/{org}, `kinds.ts ORG_SETTINGS`)
 * protects, judged in the form written (red team 4, R4-6: 5 of the 20 written were judged, so a
 * snapshot turned deploy keys, internal repositories and private pages back on unflagged). A key
 * with no direction here counts as lowering (org-settings-strength.test.ts holds the table to
 * ORG_SETTINGS); a flag that is not a boolean is refused before it is written.
 */
import { BulkheadError } from '../../util/errors.js';
import { ORG_SETTINGS, ORG_UNSETTABLE } from './kinds.js';

type J = Record<string, unknown>;

/** How a setting protects: `opens` lowers when turned on, `guards` when turned off; `mail` names who receives the organisation's mail (a grant); `text` is the profile. */
type Direction = 'opens' | 'guards' | 'mail' | 'text' | 'permission';

export const ORG_DIRECTIONS: Record<string, Direction> = {
  name: 'text',
  description: 'text',
  blog: 'text',
  company: 'text',
  location: 'text',
  email: 'mail',
  billing_email: 'mail',
  default_repository_permission: 'permission',
  members_can_create_repositories: 'opens',
  members_can_create_public_repositories: 'opens',
  members_can_create_private_repositories: 'opens',
  members_can_create_internal_repositories: 'opens',
  members_can_fork_private_repositories: 'opens',
  members_can_create_pages: 'opens',
  members_can_create_public_pages: 'opens',
  members_can_create_private_pages: 'opens',
  has_organization_projects: 'opens',
  has_repository_projects: 'opens',
  deploy_keys_enabled_for_repositories: 'opens',
  web_commit_signoff_required: 'guards',
  two_factor_requirement_enabled: 'guards',
};

const PERMISSION: Record<string, number> = { none: 0, read: 1, write: 2, admin: 3 };
const FLAGS: Direction[] = ['opens', 'guards'];

/** The settings a restore of `snapshot` over `now` writes: recorded (not null) and differing (as `changes.ts` finds them). */
const written = (now: J, snapshot: J) => [...ORG_SETTINGS, ...ORG_UNSETTABLE].filter((f) => snapshot[f] !== undefined && snapshot[f] !== null && now[f] !== undefined && JSON.stringify(now[f]) !== JSON.stringify(snapshot[f]));

/** Settings where the snapshot's value gives members more than GitHub's now does, or whose value or direction is not known. */
export function orgLowering(now: J | undefined, snapshot: J | undefined): string[] {
  if (!now || !snapshot) return [];
  const out: string[] = [];
  for (const f of written(now, snapshot)) {
    const [n, s] = [now[f], snapshot[f]];
    const dir = ORG_DIRECTIONS[f];
    if (dir === undefined) out.push(`${f} (a setting whose direction this version does not know) ${JSON.stringify(n)} → ${JSON.stringify(s)}`);
    else if (FLAGS.includes(dir) && typeof s !== 'boolean') out.push(`${f} recorded as ${JSON.stringify(s)}, not true or false`);
    else if (dir === 'opens' && s === true) out.push(`${f} off → on`);
    else if (dir === 'guards' && s === false) out.push(`${f} on → off`);
    else if (dir === 'permission' && !(Object.hasOwn(PERMISSION, String(s)) && Object.hasOwn(PERMISSION, String(n)) && PERMISSION[String(s)]! <= PERMISSION[String(n)]!)) {
      out.push(`default repository permission ${String(n)} → ${String(s)}`);
    }
  }
  return out;
}

/** Who would receive the organisation's mail instead: the snapshot's address is its writer's word, held back like a grant. */
export function orgMailRedirected(org: string, now: J | undefined, snapshot: J | undefined): string[] {
  if (!now || !snapshot) return [];
  return written(now, snapshot)
    .filter((f) => ORG_DIRECTIONS[f] === 'mail')
    .map((f) => `${String(snapshot[f])} receives ${org}'s ${f === 'billing_email' ? 'billing mail' : 'mail as its public address'} (now ${String(now[f])})`);
}

/** PATCH /orgs/{org}'s body for `fields`, as judged: a flag that is not a boolean is refused (TAMPERED) before anything is written. */
export function orgSettingsBody(org: string, saved: J, fields: string[]): J {
  const keys = fields.filter((f) => ORG_SETTINGS.includes(f) && saved[f] !== undefined && saved[f] !== null);
  for (const f of keys) {
    const dir = ORG_DIRECTIONS[f];
    if (dir === undefined) throw new BulkheadError('TAMPERED', `${org}'s organisation setting ${f} has no known direction; refused, nothing written: set it by hand`);
    if (FLAGS.includes(dir) && typeof saved[f] !== 'boolean') throw new BulkheadError('TAMPERED', `${org}'s organisation setting ${f} is recorded as ${JSON.stringify(saved[f])}, not true or false; refused, nothing written`);
    if ((dir === 'mail' || dir === 'text') && typeof saved[f] !== 'string') throw new BulkheadError('TAMPERED', `${org}'s organisation setting ${f} is recorded as ${JSON.stringify(saved[f])}, not text; refused, nothing written`);
    if (dir === 'permission' && !Object.hasOwn(PERMISSION, String(saved[f]))) throw new BulkheadError('TAMPERED', `${org}'s default repository permission is recorded as ${JSON.stringify(saved[f])}; refused, nothing written`);
  }
  return Object.fromEntries(keys.map((f) => [f, saved[f]]));
}
