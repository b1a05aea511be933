import type { Access, Group, Hook, Issue, Label, Member, MergeRequest, Milestone, Note, Project, Runner, Schedule, Variable, World } from './state.js';

/** The emulator's state in GitLab's response shapes (held to schemas.ts by the server). */
type J = Record<string, unknown>;
const LEVELS: Record<number, string> = { 0: 'No access', 30: 'Developers + Maintainers', 40: 'Maintainers', 60: 'Admins' };
const ROLE: Record<number, string> = { 10: 'Guest', 20: 'Reporter', 30: 'Developer', 40: 'Maintainer', 50: 'Owner' };

export class Render {
  constructor(private readonly w: World, private readonly base: string) {}

  user(id: number): J {
    const u = this.w.user(id);
    return { id: u.id, username: u.username, name: u.name, state: 'active', locked: false, avatar_url: `${this.base}/uploads/${u.username}.png`, web_url: `${this.base}/${u.username}` };
  }

  group(g: Group): J {
    const full = this.w.groupPath(g);
    return {
      id: g.id, web_url: `${this.base}/groups/${full}`, name: g.name, path: g.path, full_name: full.split('/').join(' / '), full_path: full, avatar_url: null, description: g.description, visibility: g.visibility,
      share_with_group_lock: false, require_two_factor_authentication: false, two_factor_grace_period: 48, project_creation_level: 'developer', auto_devops_enabled: null, subgroup_creation_level: 'maintainer',
      emails_enabled: true, mentions_disabled: null, lfs_enabled: true, default_branch_protection: 2, request_access_enabled: true, created_at: g.created_at, parent_id: g.parent_id, marked_for_deletion_on: null,
    };
  }

  project(p: Project): J {
    const full = this.w.projectPath(p);
    const ns = this.w.groups.get(p.namespace_id)!;
    const nsFull = this.w.groupPath(ns);
    return {
      id: p.id, web_url: `${this.base}/${full}`, name: p.name, path: p.path, description: p.description, name_with_namespace: `${nsFull.split('/').join(' / ')} / ${p.name}`, path_with_namespace: full,
      created_at: p.created_at, default_branch: p.default_branch, topics: p.topics, tag_list: p.topics, ssh_url_to_repo: `git@emulator:${full}.git`, http_url_to_repo: `${this.base}/${full}.git`, readme_url: null,
      forks_count: 0, avatar_url: null, star_count: 0, last_activity_at: this.w.time,
      namespace: { id: ns.id, name: ns.name, path: ns.path, kind: 'group', full_path: nsFull, parent_id: ns.parent_id, avatar_url: null, web_url: `${this.base}/groups/${nsFull}` },
      visibility: p.visibility, empty_repo: false, ...p.settings, open_issues_count: p.issues.filter((i) => i.state === 'opened').length, archived: p.archived, ...p.ci,
      only_allow_merge_if_all_discussions_are_resolved: false, request_access_enabled: true, squash_option: 'default_off', creator_id: this.w.users[0]?.id ?? 1, updated_at: this.w.time,
      marked_for_deletion_on: p.marked_for_deletion_on, marked_for_deletion_at: p.marked_for_deletion_on,
    };
  }

  variable(v: Variable, group = false): J {
    const { hidden, ...shown } = v;
    // A hidden variable's value is never answered again (GitLab 17.4+).
    const out: J = hidden ? { ...shown, hidden: true, value: null } : { ...shown };
    if (group) out.environment_scope = v.environment_scope;
    return out;
  }

  private access(a: Access, i: number): J {
    return { id: 1000 + i, access_level: a.access_level, access_level_description: LEVELS[a.access_level] ?? `level ${a.access_level}`, user_id: a.user_id ?? null, group_id: a.group_id ?? null };
  }

  protectedBranch(b: Project['protectedBranches'][number]): J {
    return { id: b.id, name: b.name, push_access_levels: b.push.map((a, i) => this.access(a, i)), merge_access_levels: b.merge.map((a, i) => this.access(a, i)), unprotect_access_levels: b.unprotect.map((a, i) => this.access(a, i)), allow_force_push: b.allow_force_push, code_owner_approval_required: b.code_owner_approval_required };
  }

  protectedTag(t: Project['protectedTags'][number]): J {
    return { name: t.name, create_access_levels: t.create.map((a, i) => ({ id: 2000 + i, access_level: a.access_level, access_level_description: LEVELS[a.access_level] ?? '', user_id: a.user_id ?? null, group_id: a.group_id ?? null })) };
  }

  pushRule(r: NonNullable<Project['pushRule']>, projectId: number): J {
    return { ...r, project_id: projectId, commit_message_negative_regex: '', author_email_regex: '', file_name_regex: '', commit_committer_check: false, reject_unsigned_commits: false };
  }

  approvalRule(p: Project, r: Project['approvalRules'][number]): J {
    const users = r.user_ids.map((id) => this.user(id));
    return { id: r.id, name: r.name, rule_type: 'regular', eligible_approvers: users, approvals_required: r.approvals_required, users, groups: (r.group_ids ?? []).flatMap((id) => (this.w.groups.has(id) ? [this.group(this.w.groups.get(id)!)] : [])), contains_hidden_groups: false, overridden: false, protected_branches: p.protectedBranches.filter((b) => r.protected_branch_ids.includes(b.id)).map((b) => this.protectedBranch(b)) };
  }

  environment(e: Project['environments'][number]): J {
    return { id: e.id, name: e.name, slug: e.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(), external_url: e.external_url, state: 'available', tier: e.tier, created_at: e.created_at, updated_at: e.created_at, enable_advanced_logs_querying: false, logs_api_path: '', last_deployment: null, deployable: null, auto_stop_at: null, description: null, auto_stop_setting: 'always' };
  }

