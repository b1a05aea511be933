import { describe, expect, it } from 'vitest';
import { rulesetLowering } from './ruleset-strength.js';

type J = Record<string, unknown>;
/** A whole tag ruleset, as an operator keeps it. */
const whole: J = {
  name: 'tags',
  target: 'tag',
  enforcement: 'active',
  conditions: { ref_name: { include: ['refs/tags/v*'], exclude: [] } },
  rules: [
    { type: 'deletion' },
    { type: 'pull_request', parameters: { required_approving_review_count: 2, dismiss_stale_reviews_on_push: true, require_code_owner_review: true, require_last_push_approval: true, required_review_thread_resolution: true, allowed_merge_methods: ['squash'] } },
    { type: 'required_status_checks', parameters: { strict_required_status_checks_policy: true, do_not_enforce_on_create: false, required_status_checks: [{ context: 'ci/test', integration_id: 42 }] } },
    { type: 'required_deployments', parameters: { required_deployment_environments: ['staging'] } },
    { type: 'code_scanning', parameters: { code_scanning_tools: [{ tool: 'CodeQL', alerts_threshold: 'errors', security_alerts_threshold: 'high_or_higher' }] } },
    { type: 'file_path_restriction', parameters: { restricted_file_paths: ['.github/workflows/**'] } },
    { type: 'max_file_size', parameters: { max_file_size: 10 } },
    { type: 'commit_message_pattern', parameters: { name: 'ticket', negate: false, operator: 'starts_with', pattern: 'JIRA-' } },
  ],
  bypass_actors: [{ actor_type: 'Team', actor_id: 7, bypass_mode: 'pull_request' }],
};
const rule = (r: J, type: string) => (r.rules as J[]).find((x) => x.type === type)!;
const params = (r: J, type: string) => rule(r, type).parameters as J;
const edited = (edit: (r: J) => void) => { const r = structuredClone(whole); edit(r); return r; };

