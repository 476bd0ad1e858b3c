// Diagnostics the client holds: computes a file's problems, sends them only when they changed,
// and keeps the count the Problems panel shows (the status bar reports it).

import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { toDiagnostic, type Workspaces } from './workspaces';
import type { Workspace } from './index/workspace';
import { pathToUri } from './features/uris';

export class Diagnostics {
  /** By file path, the JSON of what the client holds, to send only what changed. */
  private readonly published = new Map<string, string>();
  /** Of those, how many per file the Problems panel shows (all but hints). */
  private readonly shownCounts = new Map<string, number>();
  private shownTotal = 0;

  constructor(
    private readonly send: (params: PublishDiagnosticsParams) => void,
    private readonly workspaces: () => Workspaces,
  ) {}

  /** What the Problems panel shows: every diagnostic but hints (VS Code leaves those out). */
  get problemTotal(): number {
    return this.shownTotal;
  }

  /** Sends a file's diagnostics if they differ from what the client has. `workspace` saves looking it up. */
  publish(path: string, workspace?: Workspace): void {
    const problems = workspace ? this.workspaces().problemsIn(workspace, path) : this.workspaces().problems(path);
    // NOTE: most files with findings have no problems, and the client has nothing to clear for them.
    if (problems.length === 0 && !this.published.has(path)) return;
    const diagnostics = problems.map(toDiagnostic);
    const signature = JSON.stringify(diagnostics);
    if ((this.published.get(path) ?? '[]') === signature) return;
    if (diagnostics.length === 0) this.published.delete(path);
    else this.published.set(path, signature);
    const shown = diagnostics.filter((diagnostic) => diagnostic.severity !== DiagnosticSeverity.Hint).length;
    this.setShown(path, shown);
    this.send({ uri: pathToUri(path), diagnostics });
  }

  publishAll(workspace: Workspace): void {
    const stillPublished = new Set<string>();
    for (const path of this.workspaces().filesWithFindings(workspace)) {
      this.publish(path, workspace);
      stillPublished.add(path);
    }
    // Files that lost their last reference must have their old diagnostics cleared.
    for (const path of [...this.published.keys()]) {
      if (workspace.contains(path) && !stillPublished.has(path)) this.publish(path, workspace);
    }
  }

  /** After an edit: the files that mention the touched flags or report a problem the edited files take part in. */
  publishAffected(workspace: Workspace, keys: Set<string>, changed: string[]): void {
    for (const path of this.workspaces().affectedFiles(workspace, keys, changed)) this.publish(path);
  }

  /** Definition files (of these flags, or all): their stale / ready-to-remove problems follow live state. */
  publishDefinitions(flags?: string[]): void {
    const workspaces = this.workspaces();
    for (const workspace of workspaces.all) for (const path of workspaces.definitionFiles(workspace, flags)) this.publish(path, workspace);
  }

  /** Roots that left the workspace: the client must drop what it shows for their files. */
  clearUnder(roots: readonly string[]): void {
    for (const path of [...this.published.keys()]) {
      if (roots.some((root) => path.startsWith(root))) {
        this.published.delete(path);
        this.setShown(path, 0);
        this.send({ uri: pathToUri(path), diagnostics: [] });
      }
    }
  }

  private setShown(path: string, shown: number): void {
    this.shownTotal += shown - (this.shownCounts.get(path) ?? 0);
    if (shown === 0) this.shownCounts.delete(path);
    else this.shownCounts.set(path, shown);
  }
}
