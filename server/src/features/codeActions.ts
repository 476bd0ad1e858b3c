// Code actions: create a missing definition (quick fix), pass an actor to a check without one,
// move an EE-only definition that FOSS code uses to config/, roll a plan out by actors rather
// than by time (quick fixes), remove a flag keeping one behaviour (refactor, computed lazily on
// resolve because it parses every referencing file), and release a flag by making it
// default_enabled.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, RenameFile, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { FLAG_TYPES } from '../flags/flagTypes';
import { LineMap } from '../index/sourceText';
import type { Workspace } from '../index/workspace';
import type { CleanupResult } from '../../../shared/protocol';
import { actorCandidates } from './actorCandidates';
import { CREATABLE_TYPES, createDefinitionEdit, definitionPath, definitionYaml } from './createDefinition';
import { referenceAt } from './lookup';
import { pathToUri } from './uris';

export interface CodeActionData {
  root: string;
  flag: string;
  action: 'cleanup' | 'release';
  keep?: 'enabled' | 'disabled';
}

/** `readText` reads a file as the editor has it (open buffers win); default: from disk. */
export function codeActions(workspace: Workspace, path: string, params: CodeActionParams, currentMilestone: string | undefined, readText: (path: string) => string = (file) => readFileSync(file, 'utf8')): CodeAction[] {
  const actions: CodeAction[] = [];
  const { index } = workspace;
  let text: string | undefined;
  const fileText = () => {
    try {
      return (text ??= readText(path));
    } catch {
      return (text = ''); // gone since the diagnostic: no edit to offer
    }
  };
  const movedFlags = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'gitlab-flags') continue;
    if (diagnostic.code === 'flag-without-actor') actions.push(...actorActions(diagnostic, fileText(), workspace.relativePath(path), path));
    if (diagnostic.code === 'percentage-of-time') actions.push(...actorsRolloutActions(diagnostic, fileText(), path));
    if (diagnostic.code === 'ee-flag-in-foss') {
      const flag = (diagnostic.data as { flag?: string } | undefined)?.flag;
      if (flag && !movedFlags.has(flag)) {
        movedFlags.add(flag);
        actions.push(...moveDefinitionActions(workspace, flag, diagnostic));
      }
    }
    if (diagnostic.code !== 'undefined-flag') continue;
    const flag = (diagnostic.data as { flag?: string } | undefined)?.flag;
    if (!flag) continue;
    for (const type of CREATABLE_TYPES) {
      const target = definitionPath(workspace.root, workspace.relativePath(path), flag, type);
      actions.push({
        title: `Create ${type} definition for '${flag}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: type === 'gitlab_com_derisk',
        edit: createDefinitionEdit(target, definitionYaml(flag, type, currentMilestone)),
      });
    }
  }

  const reference = referenceAt(index, path, params.range.start);
  if (!reference) return actions;
  const flag = index.displayName(reference.name);
  for (const keep of ['enabled', 'disabled'] as const) {
    actions.push({
      title: `Remove flag '${flag}', keep ${keep} behaviour`,
      kind: CodeActionKind.RefactorRewrite,
      data: { root: workspace.root, flag, action: 'cleanup', keep } satisfies CodeActionData,
    });
  }
  const definition = index.definitions(flag)[0];
  if (definition?.type && FLAG_TYPES[definition.type]?.mayBeDefaultEnabled && definition.defaultEnabled === false) {
    actions.push({
      title: `Release '${flag}' with the flag (default_enabled: true)`,
      kind: CodeActionKind.RefactorRewrite,
      data: { root: workspace.root, flag, action: 'release' } satisfies CodeActionData,
    });
  }
  return actions;
}

/** Quick fixes for a check without an actor: pass one the code around it has, or a fallback. */
function actorActions(diagnostic: Diagnostic, text: string, relativePath: string, path: string): CodeAction[] {
  const lines = new LineMap(text);
  let at = lines.offset(diagnostic.range.end);
  // A string name's range ends before its closing quote.
  if (text[at] === "'" || text[at] === '"') at += 1;
  if (at > text.length) return [];
  const position = lines.position(at);
  const candidates = actorCandidates(text, at, relativePath);
  const fallbacks: [string, string][] = [
    ['Feature.current_request', 'Pass Feature.current_request as the actor (a percentage of requests)'],
    [':instance', 'Pass :instance as the actor (a flag about the whole instance)'],
  ];
  const choices: [string, string][] = [...candidates.map((actor): [string, string] => [actor, `Pass \`${actor}\` as the actor`]), ...fallbacks];
  return choices.map(([actor, title], i) => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(i === 0 && candidates.length > 0 ? { isPreferred: true } : {}),
    edit: { changes: { [pathToUri(path)]: [{ range: { start: position, end: position }, newText: `, ${actor}` }] } },
  }));
}

