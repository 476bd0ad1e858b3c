// The flag's rollout issue, as chatops keeps it: after every change GitLab accepted, a note saying
// who changed what where and the resulting state; on retirement, a closing note and the issue
// closed. The issue lives on a GitLab instance: the configured environment whose URL serves it
// (on GitLab.com that is production), and that environment's token writes the note.

import type { Environment } from '../../../shared/gitlabModel';

export interface RolloutIssue {
  environment: Environment;
  /** Full path of the project, e.g. gitlab-org/gitlab. */
  project: string;
  iid: number;
  /** "gitlab-org/gitlab#3", for messages. */
  reference: string;
}

const ISSUE_PATH = /^(.+?)\/-\/issues\/(\d+)\/?$/;

/**
 * The issue behind a rollout_issue_url, if a configured environment serves its host (production
 * environments are tried first, as rollout issues live on the production instance). Undefined
 * when the URL is not an issue URL or no environment serves it.
 */
export function rolloutIssueAt(url: string | undefined, environments: readonly Environment[]): RolloutIssue | undefined {
  if (!url) return undefined;
  let issueUrl: URL;
  try {
    issueUrl = new URL(url);
  } catch {
    return undefined;
  }
  const ordered = [...environments.filter((environment) => environment.production), ...environments.filter((environment) => !environment.production)];
  for (const environment of ordered) {
    const base = new URL(environment.url);
    const prefix = base.pathname.replace(/\/+$/, '');
    if (base.origin !== issueUrl.origin || !issueUrl.pathname.startsWith(`${prefix}/`)) continue;
    const match = ISSUE_PATH.exec(decodeURIComponent(issueUrl.pathname.slice(prefix.length + 1)));
    if (!match) return undefined;
    return { environment, project: match[1], iid: Number(match[2]), reference: `${match[1]}#${match[2]}` };
  }
  return undefined;
}

export interface NoteLine {
  environment: string;
  /** "now 50% of actors", "outcome unknown: GitLab now reports off". */
  result: string;
  /** The token's user on that environment, when it could be asked. */
  user?: string;
}

/** The note chatops would leave: the command, then one line per environment. */
export function changeNote(chatops: string, lines: readonly NoteLine[]): string {
  return [
    `Feature flag changed with gitlab-flags: \`${chatops}\``,
    '',
    ...lines.map((line) => `- ${line.environment}: ${line.result}${line.user ? ` (by @${line.user})` : ''}`),
  ].join('\n');
}
