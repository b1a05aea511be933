import { describe, expect, it } from 'vitest';
import { ORG_DIRECTIONS, orgLowering, orgMailRedirected, orgSettingsBody } from './org-settings-strength.js';
import { ORG_SETTINGS, ORG_UNSETTABLE } from './kinds.js';
import { isBulkheadError } from '../../util/errors.js';

const live = {
  billing_email: 'billing@acme.example',
  email: null,
  default_repository_permission: 'read',
  members_can_create_repositories: false,
  members_can_create_internal_repositories: false,
  members_can_create_private_pages: false,
  deploy_keys_enabled_for_repositories: false,
  web_commit_signoff_required: true,
  description: 'Acme',
};

describe('which way each organisation setting protects (red team 4, R4-6)', () => {
  it('every setting a restore writes has a direction (ORG_SETTINGS ⊆ judged)', () => {
    expect([...ORG_SETTINGS, ...ORG_UNSETTABLE].filter((f) => !Object.hasOwn(ORG_DIRECTIONS, f))).toEqual([]);
  });

  it('settings turned on that members then may, off where they guard, a wider default permission', () => {
    const forged = { ...live, members_can_create_repositories: true, members_can_create_internal_repositories: true, members_can_create_private_pages: true, deploy_keys_enabled_for_repositories: true, web_commit_signoff_required: false, default_repository_permission: 'write', description: 'Evil' };
    expect(orgLowering(live, forged)).toEqual([
      'default repository permission read → write',
      'members_can_create_repositories off → on',
      'members_can_create_internal_repositories off → on',
      'members_can_create_private_pages off → on',
      'web_commit_signoff_required on → off',
      'deploy_keys_enabled_for_repositories off → on',
    ]);
    expect(orgLowering(forged, live)).toEqual([]);
  });

  it('a flag that is not a boolean, or a permission GitHub does not have, counts as lowering and is refused when written', () => {
    expect(orgLowering(live, { ...live, deploy_keys_enabled_for_repositories: 'true' })).toEqual(['deploy_keys_enabled_for_repositories recorded as "true", not true or false']);
    expect(orgLowering(live, { ...live, default_repository_permission: 'owner' })).toEqual(['default repository permission read → owner']);
    let caught: unknown;
    try {
      orgSettingsBody('acme', { ...live, deploy_keys_enabled_for_repositories: 'true' }, ['description', 'deploy_keys_enabled_for_repositories']);
    } catch (e) {
      caught = e;
    }
    expect(isBulkheadError(caught, 'TAMPERED')).toBe(true);
    expect(orgSettingsBody('acme', live, ['description', 'email', 'two_factor_requirement_enabled'])).toEqual({ description: 'Acme' });
  });

  it('who receives the organisation’s mail is said like a grant, not as lowering', () => {
    const forged = { ...live, billing_email: 'mallory@evil.example' };
    expect(orgLowering(live, forged)).toEqual([]);
    expect(orgMailRedirected('acme', live, forged)).toEqual(["mallory@evil.example receives acme's billing mail (now billing@acme.example)"]);
  });
});
