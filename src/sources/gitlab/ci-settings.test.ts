import { describe, expect, it } from 'vitest';
import { ciDifferences, ciSettingsChange, ciSettingsInput } from './ci-settings.js';

const strict = { ci_config_path: null, public_jobs: false, build_timeout: 3600, shared_runners_enabled: false, restrict_user_defined_variables: true, auto_cancel_pending_pipelines: 'enabled' };

describe('GitLab CI/CD settings comparison', () => {
  it('says each setting’s way and which ones let more run; an unset config path is the default file', () => {
    expect(ciDifferences(strict, { ...strict, ci_config_path: '' })).toEqual([]);
    expect(ciDifferences(strict, { ...strict, ci_config_path: '.gitlab-ci.yml' })).toEqual([]);
    expect(ciSettingsChange('acme/api', 'p', strict, { ...strict, ci_config_path: 'ci.yml@evil/x', build_timeout: 7200 })).toMatchObject({
      type: 'ci-settings-weakened', fields: ['ci_config_path', 'build_timeout'], note: 'ci_config_path (default .gitlab-ci.yml) → "ci.yml@evil/x" (weaker); build_timeout 3600 → 7200 (weaker)',
    });
    // A config file elsewhere in the project's own repository, or a shorter timeout: a change, not a weakening.
    expect(ciSettingsChange('acme/api', 'p', strict, { ...strict, ci_config_path: 'ci/main.yml', build_timeout: 600 })?.type).toBe('ci-settings-changed');
  });

  it('compares only what both sides have (a snapshot made before they were kept), and writes back only the fields named', () => {
    expect(ciDifferences({ visibility: 'private' }, strict)).toEqual([]);
    expect(ciSettingsInput(strict, ['ci_config_path', 'public_jobs', 'visibility'])).toEqual({ ci_config_path: '', public_jobs: false });
  });
});
