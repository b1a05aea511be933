import type { GithubClient } from './client.js';
import type { GithubChange } from './change-types.js';

type J = Record<string, unknown>;
type P = { owner: string; repo: string };

/**
 * Puts a changed webhook, label or milestone back to the snapshot's values, in place (same id, so
 * deliveries, issues and pull requests keep pointing at it). Returns what it could not put back.
 */
export async function repairItem(octokit: GithubClient, p: P, c: GithubChange, saved: J): Promise<string[]> {
  switch (c.type) {
    case 'webhook-changed': {
      const live = (await octokit.paginate('GET /repos/{owner}/{repo}/hooks', { ...p, per_page: 100 })).find((h) => h.config.url === c.target);
      if (!live) return [`webhook ${c.target!} of ${p.owner}/${p.repo} is gone since the plan was made; restore it as deleted`];
      await octokit.request('PATCH /repos/{owner}/{repo}/hooks/{hook_id}', { ...p, hook_id: live.id, active: !!saved.active, events: saved.events as string[] });
      await octokit.request('PATCH /repos/{owner}/{repo}/hooks/{hook_id}/config', { ...p, hook_id: live.id, ...hookConfig(saved) });
      return secretNote(saved, live.config as J, `webhook ${c.target!} of ${p.owner}/${p.repo}`);
    }
    case 'label-changed':
      await octokit.request('PATCH /repos/{owner}/{repo}/labels/{name}', { ...p, name: c.target!, color: String(saved.color), description: String(saved.description ?? '') });
      return [];
    case 'milestone-changed': {
      const live = (await octokit.paginate('GET /repos/{owner}/{repo}/milestones', { ...p, state: 'all', per_page: 100 })).find((m) => m.title === c.target);
      if (!live) return [`milestone ${c.target!} of ${p.owner}/${p.repo} is gone since the plan was made; restore it as deleted`];
      await octokit.request('PATCH /repos/{owner}/{repo}/milestones/{milestone_number}', { ...p, milestone_number: live.number, state: saved.state as 'open', description: String(saved.description ?? ''), ...(saved.due_on ? { due_on: String(saved.due_on) } : {}) });
      return !saved.due_on && live.due_on ? [`milestone ${c.target!} of ${p.owner}/${p.repo} had no due date; GitHub's API cannot clear the one it has now (${live.due_on}): clear it by hand`] : [];
    }
    default:
      throw new Error(`${c.type} is not a change repairItem puts back`);
  }
}

/** What PATCH …/hooks/{id}/config takes from a saved config: everything but the URL (the hook's key) and the secret (never backed up, left as it is). */
export function hookConfig(saved: J): { content_type?: string; insecure_ssl?: string } {
  const config = saved.config as J;
  return {
    ...(typeof config.content_type === 'string' && { content_type: config.content_type }),
    ...(config.insecure_ssl !== undefined && config.insecure_ssl !== null && { insecure_ssl: String(config.insecure_ssl) }),
  };
}

/** A webhook that had a shared secret and has none now cannot get it back from the snapshot: said so. */
export function secretNote(saved: J, liveConfig: J, what: string): string[] {
  const had = (saved.config as J).has_secret === true;
  const has = liveConfig.secret !== undefined && liveConfig.secret !== null;
  return had && !has ? [`${what} had a shared secret and has none now; the secret is not backed up: set it again`] : [];
}
