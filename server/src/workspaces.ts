// All workspace roots the server serves, with the plumbing between editor events and the
// per-root indexes: which root a file belongs to, what changed, which files need new diagnostics.

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { Problem } from './flags/model';
import { newestMilestone, problemsForFile } from './features/problems';
import { Workspace } from './index/workspace';
import type { BuildOptions } from './index/buildIndex';

const SEVERITY: Record<Problem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(problem: Problem): Diagnostic {
  return {
    range: problem.range,
    severity: SEVERITY[problem.severity],
    source: 'gitlab-flags',
    code: problem.kind,
    message: problem.message,
    ...(problem.flag ? { data: { flag: problem.flag } } : {}),
  };
}

export class Workspaces {
  readonly all: Workspace[];
  currentMilestoneSetting: string | null = null;

  constructor(roots: string[], options: BuildOptions) {
    // Longest root first, so nested roots win for the files under them.
    this.all = [...new Set(roots)].sort((a, b) => b.length - a.length).map((root) => new Workspace(root, options));
  }

  forPath(path: string): Workspace | undefined {
    return this.all.find((workspace) => workspace.contains(path));
  }

  private readonly newest = new WeakMap<object, { version: number; milestone: string | undefined }>();

  currentMilestone(workspace: Workspace): string | undefined {
    if (this.currentMilestoneSetting) return this.currentMilestoneSetting;
    const { index } = workspace;
    let memo = this.newest.get(index);
    if (memo?.version !== index.definitionsVersion) {
      memo = { version: index.definitionsVersion, milestone: newestMilestone(index.allDefinitions()) };
      this.newest.set(index, memo);
    }
    return memo.milestone;
  }

  problems(path: string): Problem[] {
    const workspace = this.forPath(path);
    if (!workspace) return [];
    return this.problemsIn(workspace, path);
  }

  /** Problems of a file known to be in this workspace. */
  problemsIn(workspace: Workspace, path: string): Problem[] {
    return problemsForFile({ index: workspace.index, currentMilestone: this.currentMilestone(workspace) }, path);
  }

  /** Files whose diagnostics may change when these flags' references change. */
  affectedFiles(workspace: Workspace, keys: Iterable<string>, changedFiles: Iterable<string>): Set<string> {
    const files = new Set<string>(changedFiles);
    for (const key of keys) for (const path of workspace.index.filesMentioning(key)) files.add(path);
    return files;
  }

  /** Every file that can have something to report (the index keeps only files with findings). */
  filesWithFindings(workspace: Workspace): string[] {
    return [...workspace.index.paths()];
  }
}
