// gitlab-flags refs: the references of some flags, or of all of them.

import type { CliIo } from '../cliIo';
import { flagKey } from '../flags/naming';
import { INDEX_OPTIONS, parseCommandArgs, reportSkipped } from './options';
import { loadRoot } from './loadRoot';

export interface ReferenceRow {
  flag: string;
  path: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  kind: string;
}

export async function runRefs(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, INDEX_OPTIONS);
  if (values.help) {
    io.stdout('Usage: gitlab-flags refs [NAME...] [--root DIR] [--json] [--no-cache] [--cache-dir DIR]\n');
    return 0;
  }
  const workspace = await loadRoot(io, values);
  const { index } = workspace;
  const keys = positionals.length > 0 ? [...new Set(positionals.map(flagKey))] : [...index.keys()];
  const rows: ReferenceRow[] = [];
  for (const key of keys) {
    const flag = index.displayName(key);
    for (const found of index.references(key)) {
      const { start, end } = found.item.range;
      rows.push({ flag, path: workspace.relativePath(found.file), line: start.line, character: start.character, endLine: end.line, endCharacter: end.character, kind: found.item.kind });
    }
  }
  rows.sort((a, b) => a.flag.localeCompare(b.flag) || a.path.localeCompare(b.path) || a.line - b.line || a.character - b.character);
  if (values.json) io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else for (const row of rows) io.stdout(`${row.path}:${row.line + 1}:${row.character + 1}\t${row.kind}\t${row.flag}\n`);
  if (workspace.stats) reportSkipped(io, workspace.stats);
  // A name asked for by name that nothing mentions is almost always a typo: say so, exit 1.
  const unknown = positionals.filter((name) => index.references(name).length === 0 && index.definitions(name).length === 0);
  for (const name of unknown) io.stderr(`gitlab-flags: no definition of or reference to '${name}' under ${workspace.root}.\n`);
  return unknown.length > 0 ? 1 : 0;
}
