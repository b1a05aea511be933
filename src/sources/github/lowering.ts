import type { GithubChange } from './change-types.js';
import { weakened } from './protection-strength.js';
import { policyDifferences, sayDifference } from './actions-policy.js';
import { rulesetLowering } from './ruleset-strength.js';
import { environmentLowering } from './environment-strength.js';
import { branchGuard } from './default-branch.js';
import { orgLowering, orgMailRedirected } from './org-settings-strength.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/**
 * What putting a change back would lower in the live account: a protection weakened, a repository
 * made more visible, someone's access raised. A snapshot's documents are its writer's word, and a
 * hijacked writer can record a public repository, a branch with no required reviews or a
 * collaborator as admin; a restore of that snapshot would then do what the agent could not.
 * Empty when the restore keeps or raises every protection it touches.
 */
export function githubLowering(c: GithubChange, snap: Docs, live: Docs): string[] {
  const doc = (d: Docs, file: string) => d.get(`${c.scope.includes('/') ? c.scope : `${c.scope}/_org`}/${file}`);
  const item = (d: Docs, key: (x: J) => string) => listOf(d.get(c.path)).find((x) => key(x) === c.target);
  switch (c.type) {
    // Weakened live in one setting, the snapshot can still be weaker in another: both are checked.
    case 'protection-weakened':
    case 'protection-changed': {
      const [s, l] = [doc(snap, 'branch-protections.json'), doc(live, 'branch-protections.json')].map((d) => (d as Record<string, J> | undefined)?.[c.target!]);
      return weakened(l, s).map((f) => `branch protection ${f}`);
    }
    case 'settings-changed': {
      const [s, l] = [doc(snap, 'repository.json') as J | undefined, doc(live, 'repository.json') as J | undefined];
      // A repository recreated private (restore-repo.ts): its visibility step opens it from private.
      if (s && !l && exposure(s) > 0) return [`visibility private → ${visibility(s)} (the repository is recreated private)`];
      if (!s || !l) return [];
      // The default branch runs scheduled workflows and takes pull requests: moving it off a protected branch onto an unprotected one lowers both.
      const from = branchGuard(live, c.scope, String(l.default_branch), true);
      const moved = s.default_branch !== l.default_branch && from && !branchGuard(live, c.scope, String(s.default_branch), false) ? [`default branch ${String(l.default_branch)} (${from}) → ${String(s.default_branch)} (not protected)`] : [];
      return [...(exposure(s) > exposure(l) ? [`visibility ${visibility(l)} → ${visibility(s)}`] : []), ...moved];
    }
    case 'environment-changed': {
      const key = (x: J) => String(x.name);
      return environmentLowering(item(live, key), item(snap, key));
    }
    case 'ruleset-changed': {
      const key = (x: J) => String(x.name);
      return rulesetLowering(item(live, key), item(snap, key));
    }
    case 'webhook-changed': {
      const key = (x: J) => String((x.config as J | undefined)?.url);
      const ssl = (x: J | undefined) => String((x?.config as J | undefined)?.insecure_ssl ?? '0');
      return ssl(item(live, key)) === '0' && ssl(item(snap, key)) !== '0' ? ['TLS certificate checks of the webhook turned off'] : [];
    }
    // The snapshot's Actions policy letting more run than GitHub's now (all actions, a write GITHUB_TOKEN): its writer's word.
    case 'actions-permissions-weakened':
    case 'actions-permissions-changed':
      return policyDifferences(doc(live, 'actions-permissions.json'), doc(snap, 'actions-permissions.json')).filter((d) => d.weaker).map((d) => `Actions ${sayDifference(d).replace(/ \(weaker\)$/, '')}`);
    case 'org-settings-changed':
      return orgLowering(doc(live, 'org.json') as J | undefined, doc(snap, 'org.json') as J | undefined);
    default:
      return [];
  }
}

/**
 * Whose access putting a change back raises, in words: said first in the plan's step, not held
 * back, because raising access again is what a restore is for after an agent demoted an owner; the
 * snapshot's writer could equally have recorded its own account as admin, so the step says whom and how far.
 */
