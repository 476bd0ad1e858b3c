// Code actions: create a missing definition (quick fix), remove a flag keeping one behaviour
// (refactor, computed lazily on resolve because it parses every referencing file), and release
// a flag by making it default_enabled.

import { CodeAction, CodeActionKind, CodeActionParams, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { FLAG_TYPES } from '../flags/flagTypes';
import type { Workspace } from '../index/workspace';
import type { CleanupResult } from '../protocol';
import { CREATABLE_TYPES, createDefinitionEdit, definitionPath, definitionYaml } from './createDefinition';
import { referenceAt } from './lookup';

export interface CodeActionData {
  root: string;
  flag: string;
  action: 'cleanup' | 'release';
  keep?: 'enabled' | 'disabled';
}

export function codeActions(workspace: Workspace, path: string, params: CodeActionParams, currentMilestone: string | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const { index } = workspace;
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'gitlab-flags' || diagnostic.code !== 'undefined-flag') continue;
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
