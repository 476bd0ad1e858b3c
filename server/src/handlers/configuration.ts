// The gitlabFlags.* settings: read from the editor at start and on every change, the GitLab
// service rebuilt from them, and every diagnostic republished under them.

import type { Context } from './session';
import { settingsFrom, type Settings } from '../settings';
import * as protocol from '../../../shared/protocol';
import type { Environment } from '../../../shared/gitlabModel';
import { GitLabService } from '../gitlab/service';
import { defaultAuditLogPath } from '../gitlab/auditLog';
import { loadEnvironments, parseEnvironments } from '../gitlab/environments';
import { environmentsFile } from '../environmentVariables';

export async function reloadSettings(context: Context): Promise<void> {
  const { connection, session } = context;
  const settings = (await configuredSettings(context)) ?? session.settings;
  const gitlab = gitlabService(context, settings);
  session.configure(settings, gitlab);
  // Fetch every environment once now, so the first hover is usually answered from the cache.
  if (gitlab.environments.length > 0) void gitlab.refresh().catch(() => undefined);
  if (settings.diagnosticsSeverityIgnored.length > 0) {
    void connection.window.showWarningMessage(`GitLab Flags: gitlabFlags.diagnostics.severity: ignored ${settings.diagnosticsSeverityIgnored.join(', ')} (levels: error, warning, information, hint, off).`);
  }
}

export async function configurationChanged(context: Context): Promise<void> {
  await reloadSettings(context);
  // NOTE: settings can change (clients send them at startup) before the first index is ready:
  // publishing then would clear nothing and report empty counts as 'ready'.
  await context.session.ready;
  for (const workspace of context.session.workspaces.all) context.diagnostics.publishAll(workspace);
  context.status.report('ready');
}

/** The editor's gitlabFlags section; undefined when it has none (the current settings stand). */
async function configuredSettings({ connection, session }: Context): Promise<Settings | undefined> {
  if (!session.client.supportsConfiguration) return undefined;
  try {
    const configured: unknown = await connection.workspace.getConfiguration('gitlabFlags');
    // Editors without a gitlabFlags section answer null.
    return configured !== null && configured !== undefined ? settingsFrom(configured) : undefined;
  } catch {
    // NOTE: clients without the section answer with an error.
    return undefined;
  }
}

function gitlabService(context: Context, settings: Settings): GitLabService {
  const { connection, session } = context;
  let environments: Environment[];
  try {
    environments =
      settings.environments.length > 0
        ? parseEnvironments(settings.environments, 'the gitlabFlags.environments setting')
        : loadEnvironments({ file: environmentsFile(), env: process.env });
  } catch (error) {
    connection.window.showErrorMessage(`GitLab Flags: ${(error as Error).message}`);
    environments = [];
  }
  return new GitLabService({
    environments,
    tokens: session.tokens,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    ttlMs: settings.stateCacheTtlSeconds * 1000,
    rollout: { minWaitMs: settings.rolloutMinimumWaitMinutes * 60_000 },
    // NOTE: the CLI's default too (GITLAB_FLAGS_AUDIT_LOG, else XDG state), so the rollout view
    // sees writes made from a terminal; an editor may pass its own file.
    auditLogPath: session.client.auditLogPath ?? defaultAuditLogPath(process.env),
    definitionsSearched: 'in the open workspace folders',
    log: (message) => connection.console.log(message),
    lookupDefinition: (name) => session.definition(name),
    onStateChanged: (flags) => {
      void connection.sendNotification(protocol.StateChangedNotification.type, flags ? { flags } : {});
      void session.ready.then(() => republishDefinitions(context, flags));
    },
  });
}

/** Live state moved: definitions may have become (or stopped being) stale or ready to remove. */
function republishDefinitions({ session, diagnostics, status }: Context, flags?: string[]): void {
  if (!session.workspaces.liveState) return;
  diagnostics.publishDefinitions(flags);
  status.schedule();
}
