// Workspace symbols: flags by name, pointing at their definitions (or first reference).

import { SymbolInformation, SymbolKind } from 'vscode-languageserver-protocol';
import type { FlagIndex } from '../index/flagIndex';
import { location } from './uris';

const LIMIT = 500;

export function workspaceSymbols(indexes: FlagIndex[], query: string): SymbolInformation[] {
  const needle = query.toLowerCase().replace(/[_\s]/g, '');
  const out: SymbolInformation[] = [];
  for (const index of indexes) {
    for (const key of index.keys()) {
      if (out.length >= LIMIT) return out;
      const name = index.displayName(key);
      if (needle && !name.replace(/_/g, '').includes(needle)) continue;
      const definition = index.definitions(key)[0];
      const target = definition ? { file: definition.file, range: definition.nameRange } : firstReference(index, key);
      if (!target) continue;
      out.push({ name, kind: SymbolKind.Constant, location: location(target.file, target.range), containerName: definition?.type ?? 'undefined flag' });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function firstReference(index: FlagIndex, key: string) {
  const found = index.references(key)[0];
  return found ? { file: found.file, range: found.item.range } : undefined;
}
