// Every GitLab write goes through here: the server plans it once, the user answers the plan's
// questions (consistency override, production-check override, production confirmation: in that
// order, each by typing the flag name), and the server executes exactly that plan by its id.
// Declining any question cancels the plan on the server, which records it in the audit log.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CancelWriteRequest,
  ExecuteWriteParams,
  ExecuteWriteRequest,
  PlanWriteRequest,
  WriteIntent,
  WritePlan,
  WriteResult,
} from '../../shared/protocol';
import { describeIntent } from '../../shared/writeWords';

/** True when writes are allowed; otherwise tells the user why not. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('GitLab Flags: changing flags is disabled in Restricted Mode. Trust this workspace to enable it.');
  return false;
}

async function planWrite(client: LanguageClient, intent: WriteIntent): Promise<WritePlan | undefined> {
  const plan = await client.sendRequest(PlanWriteRequest.type, intent);
  if (plan.errors.length > 0) {
    void vscode.window.showErrorMessage(`GitLab Flags: cannot change ${intent.flag}: ${plan.errors.join(' ')}`);
    return undefined;
  }
  return plan;
}

type Answer = 'ignoreConsistencyCheck' | 'ignoreProductionCheck' | 'confirmedProduction';

interface Question {
  answer: Answer;
  title: string;
  prompt: string;
  /** Recorded in the audit log when the user declines. */
  cancelReason: string;
}

/** The plan's questions, the overrides first: nothing dangerous is confirmed before a rule it breaks is shown. */
function questionsFor(plan: WritePlan): Question[] {
  const { intent } = plan;
  const change = `${describeIntent(intent)} on ${intent.environments.join(', ')}`;
  const questions: Question[] = [];
  if (plan.consistencyViolations.length > 0) {
    questions.push({
      answer: 'ignoreConsistencyCheck',
      title: `Override the chatops consistency check to ${change}?`,
      prompt: `${plan.consistencyViolations.join(' ')} Override only if you are sure (chatops: --ignore-feature-flag-consistency-check). Command: ${plan.chatops}`,
      cancelReason: 'consistency override cancelled',
    });
  }
  if (plan.activeIncidents.length > 0) {
    questions.push({
      answer: 'ignoreProductionCheck',
      title: `Override the production check to ${change}?`,
      prompt:
        `${plan.activeIncidents.join(' ')} Production changes are blocked during high-severity incidents; override only if this change is ` +
        `unrelated or part of the fix (chatops: --ignore-production-check). Command: ${plan.chatops}`,
      cancelReason: 'production check override cancelled',
    });
  }
  if (plan.productionConfirmation) {
    questions.push({
      answer: 'confirmedProduction',
      title: `Change ${intent.flag} on production? ${change}`,
      prompt: `${plan.productionConfirmation} Command: ${plan.chatops}`,
      cancelReason: 'production confirmation cancelled',
    });
  }
  return questions;
}

/**
 * Asks the user to type `name` to go ahead, as GitHub does before deleting a repository. Resolves
 * true only for the exact name; Escape, the box closing any other way (another input taking its
 * place), or Enter on an empty box resolve false, and Enter on any other text says so and waits.
 * Focus moving elsewhere leaves the box open (ignoreFocusOut). The client's only confirmation:
 * every write's questions come here through attemptWrite.
 */
export function confirmByTypingName(name: string, question: { title: string; prompt: string; step?: number; totalSteps?: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = question.title;
    box.prompt = question.prompt;
    box.placeholder = `Type ${name} to confirm, or press Escape to cancel`;
    box.ignoreFocusOut = true;
    if (question.totalSteps && question.totalSteps > 1) {
      box.step = question.step;
      box.totalSteps = question.totalSteps;
    }
    let confirmed = false;
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidAccept(() => {
      const typed = box.value.trim();
      if (typed === name) confirmed = true;
      if (typed === name || typed === '') box.hide();
      else box.validationMessage = `'${typed}' is not the flag name: type ${name} exactly, or press Escape to cancel.`;
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(confirmed);
    });
    box.show();
  });
}