  protectedEnvironment(e: Project['protectedEnvironments'][number]): J {
    return { name: e.name, deploy_access_levels: e.deploy_access_levels.map((a, i) => ({ id: 3000 + i, access_level: a.access_level, access_level_description: LEVELS[a.access_level] ?? '', user_id: a.user_id ?? null, group_id: a.group_id ?? null, group_inheritance_type: 0 })), required_approval_count: e.required_approval_count, approval_rules: [] };
  }

  deployKey(k: Project['deployKeys'][number]): J {
    return { id: k.id, title: k.title, key: k.key, created_at: k.created_at, expires_at: null, can_push: k.can_push, fingerprint: `ab:cd:${k.id}`, fingerprint_sha256: `SHA256:${k.id}` };
  }

  deployToken(t: Group['deployTokens'][number]): J {
    return { ...t, expired: false };
  }

  schedule(p: Project, s: Schedule, withVariables: boolean): J {
    const out: J = { id: s.id, description: s.description, ref: s.ref, cron: s.cron, cron_timezone: s.cron_timezone, next_run_at: '2026-11-02T04:00:00.000Z', active: s.active, created_at: s.created_at, updated_at: s.created_at, owner: this.user(s.owner_id), last_pipeline: null };
    if (withVariables) out.variables = s.variables.map((v) => ({ ...v }));
    void p;
    return out;
  }

  trigger(t: Project['triggers'][number], own: boolean): J {
    // GitLab shows the whole token only to its owner; others see its first 4 characters.
    return { id: t.id, description: t.description, created_at: t.created_at, updated_at: t.created_at, last_used: null, token: own ? t.token : t.token.slice(0, 4), owner: this.user(t.owner_id) };
  }

  runner(r: Runner, type: 'group_type' | 'project_type', expanded: boolean): J {
    const out: J = { id: r.id, description: r.description, ip_address: null, active: !r.paused, paused: r.paused, is_shared: false, runner_type: type, name: null, online: false, status: 'offline' };
    return expanded ? { ...out, tag_list: r.tag_list, run_untagged: r.run_untagged, locked: r.locked, access_level: r.access_level, maximum_timeout: r.maximum_timeout } : out;
  }

  hook(h: Hook, owner: J): J {
    const events = { push_events: false, tag_push_events: false, merge_requests_events: false, repository_update_events: false, issues_events: false, confidential_issues_events: false, note_events: false, confidential_note_events: false, job_events: false, pipeline_events: false, wiki_page_events: false, deployment_events: false, releases_events: false, ...h.events };
    // GitLab never returns a hook's secret token.
    return { id: h.id, url: h.url, created_at: h.created_at, ...events, enable_ssl_verification: h.enable_ssl_verification, push_events_branch_filter: h.push_events_branch_filter, alert_status: 'executable', url_variables: [], ...owner };
  }

  member(m: Member): J {
    return { ...this.user(m.user_id), access_level: m.access_level, expires_at: m.expires_at, created_at: this.w.time, membership_state: 'active', role: ROLE[m.access_level] };
  }

  label(l: Label, project: boolean): J {
    return { id: l.id, name: l.name, color: l.color, text_color: '#FFFFFF', description: l.description, description_html: l.description ?? '', open_issues_count: 0, closed_issues_count: 0, open_merge_requests_count: 0, subscribed: false, priority: null, is_project_label: project };
  }

  milestone(m: Milestone, owner: J): J {
    return { id: m.id, iid: m.iid, title: m.title, description: m.description, due_date: m.due_date, start_date: null, state: m.state, updated_at: this.w.time, created_at: this.w.time, expired: false, web_url: `${this.base}/milestones/${m.id}`, ...owner };
  }

  release(p: Project, r: Project['releases'][number]): J {
    const full = this.w.projectPath(p);
    const link = (k: string) => `${this.base}/${full}/-/${k}`;
    return {
      name: r.name, tag_name: r.tag_name, description: r.description, created_at: r.created_at, released_at: r.created_at, upcoming_release: false, author: this.user(r.author_id), commit: { id: '0'.repeat(40) }, milestones: [],
      commit_path: link('commit'), tag_path: link(`tags/${r.tag_name}`), assets: { count: 0, sources: [], links: [], evidence_file_path: link('evidence') }, evidences: [],
      _links: { closed_issues_url: link('issues'), closed_merge_requests_url: link('mrs'), edit_url: link('edit'), merged_merge_requests_url: link('mrs'), opened_issues_url: link('issues'), opened_merge_requests_url: link('mrs'), self: link(`releases/${r.tag_name}`) },
    };
  }

  issue(p: Project, i: Issue): J {
    return { id: i.id, iid: i.iid, project_id: p.id, title: i.title, description: i.description, state: i.state, author: this.user(i.author_id), labels: i.labels, created_at: i.created_at, updated_at: i.created_at, closed_at: null, user_notes_count: i.notes.filter((n) => !n.system).length, web_url: `${this.base}/${this.w.projectPath(p)}/-/issues/${i.iid}` };
  }

  mergeRequest(p: Project, m: MergeRequest): J {
    return { ...this.issue(p, m), source_branch: m.source_branch, target_branch: m.target_branch, web_url: `${this.base}/${this.w.projectPath(p)}/-/merge_requests/${m.iid}` };
  }

  note(p: Project, parent: Issue, n: Note, type: 'Issue' | 'MergeRequest'): J {
    return { id: n.id, type: null, body: n.body, attachment: null, author: this.user(n.author_id), created_at: n.created_at, updated_at: n.created_at, system: n.system, noteable_id: parent.id, noteable_type: type, noteable_iid: parent.iid, project_id: p.id, resolvable: false, confidential: false, internal: false };
  }
}
