// What every handler reads: the roots served, the settings, the GitLab service, whether the
// workspace is trusted and whether the first index is done. Only its own methods change it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { settingsFrom, type Settings } from '../settings';
import { Workspaces, type ProblemSettings } from '../workspaces';
import type { Workspace } from '../index/workspace';
import type { GitLabService } from '../gitlab/service';
import { TokenStore } from '../gitlab/environments';
import { liveStatesFrom } from '../features/liveState';
import { severityMap } from '../features/severity';
import { pathToUri, uriToPath } from '../features/uris';
import { noCache } from '../environmentVariables';
import type { Diagnostics } from '../diagnostics';
import type { IndexStatus } from '../status';

/** What the editor said about itself in `initialize`. */
export interface ClientOptions {
  storagePath?: string;
  /** The audit log file the editor chose; else the shared default. */
  auditLogPath?: string;
  supportsConfiguration: boolean;
  supportsWatcherRegistration: boolean;
}

/** The parts the lifecycle handlers (initialize, settings, folders) act on together. */
export interface Context {
  connection: Connection;
  session: Session;
  diagnostics: Diagnostics;
  status: IndexStatus;
}

export class Session {
  /** Tokens outlive a settings change (the service is rebuilt, the tokens are not). */
  readonly tokens = new TokenStore(process.env);
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private options: ClientOptions = { supportsConfiguration: false, supportsWatcherRegistration: false };
  private roots = new Workspaces([], {});
  private current: Settings = settingsFrom({});
  private service: GitLabService | undefined;
  private trustedNow = true;

  constructor(private readonly documents: TextDocuments<TextDocument>) {
    this.ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
  }

  get client(): ClientOptions { return this.options; }
  get workspaces(): Workspaces { return this.roots; }
  get settings(): Settings { return this.current; }
  get gitlab(): GitLabService | undefined { return this.service; }
  get trusted(): boolean { return this.trustedNow; }

  start(client: ClientOptions, settings: Settings, trusted: boolean, roots: string[]): void {
    this.options = client;
    this.current = settings;
    this.trustedNow = trusted;
    this.roots = new Workspaces(roots, this.indexOptions());
  }

  /** The first index is built (or failed): handlers waiting on `ready` go on. */
  markReady(): void {
    this.resolveReady();
  }

  // NOTE: VS Code can grant trust while running but never revokes it without a reload.
  trust(): void {
    this.trustedNow = true;
  }

  /** New settings and the GitLab service built from them; problems follow both. */
  configure(settings: Settings, gitlab: GitLabService): void {
    this.current = settings;
    this.service = gitlab;
    this.roots.configure(this.problemSettings());
  }

  /** Serves these roots from now on, reusing the already indexed ones; returns the roots to index. */
  serve(roots: string[]): Workspace[] {
    const kept = this.roots.all;
    this.roots = new Workspaces(roots, this.indexOptions(), kept);
    this.roots.configure(this.problemSettings());
    return this.roots.all.filter((workspace) => !kept.includes(workspace));
  }

  /** The file's path and root, for a URI under one of the roots. */
  locate(uri: string): { path: string; workspace: Workspace } | undefined {
    const path = uriToPath(uri);
    const workspace = path ? this.roots.forPath(path) : undefined;
    return path && workspace ? { path, workspace } : undefined;
  }

  /** Open editor buffers win over the disk, also for the text that cleanup rewrites. */
  readonly readText = (path: string): string => this.documents.get(pathToUri(path))?.getText() ?? readFileSync(path, 'utf8');

  /** A flag's YAML definition in the first root that has one. */
  definition(name: string) {
    for (const workspace of this.roots.all) {
      const found = workspace.index.definitions(name)[0];
      if (found) return found;
    }
    return undefined;
  }

  private indexOptions() {
    return {
      useCache: !noCache(),
      ...(this.options.storagePath ? { cacheBase: join(this.options.storagePath, 'index') } : {}),
      maxFileBytes: this.current.maxFileSizeMB * 1024 * 1024,
    };
  }

  private problemSettings(): ProblemSettings {
    const gitlab = this.service;
    return {
      currentMilestone: this.current.currentMilestone,
      severity: severityMap(this.current.diagnosticsSeverity),
      liveState: gitlab && gitlab.environments.length > 0 ? liveStatesFrom(gitlab) : undefined,
    };
  }
}
