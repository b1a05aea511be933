import type { ForgeChange } from '../forge/forge-change.js';
import { rankedDifference, sayDifference, settingsChange, type SettingDifference } from '../forge/setting-difference.js';

type J = Record<string, unknown>;

/**
 * A project's CI/CD settings that decide what its pipelines run and who sees or steers them (they
 * come with `GET /projects/:id` and go back with `PUT /projects/:id`). Each says how its values rank
 * from strict to loose: a move to a later one lets more run, run longer, or be seen or set by more.
 * `only_allow_merge_if_pipeline_succeeds` is a merge setting, compared with `settings-changed`.
 */
interface CiSetting {
  name: string;
  order?: unknown[];
  /** A value's looseness when it is not one of a few (a timeout, a config file's address). */
  rank?: (v: unknown) => number;
}

/** A configuration from another project or a URL (`.gitlab-ci.yml@group/other`, `https://…`): pipelines run what someone else's repository says. */
const elsewhere = (v: unknown) => (/@|:\/\//.test(String(v ?? '')) ? 1 : 0);

export const CI_SETTINGS: CiSetting[] = [
  { name: 'ci_config_path', rank: elsewhere },
  { name: 'public_jobs', order: [false, true] },
  { name: 'build_timeout', rank: (v) => Number(v) },
  { name: 'shared_runners_enabled', order: [false, true] },
  { name: 'group_runners_enabled', order: [false, true] },
  { name: 'ci_forward_deployment_enabled', order: [true, false] },
  { name: 'restrict_user_defined_variables', order: [true, false] },
  { name: 'ci_pipeline_variables_minimum_override_role', order: ['no_one_allowed', 'owner', 'maintainer', 'developer'] },
  { name: 'ci_allow_fork_pipelines_to_run_in_parent_project', order: [false, true] },
  { name: 'auto_cancel_pending_pipelines' },
];

export type CiDifference = SettingDifference;

/** GitLab answers an unset config path as null or ''; both mean the project's own `.gitlab-ci.yml`. */
const value = (f: string, v: unknown) => (f === 'ci_config_path' && (v === null || v === '' || v === '.gitlab-ci.yml') ? '' : v);

/** How `to` (a project.json) differs from `from`, setting by setting; a setting either side lacks (an older snapshot) is not compared. */
export function ciDifferences(from: J, to: J): CiDifference[] {
  const out: CiDifference[] = [];
  for (const s of CI_SETTINGS) {
    if (from[s.name] === undefined || to[s.name] === undefined) continue;
    const [x, y] = [value(s.name, from[s.name]), value(s.name, to[s.name])];
    if (x === y) continue;
    out.push(rankedDifference(s.name, x, y, s));
  }
  return out;
}

const show = (f: string, v: unknown) => (f === 'ci_config_path' && v === '' ? '(default .gitlab-ci.yml)' : JSON.stringify(v));
export const sayCi = (d: CiDifference) => sayDifference(d, show);

/** `ci-settings-weakened` when any CI/CD setting now lets more run, else `ci-settings-changed`; the note says each one's way, snapshot → now. */
export function ciSettingsChange(scope: string, path: string, before: J, after: J): ForgeChange | undefined {
  return settingsChange({ weakened: 'ci-settings-weakened', changed: 'ci-settings-changed' }, scope, path, ciDifferences(before, after), show);
}

/** The `PUT /projects/:id` body that puts `fields` back as the snapshot's project.json has them (an unset config path as ''). */
export function ciSettingsInput(saved: J, fields: string[]): J {
  return Object.fromEntries(fields.filter((f) => CI_SETTINGS.some((s) => s.name === f) && saved[f] !== undefined).map((f) => [f, f === 'ci_config_path' ? String(saved[f] ?? '') : saved[f]]));
}

/** Settings whose values neither let more run nor less (auto-cancel only stops superseded pipelines early). */
const UNRANKED_NEUTRAL = new Set(['auto_cancel_pending_pipelines']);

/**
 * What writing the snapshot's CI/CD settings (`was`) over the live ones (`now`) lowers, in words: a
 * setting that lets more run, and one whose values cannot be ranked (a value the list does not know,
 * a timeout that is not a number), since no one can say it is stricter (fail closed).
 */
export function ciLowering(now: J, was: J): string[] {
  return ciDifferences(now, was).flatMap((d) => {
    const s = CI_SETTINGS.find((x) => x.name === d.field)!;
    const known = (v: unknown) => (s.rank ? Number.isFinite(s.rank(v)) : s.order ? s.order.includes(v) : UNRANKED_NEUTRAL.has(s.name));
    if (d.weaker) return [`CI/CD ${sayCi(d).replace(/ \(weaker\)$/, '')}`];
    return known(d.from) && known(d.to) ? [] : [`CI/CD ${sayCi(d)} (not known to be stricter)`];
  });
}
