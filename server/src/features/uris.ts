// File paths ↔ URIs, spelled the way VS Code spells them so locations compare equal.

import { URI } from 'vscode-uri';
import type { Location } from 'vscode-languageserver-protocol';
import type { Range } from '../flags/model';

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}

export function uriToPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

export function location(path: string, range: Range): Location {
  return { uri: pathToUri(path), range };
}
