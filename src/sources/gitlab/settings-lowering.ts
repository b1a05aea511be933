import { notBoolean, PROJECT_SETTING_KEYS, PUSH_RULE_KEYS, written } from './written-settings.js';

type J = Record<string, unknown>;
/** What writing a setting's snapshot value `was` over the live `now` lowers, in words (none: it keeps or raises it). */
type Direction = (now: unknown, was: unknown, name: string) => string[];

const exposure = (v: unknown) => ['private', 'internal', 'public'].indexOf(String(v));
const say = (v: unknown) => JSON.stringify(v ?? null);

/** Settings that neither protect nor give access: features, words, how merges look. */
const neutral: Direction = () => [];
/** A protection that is on when true: anything but true written over a live true turns it off (GitLab reads "false", 0… as off). */
const protectsWhenOn: Direction = (now, was, f) => (now === true && was !== true ? [`${f} on → off`] : []);
/** A setting that lets more run when on. */
const opensWhenOn: Direction = (now, was, f) => (now !== true && was === true ? [`${f} off → on`] : []);
/** A pattern GitLab checks pushes against: one set where none was is stricter; removed or changed, no one can say it is (fail closed). */
const pattern: Direction = (now, was, f) => (!now || now === was ? [] : [`${f} ${say(now)} → ${say(was)} (not known to be stricter)`]);
/** Pushes above this many MiB are refused; 0 is no limit. */
const sizeLimit: Direction = (now, was, f) => {
  const [n, w] = [Number(now ?? 0), Number(was)];
  if (!Number.isFinite(w) || w < 0) return [`${f} ${say(now)} → ${say(was)}`];
  return n > 0 && (w === 0 || w > n) ? [`${f} ${n} → ${w === 0 ? 'no limit' : w}`] : [];
};

const SETTINGS: Record<string, Direction> = {
  visibility: (now, was) => (exposure(was) > exposure(now) || exposure(was) < 0 ? [`visibility ${String(now)} → ${String(was)}`] : []),
  only_allow_merge_if_pipeline_succeeds: protectsWhenOn,
  // Turns pipelines on, run with the project's variables: as much as a schedule, what CI runs.
  jobs_enabled: opensWhenOn,
  description: neutral,
  topics: neutral,
  issues_enabled: neutral,
  merge_requests_enabled: neutral, // protected branches still decide who may push or merge without them
  wiki_enabled: neutral,
  snippets_enabled: neutral,
  remove_source_branch_after_merge: neutral,
  merge_method: neutral,
};

const PUSH_RULE: Record<string, Direction> = {
  deny_delete_tag: protectsWhenOn,
  member_check: protectsWhenOn,
  prevent_secrets: protectsWhenOn,
  commit_committer_check: protectsWhenOn,
  reject_unsigned_commits: protectsWhenOn,
  commit_message_regex: pattern,
  commit_message_negative_regex: pattern,
  branch_name_regex: pattern,
  author_email_regex: pattern,
  file_name_regex: pattern,
  max_file_size: sizeLimit,
};

/** Every setting the restore writes, judged by its direction; one with no known direction counts as lowering when it changes. */
function judge(table: Record<string, Direction>, keys: string[], now: J, was: J): string[] {
  return Object.entries(written(was, keys)).flatMap(([f, v]) => {
    const direction = table[f];
    // Judged in the form written: a boolean setting recorded as "true" or 1 is no boolean (GitLab would read it as on).
    if (notBoolean(f, v)) return [`${f} recorded as ${say(v)}, not true or false`];
    if (direction) return direction(now[f], v, f);
    return JSON.stringify(now[f]) === JSON.stringify(v) ? [] : [`${f} ${say(now[f])} → ${say(v)} (not known to be stricter)`];
  });
}

/** What `PUT /projects/:id` with the snapshot's settings lowers. */
export const settingsLowering = (now: J, was: J) => judge(SETTINGS, PROJECT_SETTING_KEYS, now, was);
/** What `PUT /projects/:id/push_rule` with the snapshot's push rule lowers. */
export const pushRuleLowering = (now: J, was: J) => judge(PUSH_RULE, PUSH_RULE_KEYS, now, was);
/** Which written settings have no known direction (a test holds this empty). */
export const unjudged = () => [...PROJECT_SETTING_KEYS.filter((k) => !SETTINGS[k]), ...PUSH_RULE_KEYS.filter((k) => !PUSH_RULE[k])];
