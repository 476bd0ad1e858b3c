// All workspace roots the server serves, with the plumbing between editor events and the
// per-root indexes: which root a file belongs to, what changed, which files need new diagnostics.

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { Problem } from './flags/model';
import { filesReportingFor, newestMilestone, problemsForFile } from './features/problems';
import { DEFAULT_SEVERITY_MAP, type SeverityMap } from './features/severity';
import type { LiveStateSource } from './features/liveState';
import { pathToUri } from './features/uris';
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
    ...(problem.related ? { relatedInformation: problem.related.map((place) => ({ location: { uri: pathToUri(place.file), range: place.range }, message: place.message })) } : {}),
    ...(problem.flag ? { data: { flag: problem.flag } } : {}),
  };
}

/** What problems depend on beyond the index: settings and the live-state layer. */
export interface ProblemSettings {
  currentMilestone: string | null;
  /** gitlabFlags.diagnostics.severity over the defaults. */
  severity: SeverityMap;
  /** Live state from the configured environments (stale vs ready to remove); none without them. */
  liveState: LiveStateSource | undefined;
}

export class Workspaces {
  readonly all: readonly Workspace[];
  private currentMilestoneSetting: string | null = null;
  private severity: SeverityMap = DEFAULT_SEVERITY_MAP;
  private live?: LiveStateSource;

  /** `kept`: workspaces already indexed, reused for their roots instead of indexing them again. */
  constructor(roots: string[], options: BuildOptions, kept: readonly Workspace[] = []) {
    // Longest root first, so nested roots win for the files under them.
    this.all = [...new Set(roots)]
      .sort((a, b) => b.length - a.length)
      .map((root) => kept.find((workspace) => workspace.root === root) ?? new Workspace(root, options));
  }

  configure(settings: ProblemSettings): void {
    this.currentMilestoneSetting = settings.currentMilestone;
    this.severity = settings.severity;
    this.live = settings.liveState;
  }

  get liveState(): LiveStateSource | undefined {
    return this.live;
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
    return problemsForFile({ index: workspace.index, currentMilestone: this.currentMilestone(workspace), severity: this.severity, liveState: this.liveState }, path);
  }

  /**
   * Files whose diagnostics may change when these flags' references change. A changed file's
   * own places may be another file's related locations (the first read of a flag it also reads):
   * that file is republished too, so they never point at a stale line.
   */
  affectedFiles(workspace: Workspace, keys: Iterable<string>, changedFiles: Iterable<string>): Set<string> {
    const files = new Set<string>(changedFiles);
    for (const key of keys) for (const path of workspace.index.filesMentioning(key)) files.add(path);
    for (const path of changedFiles) for (const reporting of filesReportingFor(workspace.index, path)) files.add(reporting);
    return files;
  }

  /** Definition files, of these flags or all: their stale / ready-to-remove problems follow live state. */
  definitionFiles(workspace: Workspace, flags?: readonly string[]): string[] {
    const { index } = workspace;
    if (!flags) return index.definitionFiles();
    return flags.flatMap((flag) => index.definitions(flag).map((definition) => definition.file));
  }

  /** Every file that can have something to report (the index keeps only files with findings). */
  filesWithFindings(workspace: Workspace): string[] {
    return [...workspace.index.paths()];
  }
}
