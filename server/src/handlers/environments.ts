// The configured GitLab environments: their status, their tokens (kept in the editor's secret
// storage and sent here), and refreshing the live state read from them.

import type { Session } from './session';

export async function environments(session: Session) {
  return session.gitlab ? session.gitlab.environmentsStatus() : [];
}

export function setToken(session: Session, params: { environment: string; token: string | null }): void {
  session.gitlab?.setToken(params.environment, params.token);
}

export async function refreshState(session: Session, params: { flag?: string; environments?: string[] }): Promise<void> {
  await session.gitlab?.refresh(params.flag, params.environments);
}
