// Every GitLab write goes through here: plan on the server, show its errors, ask the confirmations
// the plan asks for (production, then separate consistency and production-check overrides), execute, report.
// The server re-checks every rule on execute; the client only relays the user's answers.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExecuteWriteRequest, PlanWriteRequest, WriteIntent, WritePlan, WriteResult } from '../../server/src/protocol';

/** True when writes are allowed; otherwise tells the user why not. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('GitLab Flags: changing flags is disabled in Restricted Mode. Trust this workspace to enable it.');
  return false;
}

export async function planWrite(client: LanguageClient, intent: WriteIntent): Promise<WritePlan | undefined> {
  const plan = await client.sendRequest(PlanWriteRequest.type, intent);
  if (plan.errors.length > 0) {
    void vscode.window.showErrorMessage(`GitLab Flags: cannot change ${intent.flag}: ${plan.errors.join(' ')}`);
    return undefined;
  }
  return plan;
}

function describeChange(intent: WriteIntent): string {
  if (intent.operation === 'delete') return 'delete (back to its default)';
  const actors = Object.entries(intent.actors ?? {})
    .filter(([, values]) => values && values.length > 0)
    .map(([kind, values]) => `${kind.replace('_', ' ')} ${values!.join(', ')}`);
  if (actors.length > 0) return `set ${intent.value} for ${actors.join('; ')}`;
  if (intent.percentageOf && intent.value !== 'true' && intent.value !== 'false') {
    return `set to ${intent.value}% of ${intent.percentageOf}`;
  }
  return `set ${intent.value}`;
}

/** Runs the whole flow; resolves to the results, or undefined when refused or cancelled. */
export async function performWrite(
  client: LanguageClient,
  intent: WriteIntent,
  log: vscode.LogOutputChannel,
): Promise<WriteResult[] | undefined> {
  if (!ensureTrusted()) return undefined;
  const plan = await planWrite(client, intent);
  if (!plan) return undefined;

  let confirmedProduction = false;
  if (plan.productionConfirmation) {
    const apply = 'Apply on Production';
    const answer = await vscode.window.showWarningMessage(
      `Change ${intent.flag} on production? ${describeChange(intent)} on ${intent.environments.join(', ')}.`,
      { modal: true, detail: `${plan.productionConfirmation}\n\n${plan.chatops}` },
      apply,
    );
    if (answer !== apply) return undefined;
    confirmedProduction = true;
  }

  let ignoreConsistencyCheck = false;
  if (plan.consistencyViolations.length > 0) {
    const override = 'Override Consistency Check';
    const answer = await vscode.window.showWarningMessage(
      `${intent.flag}: this change breaks the chatops consistency rules.`,
      {
        modal: true,
        detail:
          `${plan.consistencyViolations.join('\n')}\n\n` +
          'Override only if you are sure (chatops: --ignore-feature-flag-consistency-check).',
      },
      override,
    );
    if (answer !== override) return undefined;
    ignoreConsistencyCheck = true;
  }

  let ignoreProductionCheck = false;
  if (plan.activeIncidents.length > 0) {
    const override = 'Override Production Check';
    const answer = await vscode.window.showWarningMessage(
      `${intent.flag}: production changes are blocked during active high-severity incidents.`,
      {
        modal: true,
        detail: `${plan.activeIncidents.join('\n')}\n\n` + 'Override only if the change is unrelated or part of the fix (chatops: --ignore-production-check).',
      },
      override,
    );
    if (answer !== override) return undefined;
    ignoreProductionCheck = true;
  }

  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GitLab Flags: ${describeChange(intent)} ${intent.flag}…` },
    () => client.sendRequest(ExecuteWriteRequest.type, { intent, confirmedProduction, ignoreConsistencyCheck, ignoreProductionCheck }),
  );
  reportResults(intent, results, log);
  return results;
}

function reportResults(intent: WriteIntent, results: WriteResult[], log: vscode.LogOutputChannel): void {
  const lines = results.map((result) => `${result.environment}: ${result.message}`);
  for (const line of lines) log.info(`${intent.flag} ${line}`);
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    void vscode.window.showErrorMessage(`GitLab Flags: ${intent.flag}: ${lines.join(' · ')}`);
  } else {
    void vscode.window.showInformationMessage(`GitLab Flags: ${intent.flag}: ${lines.join(' · ')}`);
  }
}