/** Runs the whole flow; resolves to the results, or undefined when refused or cancelled. */
export async function performWrite(
  client: LanguageClient,
  intent: WriteIntent,
  log: vscode.LogOutputChannel,
): Promise<WriteResult[] | undefined> {
  const attempt = await attemptWrite(client, intent, log);
  return attempt.status === 'done' ? attempt.results : undefined;
}

/**
 * How a write ended: `refused` before any question (Restricted Mode, or the plan's errors, already
 * shown), `cancelled` when the user declined a question (recorded on the server), or `done`.
 */
export type WriteAttempt = { status: 'done'; results: WriteResult[] } | { status: 'refused' } | { status: 'cancelled' };

/** performWrite, telling a refusal from a cancellation (for flows that write several flags in turn). */
export async function attemptWrite(client: LanguageClient, intent: WriteIntent, log: vscode.LogOutputChannel): Promise<WriteAttempt> {
  if (!ensureTrusted()) return { status: 'refused' };
  const plan = await planWrite(client, intent);
  if (!plan) return { status: 'refused' };
  for (const warning of plan.warnings) void vscode.window.showWarningMessage(`GitLab Flags: ${warning}`);

  const params: ExecuteWriteParams = { planId: plan.id, confirmedProduction: false, ignoreConsistencyCheck: false, ignoreProductionCheck: false };
  const questions = questionsFor(plan);
  for (const [index, question] of questions.entries()) {
    const confirmed = await confirmByTypingName(intent.flag, { ...question, step: index + 1, totalSteps: questions.length });
    if (!confirmed) {
      log.info(`${intent.flag}: ${question.cancelReason}; nothing was sent.`);
      await client.sendRequest(CancelWriteRequest.type, { planId: plan.id, reason: question.cancelReason }).catch((error: unknown) => {
        log.warn(`${intent.flag}: the server did not record the cancellation: ${error instanceof Error ? error.message : String(error)}`);
      });
      return { status: 'cancelled' };
    }
    params[question.answer] = true;
  }

  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GitLab Flags: ${intent.flag}: ${describeIntent(intent)} on ${intent.environments.join(', ')}…` },
    () => client.sendRequest(ExecuteWriteRequest.type, params),
  );
  reportResults(intent.flag, results, log);
  return { status: 'done', results };
}

/**
 * One notification for all environments. Each result's message is a sentence that already names
 * its environment (and usually the flag), so it is shown as is: failures as an error, an unknown outcome (the answer was
 * lost; the message says what GitLab reports now) or a state other than the one asked for as a
 * warning, the rest as information.
 */
function reportResults(flag: string, results: WriteResult[], log: vscode.LogOutputChannel): void {
  for (const result of results) log.info(`${flag} [${result.outcome}] ${result.message}${result.note ? ` ${result.note}` : ''}`);
  // The flag is named once: by the sentences when they all name it, otherwise in front of them.
  const named = results.every((result) => result.message.includes(flag));
  // The rollout issue's note (or why it failed) is said beside the results, never instead of them.
  const notes = results.flatMap((result) => (result.note ? [result.note] : []));
  const text = `GitLab Flags: ${named ? '' : `${flag}: `}${[...results.map((result) => result.message), ...notes].join(' · ')}`;
  const show = 'Show Output';
  const onAnswer = (answer: string | undefined) => answer === show && log.show();
  if (results.some((result) => result.outcome === 'failed' || result.outcome === 'refused')) {
    void vscode.window.showErrorMessage(text, show).then(onAnswer);
  } else if (results.some((result) => result.outcome !== 'ok' || result.differs)) {
    void vscode.window.showWarningMessage(text, show).then(onAnswer);
  } else {
    void vscode.window.showInformationMessage(text);
  }
}
