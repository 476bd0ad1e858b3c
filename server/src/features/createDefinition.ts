// The quick fix for an undefined flag: create its YAML the way bin/feature-flag does.

import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { join } from 'node:path';
import { FLAG_TYPES } from '../flags/flagTypes';
import { pathToUri } from './uris';

/** Types a new flag can be created with (bin/feature-flag offers these). */
export const CREATABLE_TYPES = Object.keys(FLAG_TYPES).filter((type) => FLAG_TYPES[type].definitionRequired && !FLAG_TYPES[type].deprecated);

export function definitionYaml(name: string, type: string, milestone: string | undefined): string {
  return [
    '---',
    `name: ${name}`,
    'description:',
    'feature_issue_url:',
    'introduced_by_url:',
    'rollout_issue_url:',
    `milestone: '${milestone ?? ''}'`,
    'group:',
    `type: ${type}`,
    'default_enabled: false',
    '',
  ].join('\n');
}

/** ee/ code gets an ee/ definition, as GitLab's generator does. */
export function definitionPath(root: string, referencingRelativePath: string, name: string, type: string): string {
  const edition = /^(ee|jh)\//.exec(referencingRelativePath)?.[1];
  return join(root, ...(edition ? [edition] : []), 'config', 'feature_flags', type, `${name}.yml`);
}

export function createDefinitionEdit(path: string, content: string): WorkspaceEdit {
  const uri = pathToUri(path);
  const create: CreateFile = { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } };
  const insert: TextDocumentEdit = {
    textDocument: { uri, version: null },
    edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }],
  };
  return { documentChanges: [create, insert] };
}
