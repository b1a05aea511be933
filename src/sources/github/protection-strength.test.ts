import { describe, expect, it } from 'vitest';
import { checkedSettings, weakened } from './protection-strength.js';
import { protectionInput } from './restore-inputs.js';

type J = Record<string, unknown>;
const people = (users: string[], teams: string[] = [], apps: string[] = []) => ({ users: users.map((login) => ({ login })), teams: teams.map((slug) => ({ slug })), apps: apps.map((slug) => ({ slug })) });
/** A branch protection with every setting GitHub's read shape gives, on. */
const full: J = {
  required_status_checks: { strict: true, contexts: ['ci/test'], checks: [{ context: 'ci/test', app_id: 15368 }] },
  enforce_admins: { enabled: true },
  required_pull_request_reviews: {
    dismiss_stale_reviews: true,
    require_code_owner_reviews: true,
    required_approving_review_count: 2,
    require_last_push_approval: true,
    dismissal_restrictions: people(['alice'], ['ops']),
    bypass_pull_request_allowances: people([], ['release-bots']),
  },
  restrictions: people(['alice'], ['ops']),
  required_linear_history: { enabled: true },
  allow_force_pushes: { enabled: false },
  allow_deletions: { enabled: false },
  required_conversation_resolution: { enabled: true },
  lock_branch: { enabled: true },
  block_creations: { enabled: true },
};
const leaves = (v: unknown, at = ''): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => leaves(x, at ? `${at}.${k}` : k)) : [at]);

describe('what makes a branch protection weaker', () => {
  it('every setting the restore writes has its check (red team 3: two it wrote were never compared)', () => {
    const checked = checkedSettings();
    const unchecked = leaves(protectionInput(full)).filter((path) => !checked.some((name) => path === name || path.endsWith(`.${name}`)));
    expect(unchecked).toEqual([]);
  });

  it('the last push approval, branch creation blocking, who may dismiss or bypass reviews, the app a check must come from', () => {
    const reviews = full.required_pull_request_reviews as J;
    const loose: J = {
      ...full,
      required_status_checks: { strict: true, contexts: ['ci/test'], checks: [{ context: 'ci/test', app_id: null }] },
      required_pull_request_reviews: { ...reviews, require_last_push_approval: false, dismissal_restrictions: people(['alice', 'mallory'], ['ops']), bypass_pull_request_allowances: people(['mallory'], ['release-bots']) },
      block_creations: { enabled: false },
    };
    expect(weakened(full, loose)).toEqual(['require_last_push_approval', 'dismissal_restrictions.users', 'bypass_pull_request_allowances.users', 'required_status_checks.checks', 'block_creations']);
    expect(weakened(full, { ...full, required_pull_request_reviews: { ...reviews, dismissal_restrictions: undefined } })).toEqual(['dismissal_restrictions']);
    expect(weakened(loose, full)).toEqual([]);
    // Reviews required where none were: whoever may bypass them was past them already.
    expect(weakened({ ...full, required_pull_request_reviews: null }, full)).toEqual([]);
  });

  it('the write body carries who may dismiss or bypass reviews and which app sends each check, as recorded', () => {
    const body = protectionInput(full);
    expect(body.required_status_checks).toEqual({ strict: true, contexts: ['ci/test'], checks: [{ context: 'ci/test', app_id: 15368 }] });
    expect(body.required_pull_request_reviews).toMatchObject({ dismissal_restrictions: { users: ['alice'], teams: ['ops'], apps: [] }, bypass_pull_request_allowances: { users: [], teams: ['release-bots'], apps: [] } });
    // A check from any source reads back as null: written -1 (omitted, GitHub would tie it to the last app that sent it).
    expect((protectionInput({ required_status_checks: { strict: false, contexts: ['a'], checks: [{ context: 'a', app_id: null }] } }).required_status_checks as J).checks).toEqual([{ context: 'a', app_id: -1 }]);
  });

  it('required checks are judged in the form written: `checks` emptied under the same `contexts` drops them (red team 4, R4-1)', () => {
    const live: J = { ...full, required_status_checks: { strict: true, contexts: ['ci/test', 'lint'], checks: [{ context: 'ci/test', app_id: 15368 }, { context: 'lint', app_id: null }] } };
    const forged: J = { ...live, required_status_checks: { strict: true, contexts: ['ci/test', 'lint'], checks: [] } };
    expect(weakened(live, forged)).toEqual(['required_status_checks.contexts']);
    expect((protectionInput(forged).required_status_checks as J).contexts).toEqual([]);
    // An app id that is not a number is written, and so judged, as any source.
    const loose: J = { ...live, required_status_checks: { strict: true, contexts: ['ci/test', 'lint'], checks: [{ context: 'ci/test', app_id: '15368' }, { context: 'lint', app_id: null }] } };
    expect(weakened(live, loose)).toEqual(['required_status_checks.checks']);
    // Contexts only (no `checks` list): written from any source, live contexts kept.
    expect(weakened(live, { ...live, required_status_checks: { strict: true, contexts: ['ci/test', 'lint'] } })).toEqual(['required_status_checks.checks']);
    expect(weakened(live, live)).toEqual([]);
  });

  it('a flag recorded as a string is written as off, as it is judged', () => {
    const body = protectionInput({ ...full, allow_force_pushes: { enabled: 'true' }, required_pull_request_reviews: { dismiss_stale_reviews: 'true' } });
    expect(body.allow_force_pushes).toBe(false);
    expect((body.required_pull_request_reviews as J).dismiss_stale_reviews).toBe(false);
  });
});