/** Quick fix for a rollout plan's `--random`: `--actors`, without the deprecation override. */
function actorsRolloutActions(diagnostic: Diagnostic, text: string, path: string): CodeAction[] {
  const { start, end } = diagnostic.range;
  const line = text.split('\n')[start.line] ?? '';
  if (line.slice(start.character, end.character) !== '--random') return [];
  const edits = [{ range: diagnostic.range, newText: '--actors' }];
  const override = / --ignore-random-deprecation-check(?![\w-])/.exec(line);
  if (override) edits.push({ range: { start: { line: start.line, character: override.index }, end: { line: start.line, character: override.index + override[0].length } }, newText: '' });
  return [{ title: 'Roll out by percentage of actors (--actors)', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [pathToUri(path)]: edits } } }];
}

/**
 * Quick fix for an EE-only flag used in FOSS code: move its definition (and a prepared removal
 * `<name>.patch` beside it) from ee/config/feature_flags/ to config/feature_flags/. Not offered
 * when the target exists.
 */
function moveDefinitionActions(workspace: Workspace, flag: string, diagnostic: Diagnostic): CodeAction[] {
  const definitions = workspace.index.definitions(flag);
  if (definitions.length !== 1) return [];
  const relativePath = workspace.relativePath(definitions[0].file);
  if (!relativePath.startsWith('ee/config/feature_flags/')) return [];
  const target = relativePath.slice('ee/'.length);
  const renames: RenameFile[] = [];
  for (const [from, to] of [[relativePath, target], [relativePath.replace(/\.yml$/, '.patch'), target.replace(/\.yml$/, '.patch')]]) {
    if (existsSync(join(workspace.root, to))) return [];
    if (from === relativePath || existsSync(join(workspace.root, from))) renames.push({ kind: 'rename', oldUri: pathToUri(join(workspace.root, from)), newUri: pathToUri(join(workspace.root, to)), options: { overwrite: false } });
  }
  return [{ title: `Move the definition of '${flag}' to ${target.slice(0, target.lastIndexOf('/') + 1)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { documentChanges: renames } }];
}

export interface ResolveDependencies {
  cleanup: (workspace: Workspace, flag: string, keep: 'enabled' | 'disabled') => Promise<CleanupResult>;
  releaseEdit: (flag: string) => { edit?: WorkspaceEdit; error?: string };
}

export async function resolveCodeAction(action: CodeAction, data: CodeActionData, workspace: Workspace, dependencies: ResolveDependencies): Promise<CodeAction> {
  if (data.action === 'cleanup' && data.keep) {
    const result = await dependencies.cleanup(workspace, data.flag, data.keep);
    return { ...action, edit: result.edit };
  }
  if (data.action === 'release') {
    const result = dependencies.releaseEdit(data.flag);
    return result.edit ? { ...action, edit: result.edit } : { ...action, disabled: { reason: result.error ?? 'Cannot release this flag.' } };
  }
  return action;
}
