// A GitLab write in words, said the same way by the server (the production confirmation, the MCP
// plan) and by VS Code (the confirmation boxes, the progress notification). The command line that
// does the same write is chatops' spelling, built by the server (gitlab/chatops.ts featureWords).

import type { WriteIntent } from './protocol';

/**
 * "set it to true", "set it to 50% of actors", "enable it for project gitlab-org/gitlab",
 * "delete it (back to the YAML default)". Callers add the environments or the flag name.
 */
export function describeIntent(intent: Pick<WriteIntent, 'operation' | 'value' | 'percentageOf' | 'actors'>): string {
  if (intent.operation === 'delete') return 'delete it (back to the YAML default)';
  const actors = Object.entries(intent.actors ?? {}).filter(([, list]) => list && list.length > 0);
  if (actors.length > 0) {
    const targets = actors.map(([kind, list]) => `${kind.replace('_', ' ')} ${(list as string[]).join(', ')}`).join('; ');
    return `${intent.value === 'false' || intent.value === '0' ? 'disable' : 'enable'} it for ${targets}`;
  }
  if (intent.percentageOf === 'actors') return `set it to ${intent.value}% of actors`;
  if (intent.percentageOf === 'time') return `set it to ${intent.value}% of time`;
  return `set it to ${intent.value}`;
}
