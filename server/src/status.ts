// The index status notification (the client's status bar): the state of indexing and the
// counts of files, flags, definitions, references and problems across every root.

import * as protocol from '../../shared/protocol';
import type { Workspaces } from './workspaces';

/** Long enough that typing does not resend the counts on every keystroke. */
const SCHEDULE_MS = 300;

export class IndexStatus {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (status: protocol.IndexStatus) => void,
    private readonly workspaces: () => Workspaces,
    private readonly problemTotal: () => number,
  ) {}

  report(state: protocol.IndexStatus['state'], message?: string, elapsedMs?: number): void {
    const workspaces = this.workspaces().all;
    let files = 0;
    let definitions = 0;
    let references = 0;
    const keys = new Set<string>();
    for (const workspace of workspaces) {
      files += workspace.stats?.files ?? workspace.index.fileCount;
      definitions += workspace.index.allDefinitions().length;
      for (const key of workspace.index.keys()) keys.add(`${workspace.root}\0${key}`);
    }
    for (const workspace of workspaces) {
      for (const path of workspace.index.paths()) references += workspace.index.file(path)?.references.filter((reference) => reference.kind !== 'definition').length ?? 0;
    }
    this.send({
      state,
      files,
      flags: keys.size,
      definitions,
      references,
      problems: this.problemTotal(),
      ...(elapsedMs !== undefined ? { elapsedMs } : {}),
      ...(message ? { message } : {}),
    });
  }

  /** Reports 'ready' once changes stop arriving. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report('ready'), SCHEDULE_MS);
  }
}
