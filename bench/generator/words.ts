// Vocabulary for names, identifiers and prose. None of it contains "eature", so every
// occurrence of that byte sequence in a generated tree is either planted on purpose
// (a reference form or a distractor) or part of a fixed template.

export const WORDS = [
  'merge', 'request', 'pipeline', 'job', 'runner', 'project', 'group', 'namespace', 'user', 'issue',
  'epic', 'work', 'item', 'board', 'label', 'milestone', 'release', 'package', 'registry', 'container',
  'deploy', 'token', 'key', 'branch', 'commit', 'diff', 'note', 'comment', 'review', 'approval',
  'rule', 'policy', 'security', 'scan', 'vulnerability', 'finding', 'report', 'dashboard', 'metric', 'alert',
  'incident', 'snippet', 'wiki', 'page', 'search', 'index', 'cache', 'query', 'batch', 'worker',
  'sidekiq', 'queue', 'export', 'import', 'mirror', 'repository', 'storage', 'blob', 'tree', 'blame',
  'audit', 'event', 'webhook', 'integration', 'slack', 'jira', 'email', 'notification', 'todo', 'timeline',
  'analytics', 'usage', 'ping', 'billing', 'seat', 'license', 'subscription', 'trial', 'onboarding', 'invite',
  'member', 'role', 'permission', 'access', 'level', 'protected', 'environment', 'cluster', 'agent', 'terraform',
  'artifact', 'lfs', 'upload', 'avatar', 'design', 'vue', 'graphql', 'rest', 'api', 'endpoint',
  'duo', 'chat', 'code', 'suggestions', 'ai', 'model', 'prompt', 'context', 'summary', 'draft',
  'async', 'sync', 'realtime', 'stream', 'limit', 'rate', 'throttle', 'timeout', 'retry', 'backfill',
  'cleanup', 'partition', 'table', 'column', 'migration', 'schema', 'compliance', 'framework', 'custom', 'template',
  'widget', 'sidebar', 'drawer', 'modal', 'filter', 'sort', 'pagination', 'preview', 'render', 'markdown',
  'saml', 'ldap', 'oauth', 'sso', 'scim', 'geo', 'replication', 'verification', 'gitaly', 'praefect',
] as const;

/** Words with digits, as in real flag names (`two_factor_2fa`, `v2`), to exercise camelize. */
export const DIGIT_WORDS = ['v2', 'v3', '2fa', 'k8s', 'ci2', 'o11y', 'x509', 'p95'] as const;

export const ACTORS = ['project', 'group', 'current_user', 'user', ':instance', 'namespace', 'Feature.current_request'] as const;

export const GROUPS = [
  'group::source code', 'group::pipeline authoring', 'group::code review', 'group::project management',
  'group::optimize', 'group::authentication', 'group::tenant scale', 'group::container registry',
  'group::duo chat', 'group::global search', 'group::runner', 'group::environments',
] as const;

/** Values of `feature_category`, a word every spec and worker has and no flag form uses. */
export const CATEGORIES = [
  'source_code_management', 'continuous_integration', 'code_review_workflow', 'team_planning',
  'portfolio_management', 'system_access', 'cell', 'container_registry', 'duo_chat', 'global_search',
  'fleet_visibility', 'deployment_management', 'pipeline_composition', 'value_stream_management',
] as const;

export const SENTENCES = [
  'Keeps the previous behaviour for self-managed instances',
  'Loads the list lazily to avoid an N+1 query',
  'Returns early when the record was deleted meanwhile',
  'Avoids a second round trip to Gitaly',
  'Matches the behaviour of the REST endpoint',
  'Only administrators can see this section',
  'Used by the sidebar and the overview page',
  'Renders a placeholder while the data loads',
  'Café prices and naïve résumés should still render',
  'Counts are capped at one thousand for performance',
] as const;

export function pascal(snake: string): string {
  return snake
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

export function camelWords(words: string[]): string {
  return words.map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join('');
}
