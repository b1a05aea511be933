import type { Group, Project, World } from './state.js';
import { bareRepo, newProject } from './repos.js';
import { withOneImport } from '../bare-repos.js';

const KEY = (i: number) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${String(i).padStart(40, 'x')}`;

function group(world: World, path: string, parent: Group | null): Group {
  const g: Group = { id: world.id(), name: path, path, parent_id: parent?.id ?? null, description: `${path} group`, visibility: 'private', created_at: world.time, variables: [], members: [], hooks: [], runners: [], labels: [], milestones: [], deployTokens: [] };
  world.groups.set(g.id, g);
  return g;
}

/**
 * A group `root` with subgroups (`ROOT/platform`, `ROOT/platform/data`, `ROOT/web`) and `count`
 * projects spread over them, each with the context a team would miss (see seedProject); the group
 * itself with variables (one masked), members, a webhook, a runner, labels, a milestone and a deploy token.
 */
export function seedGroup(world: World, root: string, count: number): { groups: Group[]; projects: Project[] } {
  if (world.users.length === 0) world.users.push({ id: 1, username: 'root', name: 'Administrator' }, { id: 2, username: 'alice', name: 'Alice' }, { id: 3, username: 'bob', name: 'Bob' }, { id: 4, username: 'carol', name: 'Carol' });
  const top = group(world, root, null);
  const platform = group(world, 'platform', top);
  const data = group(world, 'data', platform);
  const web = group(world, 'web', top);
  const groups = [top, platform, data, web];
  top.variables.push(
    { key: 'GROUP_REGION', value: 'eu-west-1', variable_type: 'env_var', protected: false, masked: false, raw: false, environment_scope: '*', description: null },
    { key: 'NPM_TOKEN', value: 'npm_groupsecretvalue123', variable_type: 'env_var', protected: true, masked: true, raw: true, environment_scope: '*', description: 'registry' },
  );
  platform.variables.push({ key: 'KUBE_CONTEXT', value: 'platform-prod', variable_type: 'env_var', protected: true, masked: false, raw: false, environment_scope: 'production', description: null });
  top.members.push({ user_id: 2, access_level: 50, expires_at: null }, { user_id: 3, access_level: 30, expires_at: null });
  top.hooks.push({ id: world.id(), url: 'https://audit.example/gitlab', token: 'group-hook-secret', events: { push_events: true, merge_requests_events: true }, enable_ssl_verification: true, push_events_branch_filter: '', created_at: world.time });
  top.runners.push({ id: world.id(), description: 'group-docker', tag_list: ['docker', 'linux'], run_untagged: false, locked: false, access_level: 'not_protected', maximum_timeout: 3600, paused: false });
  top.labels.push({ id: world.id(), name: 'incident', color: '#d9534f', description: 'Production incident' });
  top.milestones.push({ id: world.id(), iid: 1, title: 'Q4', description: 'quarter', state: 'active', due_date: '2026-12-31' });
  top.deployTokens.push({ id: world.id(), name: 'registry-pull', username: 'gitlab+deploy-token-1', scopes: ['read_registry'], expires_at: null, revoked: false });
  const homes = [top, platform, data, web];
  const projects: Project[] = [];
  withOneImport(world.gitRoot, () => {
    for (let i = 0; i < count; i++) projects.push(seedProject(world, homes[i % homes.length]!, `svc-${String(i).padStart(2, '0')}`, i));
  });
  return { groups, projects };
}

export function seedProject(world: World, home: Group, name: string, i: number): Project {
  const t = world.time;
  const p = newProject(world, home.id, name, { description: `service ${i}`, topics: ['service'] }, [
    { ref: 'refs/heads/main', files: { 'README.md': `# ${name}\n`, '.gitlab-ci.yml': 'test:\n  script: make test\n' } },
    { ref: 'refs/heads/release', from: 'refs/heads/main', files: { VERSION: '1.0\n' } },
  ]);
  if (i % 10 === 0) p.wikiDir = bareRepo(world, `${world.projectPath(p)}.wiki`, [{ ref: 'refs/heads/main', files: { 'home.md': 'Welcome\n' } }]);
  else p.settings.wiki_enabled = false;
  const main = { id: world.id(), name: 'main', push: [{ access_level: 40 }], merge: [{ access_level: 30 }], unprotect: [{ access_level: 40 }], allow_force_push: false, code_owner_approval_required: true };
  p.protectedBranches.push(main, { id: world.id(), name: 'release', push: [{ access_level: 0 }], merge: [{ access_level: 40 }], unprotect: [{ access_level: 40 }], allow_force_push: false, code_owner_approval_required: false });
  p.protectedTags.push({ name: 'v*', create: [{ access_level: 40 }] });
  p.pushRule = { id: world.id(), commit_message_regex: '^(feat|fix|chore):', branch_name_regex: '', deny_delete_tag: true, member_check: false, prevent_secrets: true, max_file_size: 50, created_at: t };
  p.approvalRules.push({ id: world.id(), name: 'Security', approvals_required: 2, user_ids: [2, 3], protected_branch_ids: [main.id] });
  p.variables.push(
    { key: 'APP_NAME', value: name, variable_type: 'env_var', protected: false, masked: false, raw: false, environment_scope: '*', description: null },
    { key: 'DEPLOY_TOKEN', value: `dt-${name}-s3cr3tvalue`, variable_type: 'env_var', protected: true, masked: true, raw: false, environment_scope: 'production', description: 'deploys' },
    { key: 'KUBECONFIG', value: `apiVersion: v1\nclusters: [${name}]\n`, variable_type: 'file', protected: true, masked: false, raw: true, environment_scope: 'production', description: null },
  );
  p.environments.push({ id: world.id(), name: 'production', external_url: `https://${name}.example`, tier: 'production', created_at: t }, { id: world.id(), name: 'staging', external_url: '', tier: 'staging', created_at: t });
  p.protectedEnvironments.push({ name: 'production', deploy_access_levels: [{ access_level: 40 }], required_approval_count: 1 });
  p.deployKeys.push({ id: world.id(), title: 'deploy', key: KEY(i), can_push: false, created_at: t });
  p.deployTokens.push({ id: world.id(), name: 'k8s-pull', username: `gitlab+deploy-token-${p.id}`, scopes: ['read_repository', 'read_registry'], expires_at: '2027-01-01T00:00:00.000Z', revoked: false });
  p.schedules.push({ id: world.id(), description: 'nightly', ref: 'main', cron: '0 3 * * *', cron_timezone: 'UTC', active: true, owner_id: 2, variables: [{ key: 'SUITE', value: 'full', variable_type: 'env_var' }], created_at: t });
  p.triggers.push({ id: world.id(), description: 'downstream deploy', token: `glptt-${'0'.repeat(30)}${p.id}`, owner_id: 2, created_at: t });
  p.runners.push({ id: world.id(), description: `${name}-runner`, tag_list: ['gpu'], run_untagged: true, locked: true, access_level: 'ref_protected', maximum_timeout: 600, paused: false });
  p.hooks.push({ id: world.id(), url: `https://ci.example/hooks/${name}`, token: 'hook-secret', events: { push_events: true, pipeline_events: true }, enable_ssl_verification: true, push_events_branch_filter: 'main', created_at: t });
  p.members.push({ user_id: 4, access_level: 40, expires_at: null });
  p.labels.push({ id: world.id(), name: 'bug', color: '#d73a4a', description: 'Something is broken' }, { id: world.id(), name: 'deploy', color: '#0e8a16', description: null });
  p.milestones.push({ id: world.id(), iid: 1, title: 'v1.0', description: 'first cut', state: 'active', due_date: null });
  p.releases.push({ tag_name: 'v1.0', name: 'First', description: 'notes', created_at: t, author_id: 2 });
  p.issues.push(
    { id: world.id(), iid: 1, title: 'Crash on start', description: 'stack trace', state: 'opened', author_id: 3, labels: ['bug'], created_at: t, notes: [{ id: world.id(), body: 'confirmed', author_id: 2, created_at: t, system: false }] },
    { id: world.id(), iid: 2, title: 'Add deploy step', description: '', state: 'closed', author_id: 4, labels: [], created_at: t, notes: [] },
  );
  p.mergeRequests.push({ id: world.id(), iid: 1, title: 'Fix crash', description: 'Closes #1', state: 'opened', author_id: 3, labels: ['bug'], created_at: t, source_branch: 'release', target_branch: 'main', notes: [{ id: world.id(), body: 'LGTM', author_id: 2, created_at: t, system: false }] });
  return p;
}