describe('what putting a ruleset back lowers', () => {
  it('conditions that may cover fewer refs (red team 3: same rules over no tag at all), said live → snapshot', () => {
    const nowhere = edited((r) => { r.conditions = { ref_name: { include: ['refs/tags/never-matches-*'], exclude: ['~ALL'] } }; });
    expect(rulesetLowering(whole, nowhere)).toEqual(['conditions may cover fewer refs: include refs/tags/v*; exclude (none) → include refs/tags/never-matches-*; exclude ~ALL']);
    // Including more, or everything, and excluding less is not narrower.
    const wider = edited((r) => { r.conditions = { ref_name: { include: ['refs/tags/v*', 'refs/tags/r*'], exclude: [] } }; });
    expect(rulesetLowering(whole, wider)).toEqual([]);
    expect(rulesetLowering(whole, edited((r) => { r.conditions = { ref_name: { include: ['~ALL'], exclude: [] } }; }))).toEqual([]);
    // A condition of another kind, or an unknown one, is not shown to cover as much.
    expect(rulesetLowering(whole, edited((r) => { (r.conditions as J).ref_name = { include: ['refs/tags/v*'], exclude: [], mode: 'x' }; }))).toEqual(['conditions.ref_name.mode (none) → x']);
    expect(rulesetLowering(whole, edited((r) => { r.target = 'push'; }))).toEqual(['target tag → push (applies to other refs)']);
  });

  it('rule parameters compared by the way each protects; an unknown parameter that differs counts as lowering', () => {
    const loose = edited((r) => {
      Object.assign(params(r, 'pull_request'), { required_approving_review_count: 0, require_last_push_approval: false, allowed_merge_methods: ['squash', 'merge'] });
      params(r, 'required_status_checks').required_status_checks = [{ context: 'ci/test' }];
      params(r, 'required_status_checks').do_not_enforce_on_create = true;
      params(r, 'required_deployments').required_deployment_environments = [];
      params(r, 'code_scanning').code_scanning_tools = [{ tool: 'CodeQL', alerts_threshold: 'none', security_alerts_threshold: 'high_or_higher' }];
      params(r, 'file_path_restriction').restricted_file_paths = [];
      params(r, 'max_file_size').max_file_size = 100;
      params(r, 'commit_message_pattern').operator = 'contains';
      (r.rules as J[]).push({ type: 'non_fast_forward' });
      params(r, 'pull_request').automatic_merge = true;
    });
    expect(rulesetLowering(whole, loose)).toEqual([
      'rule pull_request: required_approving_review_count 2 → 0',
      'rule pull_request: require_last_push_approval true → false',
      'rule pull_request: allowed_merge_methods squash → squash, merge',
      'rule pull_request: automatic_merge (none) → true',
      'rule required_status_checks: do_not_enforce_on_create false → true',
      'rule required_status_checks: required_status_checks [{"context":"ci/test","integration_id":42}] → [{"context":"ci/test"}]',
      'rule required_deployments: required_deployment_environments staging → (none)',
      'rule code_scanning: code_scanning_tools [{"alerts_threshold":"errors","security_alerts_threshold":"high_or_higher","tool":"CodeQL"}] → [{"alerts_threshold":"none","security_alerts_threshold":"high_or_higher","tool":"CodeQL"}]',
      'rule file_path_restriction: restricted_file_paths .github/workflows/** → (none)',
      'rule max_file_size: max_file_size 10 → 100',
      'rule commit_message_pattern: operator starts_with → contains',
    ]);
    // Renaming a pattern rule or raising a count protects no less; a rule of the same type given twice is kept by either.
    const tighter = edited((r) => { params(r, 'commit_message_pattern').name = 'renamed'; params(r, 'pull_request').required_approving_review_count = 4; params(r, 'max_file_size').max_file_size = 1; });
    expect(rulesetLowering(whole, tighter)).toEqual([]);
    expect(rulesetLowering(whole, edited((r) => { (r.rules as J[]).unshift({ type: 'max_file_size', parameters: { max_file_size: 500 } }); }))).toEqual([]);
  });

  it('bypass actors added, or let further past the rules (pull_request → always or exempt)', () => {
    const further = edited((r) => { r.bypass_actors = [{ actor_type: 'Team', actor_id: 7, bypass_mode: 'always' }, { actor_type: 'User', actor_id: 9, bypass_mode: 'exempt' }]; });
    expect(rulesetLowering(whole, further)).toEqual(['bypass actors added: User:9', 'bypass mode Team:7 pull_request → always']);
    expect(rulesetLowering(whole, edited((r) => { r.bypass_actors = [{ actor_type: 'Team', actor_id: 7 }]; }))).toEqual(['bypass mode Team:7 pull_request → always']);
    // Bypass actors the live side cannot read: the snapshot's are not shown to be no more.
    expect(rulesetLowering({ ...whole, bypass_actors: undefined }, whole)).toEqual(['bypass actors Team:7 (the live ones are not readable with this token)']);
  });

  it('an organisation ruleset that may choose fewer repositories', () => {
    const org = { ...whole, target: 'branch', conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] }, repository_name: { include: ['~ALL'], exclude: [], protected: true } } };
    const fewer = { ...org, conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] }, repository_name: { include: ['svc-*'], exclude: ['svc-00'], protected: false } } };
    expect(rulesetLowering(org, fewer)).toEqual([
      'conditions may cover fewer repositories: include ~ALL; exclude (none) → include svc-*; exclude svc-00',
      'conditions no longer prevent renaming a repository (one could be renamed out of the ruleset)',
    ]);
    const byId = { ...org, conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] }, repository_id: { repository_ids: [1, 2] } } };
    expect(rulesetLowering(byId, { ...byId, conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] }, repository_id: { repository_ids: [2, 3] } } })).toEqual(['conditions may cover fewer repositories: repository ids 1 left out']);
    expect(rulesetLowering(org, byId)).toEqual(['conditions.repository_name {"exclude":[],"include":["~ALL"],"protected":true} → (none)', 'conditions.repository_id (none) → {"repository_ids":[1,2]}']);
    // Property includes must all match: dropping one chooses more.
    const props = (include: J[]) => ({ ...org, conditions: { ref_name: { include: ['~ALL'] }, repository_property: { include, exclude: [] } } });
    const [prod, pci] = [{ name: 'env', property_values: ['prod'] }, { name: 'pci', property_values: ['yes'] }];
    expect(rulesetLowering(props([prod, pci]), props([prod]))).toEqual([]);
    expect(rulesetLowering(props([prod]), props([prod, pci]))).toHaveLength(1);
  });

  it('a restore that raises: the live ruleset gutted by the agent, the snapshot whole, goes through; the other way round is all said', () => {
    const gutted: J = {
      ...whole,
      enforcement: 'disabled',
      conditions: { ref_name: { include: [], exclude: ['~ALL'] } },
      rules: [{ type: 'pull_request', parameters: { required_approving_review_count: 0, allowed_merge_methods: ['merge', 'squash', 'rebase'] } }],
      bypass_actors: [{ actor_type: 'Team', actor_id: 7, bypass_mode: 'exempt' }, { actor_type: 'User', actor_id: 666, bypass_mode: 'always' }],
    };
    expect(rulesetLowering(gutted, whole)).toEqual([]);
    expect(rulesetLowering(whole, gutted)).toEqual([
      'enforcement active → disabled',
      'conditions may cover fewer refs: include refs/tags/v*; exclude (none) → include (none); exclude ~ALL',
      'rules removed: deletion, required_status_checks, required_deployments, code_scanning, file_path_restriction, max_file_size, commit_message_pattern',
      'rule pull_request: required_approving_review_count 2 → 0',
      'rule pull_request: dismiss_stale_reviews_on_push true → (none)',
      'rule pull_request: require_code_owner_review true → (none)',
      'rule pull_request: require_last_push_approval true → (none)',
      'rule pull_request: required_review_thread_resolution true → (none)',
      'rule pull_request: allowed_merge_methods squash → merge, squash, rebase',
      'bypass actors added: User:666',
      'bypass mode Team:7 pull_request → exempt',
    ]);
  });
});