export function githubAccessRaised(c: GithubChange, snap: Docs, live: Docs): string[] {
  const item = (d: Docs, key: (x: J) => string) => listOf(d.get(c.path)).find((x) => key(x) === c.target);
  const who = `@${c.target ?? ''}`;
  switch (c.type) {
    case 'collaborator-changed':
      return raised(`${who}'s role on ${c.scope}`, item(live, (x) => String(x.login))?.role_name, item(snap, (x) => String(x.login))?.role_name, ROLES);
    case 'collaborator-removed':
      return [`${who} gets role ${String(item(snap, (x) => String(x.login))?.role_name)} on ${c.scope}`];
    case 'team-access-changed':
      return raised(`team ${c.target ?? ''}'s permission on ${c.scope}`, item(live, (x) => String(x.slug))?.permission, item(snap, (x) => String(x.slug))?.permission, ROLES);
    case 'member-changed':
      return raised(`${who}'s role in ${c.scope}`, item(live, (x) => String(x.login))?.role, item(snap, (x) => String(x.login))?.role, { member: 0, admin: 1 });
    case 'member-removed':
      return [`${who} invited to ${c.scope} as ${String(item(snap, (x) => String(x.login))?.role ?? 'member')}`];
    case 'team-access-removed':
      return [`team ${c.target ?? ''} gets permission ${String(item(snap, (x) => String(x.slug))?.permission)} on ${c.scope}`];
    case 'team-deleted':
      return [`team ${c.target ?? ''} of ${c.scope} recreated with the members and repository permissions the snapshot lists`];
    case 'team-changed':
      return c.fields?.some((f) => f === 'members' || f === 'repositories' || f.startsWith('repositories.')) ? [`team ${c.target ?? ''} of ${c.scope}: ${(c.fields ?? []).join(', ')} as the snapshot lists them`] : [];
    case 'deploy-key-deleted': {
      // A read-only key still clones a private repository: whose key it is, is the snapshot writer's word.
      const key = item(snap, (x) => String(x.key));
      return [`a deploy key that can ${key?.read_only === false ? 'push to' : 'read'} ${c.scope} (${String(key?.title ?? '')})`];
    }
    case 'webhook-deleted':
      return [`${c.scope}'s events (${listOf(item(snap, (x) => String((x.config as J | undefined)?.url))?.events).join(', ')}) sent to ${c.target ?? ''}`];
    case 'webhook-changed':
      return hookWidened(c.scope, c.target ?? '', item(live, (x) => String((x.config as J | undefined)?.url)), item(snap, (x) => String((x.config as J | undefined)?.url)));
    case 'repo-deleted':
      return recreatedAccess(c.scope, snap);
    case 'org-settings-changed':
      return orgMailRedirected(c.scope, live.get(c.path) as J | undefined, snap.get(c.path) as J | undefined);
    default:
      return [];
  }
}

/**
 * A webhook put back sending more than it does now: events it does not send (`*` is every event),
 * or sending again when it is inactive. Its address is the writer's word like a new hook's (GitLab's
 * hook-changed is a grant the same way); what it stops sending is not said.
 */
function hookWidened(scope: string, url: string, now: J | undefined, snapshot: J | undefined): string[] {
  if (!now || !snapshot) return [];
  const events = (h: J) => (Array.isArray(h.events) ? (h.events as unknown[]).map(String) : []);
  const sent = new Set(events(now));
  const more = sent.has('*') ? [] : events(snapshot).filter((e) => !sent.has(e));
  const out: string[] = [];
  if (now.active === false && snapshot.active !== false) out.push(`${scope}'s inactive webhook to ${url} sending again (${events(snapshot).join(', ')})`);
  if (more.length > 0) out.push(`${scope}'s events ${more.join(', ')} sent to ${url} too`);
  return out;
}

/** Who a recreated repository lets in, as its documents say: collaborators and teams by role, keys that can push, webhook addresses. */
function recreatedAccess(scope: string, snap: Docs): string[] {
  const list = (file: string) => listOf(snap.get(`${scope}/${file}`));
  const people = list('collaborators.json').map((x) => `@${String(x.login)} ${String(x.role_name)}`);
  const teams = list('teams.json').map((x) => `team ${String(x.slug)} ${String(x.permission)}`);
  const keys = list('deploy-keys.json').map((x) => `deploy key ${String(x.title ?? '')} that can ${x.read_only === false ? 'push' : 'read'}`);
  const hooks = list('webhooks.json').map((x) => `webhook to ${String((x.config as J | undefined)?.url)}`);
  const all = [...people, ...teams, ...keys, ...hooks];
  return all.length === 0 ? [] : [`${scope} to ${all.join(', ')}`];
}

const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
/** A collaborator's or team's access, lowest first (GitHub says read/pull and write/push for the same level). */
const ROLES: Record<string, number> = { read: 0, pull: 0, triage: 1, write: 2, push: 2, maintain: 3, admin: 4 };

function raised(what: string, now: unknown, snapshot: unknown, order: Record<string, number>): string[] {
  const at = (v: unknown) => (Object.hasOwn(order, String(v)) ? order[String(v)] : undefined);
  const [n, s] = [at(now), at(snapshot)];
  return n !== undefined && s !== undefined && s > n ? [`${what} ${String(now)} → ${String(snapshot)}`] : [];
}

const visibility = (r: J) => String(r.visibility ?? (r.private ? 'private' : 'public'));
const exposure = (r: J) => ['private', 'internal', 'public'].indexOf(visibility(r));
