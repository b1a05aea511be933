import { describe, expect, it } from 'vitest';
import { pushRuleLowering, settingsLowering, unjudged } from './settings-lowering.js';
import { bar, opened } from './ref-lowering.js';
import { projectSettings } from './restore-project.js';

describe('every setting a GitLab restore writes is judged by its direction', () => {
  it('no written setting is left without a direction', () => {
    expect(unjudged()).toEqual([]);
  });

  it('project settings: visibility, merges without a pipeline, jobs turned on; features and words lower nothing', () => {
    const live = { visibility: 'private', only_allow_merge_if_pipeline_succeeds: true, jobs_enabled: false, description: 'a', wiki_enabled: false };
    expect(settingsLowering(live, { visibility: 'internal', only_allow_merge_if_pipeline_succeeds: 'false', jobs_enabled: true, description: 'b', wiki_enabled: true })).toEqual(['visibility private → internal', 'jobs_enabled off → on', 'only_allow_merge_if_pipeline_succeeds recorded as "false", not true or false']);
    expect(settingsLowering(live, { only_allow_merge_if_pipeline_succeeds: false })).toEqual(['only_allow_merge_if_pipeline_succeeds on → off']);
    expect(settingsLowering(live, { visibility: 'secret' })).toEqual(['visibility private → secret']);
    // Not written when the snapshot has no value: nothing lowered.
    expect(settingsLowering(live, { only_allow_merge_if_pipeline_succeeds: null })).toEqual([]);
  });

  it('push rule: a pattern removed or changed, a size limit raised or lifted, a check turned off; a pattern added or a smaller limit is stricter', () => {
    const live = { commit_message_regex: '^feat', branch_name_regex: '', max_file_size: 50, prevent_secrets: true };
    expect(pushRuleLowering(live, { commit_message_regex: '', branch_name_regex: '^b/', max_file_size: 0, prevent_secrets: false })).toEqual(['commit_message_regex "^feat" → "" (not known to be stricter)', 'prevent_secrets on → off', 'max_file_size 50 → no limit']);
    expect(pushRuleLowering(live, { commit_message_regex: '^feat', branch_name_regex: '^b/', max_file_size: 10, prevent_secrets: true })).toEqual([]);
    expect(pushRuleLowering(live, { max_file_size: 'big' })).toEqual(['max_file_size 50 → "big"']);
  });

  it('protected refs: an empty list is written as Maintainer, a role that is not a number as the lowest, a deploy key named', () => {
    expect(bar([])).toBe(40);
    expect(bar([{ access_level: 0 }])).toBe(100);
    expect(opened({ push_access_levels: [{ access_level: 0 }] }, { push_access_levels: [] }, ['push_access_levels'])).toEqual(['push_access_levels open to a lower role (100 → 40)']);
    expect(opened({ push_access_levels: [{ access_level: 40 }] }, { push_access_levels: [{ access_level: 'x' }] }, ['push_access_levels'])).toEqual(['push_access_levels open to a lower role (40 → -1)']);
    expect(opened({ push_access_levels: [{ access_level: 40 }] }, { push_access_levels: [{ access_level: 40 }, { deploy_key_id: 5 }] }, ['push_access_levels'])).toEqual(['push_access_levels lets in deploy key 5']);
  });

  it('a boolean setting recorded as a string or a number counts as lowering and is refused when written (red team 4, R4-3)', () => {
    expect(settingsLowering({ jobs_enabled: false }, { jobs_enabled: 'true' })).toEqual(['jobs_enabled recorded as "true", not true or false']);
    expect(pushRuleLowering({ prevent_secrets: true }, { prevent_secrets: 1 })).toEqual(['prevent_secrets recorded as 1, not true or false']);
    expect(() => projectSettings({ path: 'svc', jobs_enabled: 'true', description: 'x' })).toThrow(expect.objectContaining({ code: 'TAMPERED' }));
    expect(projectSettings({ path: 'svc', jobs_enabled: false, description: 'x', wiki_enabled: null })).toEqual({ jobs_enabled: false, description: 'x' });
  });
});
