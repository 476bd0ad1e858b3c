// The language server's front door: wires LSP messages to the core. Each handler is a few
// guard clauses and one call; the logic lives in index/, features/, gitlab/ and cleanup/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as protocol from '../../shared/protocol';
import { settingsFrom, Settings } from './settings';
import { toDiagnostic, Workspaces } from './workspaces';
import type { Workspace } from './index/workspace';
import { pathToUri, uriToPath } from './features/uris';
import { referenceAt } from './features/lookup';
import { flagCard } from './features/hover';
import { definition } from './features/definition';
import { references } from './features/references';
import { completion } from './features/completion';
import { workspaceSymbols } from './features/symbols';
import { prepareRename, rename, RenameError } from './features/rename';
import { codeActions, CodeActionData, resolveCodeAction } from './features/codeActions';
import { flagSummaries, flagDetails } from './features/flagList';
import { GitLabService } from './gitlab/service';
import { defaultAuditLogPath } from './gitlab/auditLog';
import { loadEnvironments, parseEnvironments, TokenStore } from './gitlab/environments';
import type { Environment } from '../../shared/gitlabModel';
import { cleanupFlag } from './features/cleanup';
import { liveStateTable } from './features/liveStateTable';
import { releaseEdit as releaseDefinitionEdit } from './features/releaseEdit';
import { extinctFlags, groupExtinct } from './features/extinct';
import { chatopsLine } from './gitlab/chatops';
import { describeDiscovery, type DiscoveryWhy } from './index/discover';
import { severityMap } from './features/severity';
import { liveStatesFrom } from './features/liveState';
import { environmentsFile, eventDebounceMs, noCache } from './environmentVariables';
import { DEFINITION_GLOB, ROLLOUT_PLAN_GLOBS, SOURCE_GLOB } from '../../shared/fileTypes';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let workspaces = new Workspaces([], {});
let settings: Settings = settingsFrom({});
let gitlab: GitLabService | undefined;
// Tokens outlive a settings change (the service is rebuilt, the tokens are not).
const tokens = new TokenStore(process.env);
let storagePath: string | undefined;
let supportsConfiguration = false;
let workspaceTrusted = true;
/** The audit log file an editor chose (initializationOptions.auditLogPath); else the shared default. */
let auditLogOption: string | undefined;
const UNTRUSTED = 'This workspace is not trusted: flags can be read, but not changed on GitLab. Trust the workspace to enable writes.';
let supportsWatcherRegistration = false;
/** Diagnostics the client holds, by file path: their JSON, to send only what changed. */
const published = new Map<string, string>();
/** Of those, how many per file the Problems panel shows (all but hints), and their total. */
const problemCounts = new Map<string, number>();
let problemTotal = 0;
let resolveReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (resolveReady = resolve));

const log = (message: string): void => connection.console.log(message);

// NOTE: a bug in one handler must not take the whole server (and the user's diagnostics) down;
// it is logged with its stack for a report, and the server carries on.
process.on('unhandledRejection', (reason) => connection.console.error(`Unexpected error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? error.message}`));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as { storagePath?: string; globalStoragePath?: string; settings?: unknown; workspaceTrusted?: boolean; auditLogPath?: string };
  if (typeof options.auditLogPath === 'string' && options.auditLogPath !== '') auditLogOption = options.auditLogPath;
  // Editors without a notion of trust (Neovim, the CLI) are trusted; VS Code says so explicitly.
  workspaceTrusted = options.workspaceTrusted !== false;
  storagePath = options.storagePath;
  settings = settingsFrom(options.settings);
  supportsConfiguration = params.capabilities.workspace?.configuration === true;
  supportsWatcherRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const roots = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((path): path is string => path !== undefined);
  if (roots.length === 0 && params.rootUri) roots.push(uriToPath(params.rootUri) ?? '');
  if (roots.length === 0 && params.rootPath) roots.push(params.rootPath);
  workspaces = new Workspaces(
    roots.filter((root) => root.length > 0),
    indexOptions(),
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: [':', '.', '('] },
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: true },
      workspaceSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'gitlab-flags-language-server', version: '0.1.0' },
  };
});

function indexOptions() {
  return {
    useCache: !noCache(),
    ...(storagePath ? { cacheBase: join(storagePath, 'index') } : {}),
    maxFileBytes: settings.maxFileSizeMB * 1024 * 1024,
  };
}

connection.onInitialized(async () => {
  if (supportsWatcherRegistration) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [SOURCE_GLOB, DEFINITION_GLOB, ...ROLLOUT_PLAN_GLOBS].map((globPattern) => ({ globPattern })),
    });
  }
  await reloadSettings();
  await indexAll();
});

async function reloadSettings(): Promise<void> {
  if (supportsConfiguration) {
    try {
      const configured: unknown = await connection.workspace.getConfiguration('gitlabFlags');
      // Editors without a gitlabFlags section answer null: the initialization options stand.
      if (configured !== null && configured !== undefined) settings = settingsFrom(configured);
    } catch {
      // NOTE: clients without the section answer with an error; the initialization options stand.
    }
  }
  startGitLab();
  configureWorkspaces(workspaces);
  if (settings.diagnosticsSeverityIgnored.length > 0) {
    void connection.window.showWarningMessage(`GitLab Flags: gitlabFlags.diagnostics.severity: ignored ${settings.diagnosticsSeverityIgnored.join(', ')} (levels: error, warning, information, hint, off).`);
  }
}

/** What every Workspaces needs from the settings and the live-state layer to compute problems. */
function configureWorkspaces(target: Workspaces): void {
  target.currentMilestoneSetting = settings.currentMilestone;
  target.severity = severityMap(settings.diagnosticsSeverity);
  target.liveState = gitlab && gitlab.environments.length > 0 ? liveStatesFrom(gitlab) : undefined;
}

/** Live state moved: definitions may have become (or stopped being) stale or ready to remove. */
function republishDefinitions(flags?: string[]): void {
  if (!workspaces.liveState) return;
  for (const workspace of workspaces.all) for (const path of workspaces.definitionFiles(workspace, flags)) publish(path, workspace);
  scheduleStatus();
}

function startGitLab(): void {
  let environments: Environment[];
  try {
    environments =
      settings.environments.length > 0
        ? parseEnvironments(settings.environments, 'the gitlabFlags.environments setting')
        : loadEnvironments({ file: environmentsFile(), env: process.env });
  } catch (error) {
    connection.window.showErrorMessage(`GitLab Flags: ${(error as Error).message}`);
    environments = [];
  }
  gitlab = new GitLabService({
    environments,
    tokens,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    ttlMs: settings.stateCacheTtlSeconds * 1000,
    rollout: { minWaitMs: settings.rolloutMinimumWaitMinutes * 60_000 },
    // NOTE: the CLI's default too (GITLAB_FLAGS_AUDIT_LOG, else XDG state), so the rollout view
    // sees writes made from a terminal; an editor may pass its own file.
    auditLogPath: auditLogOption ?? defaultAuditLogPath(process.env),
    definitionsSearched: 'in the open workspace folders',
    log,
    lookupDefinition: (name: string) => anyWorkspaceDefinition(name),
    onStateChanged: (flags?: string[]) => {
      void connection.sendNotification(protocol.StateChangedNotification.type, flags ? { flags } : {});
      void ready.then(() => republishDefinitions(flags));
    },
  });
  // Fetch every environment once now, so the first hover is usually answered from the cache.
  if (environments.length > 0) void gitlab.refresh().catch(() => undefined);
}

function anyWorkspaceDefinition(name: string) {
  for (const workspace of workspaces.all) {
    const found = workspace.index.definitions(name)[0];
    if (found) return found;
  }
  return undefined;
}

async function indexAll(): Promise<void> {
  const progress: WorkDoneProgressReporter = await connection.window.createWorkDoneProgress();
  progress.begin('Indexing feature flags', 0, undefined, false);
  sendStatus('indexing');
  const started = performance.now();
  try {
    for (const workspace of workspaces.all) {
      const stats = await workspace.load();
      workspace.releaseCacheBytesSoon();
      log(`Indexed ${workspace.root}: ${stats.files} files (${stats.scanned} scanned, ${stats.fromCache} from cache) in ${stats.elapsedMs} ms; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}`);
      if (stats.files === 0) warnEmptyRoot(workspace.root, stats);
      for (const skipped of stats.skippedFiles) log(`Skipped ${skipped.path}: ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ''}`);
      progress.report(`${workspace.root}: ${stats.files} files`);
    }
  } catch (error) {
    sendStatus('error', `Indexing failed: ${(error as Error).message}`);
    progress.done();
    resolveReady();
    return;
  }
  progress.done();
  resolveReady();
  for (const workspace of workspaces.all) publishAll(workspace);
  sendStatus('ready', undefined, Math.round(performance.now() - started));
}

/** A root with nothing to index shows "No flags found" with no hint why; say what discovery saw. */
function warnEmptyRoot(root: string, stats: { discovery: 'git' | 'glob'; discoveryWhy?: DiscoveryWhy }): void {
  void connection.window.showWarningMessage(`GitLab Flags: no files to index in ${root}; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}.`);
}

function sendStatus(state: protocol.IndexStatus['state'], message?: string, elapsedMs?: number): void {
  let files = 0;
  let definitions = 0;
  let references = 0;
  const keys = new Set<string>();
  for (const workspace of workspaces.all) {
    files += workspace.stats?.files ?? workspace.index.fileCount;
    definitions += workspace.index.allDefinitions().length;
    for (const key of workspace.index.keys()) keys.add(`${workspace.root}\0${key}`);
  }
  for (const workspace of workspaces.all) {
    for (const path of workspace.index.paths()) references += workspace.index.file(path)?.references.filter((reference) => reference.kind !== 'definition').length ?? 0;
  }
  void connection.sendNotification(protocol.IndexStatusNotification.type, {
    state,
    files,
    flags: keys.size,
    definitions,
    references,
    // What the Problems panel shows: every diagnostic but hints (VS Code leaves those out).
    problems: problemTotal,
    ...(elapsedMs !== undefined ? { elapsedMs } : {}),
    ...(message ? { message } : {}),
  });
}

/** Sends a file's diagnostics if they differ from what the client has. `workspace` saves looking it up. */
function publish(path: string, workspace?: Workspace): void {
  const problems = workspace ? workspaces.problemsIn(workspace, path) : workspaces.problems(path);
  // NOTE: most files with findings have no problems, and the client has nothing to clear for them.
  if (problems.length === 0 && !published.has(path)) return;
  const diagnostics = problems.map(toDiagnostic);
  const signature = JSON.stringify(diagnostics);
  if ((published.get(path) ?? '[]') === signature) return;
  if (diagnostics.length === 0) published.delete(path);
  else published.set(path, signature);
  const shown = diagnostics.filter((diagnostic) => diagnostic.severity !== DiagnosticSeverity.Hint).length;
  problemTotal += shown - (problemCounts.get(path) ?? 0);
  if (shown === 0) problemCounts.delete(path);
  else problemCounts.set(path, shown);
  void connection.sendDiagnostics({ uri: pathToUri(path), diagnostics });
}

function publishAll(workspace: Workspace): void {
  const stillPublished = new Set<string>();
  for (const path of workspaces.filesWithFindings(workspace)) {
    publish(path, workspace);
    stillPublished.add(path);
  }
  // Files that lost their last reference must have their old diagnostics cleared.
  for (const path of [...published.keys()]) {
    if (workspace.contains(path) && !stillPublished.has(path)) publish(path, workspace);
  }
}

let statusTimer: NodeJS.Timeout | undefined;

function afterChange(workspace: Workspace, keys: Set<string>, changed: string[]): void {
  const problemsBefore = problemTotal;
  for (const path of workspaces.affectedFiles(workspace, keys, changed)) publish(path);
  // Counts in the status bar follow edits, but not on every keystroke.
  if (keys.size === 0 && problemTotal === problemsBefore) return;
  scheduleStatus();
}

function scheduleStatus(): void {
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => sendStatus('ready'), 300);
}

// ---------------------------------------------------------------------------------------
// Documents and files

documents.onDidChangeContent(async (event) => {
  await ready;
  const path = uriToPath(event.document.uri);
  const workspace = path ? workspaces.forPath(path) : undefined;
  if (!path || !workspace) return;
  afterChange(workspace, workspace.updateOpenDocument(path, event.document.getText()), [path]);
});

documents.onDidClose(async (event) => {
  await ready;
  const path = uriToPath(event.document.uri);
  const workspace = path ? workspaces.forPath(path) : undefined;
  if (!path || !workspace) return;
  afterChange(workspace, workspace.closeOpenDocument(path), [path]);
});

// NOTE: a `git checkout` delivers thousands of events at once; they are applied in one batch.
let pendingEvents = new Map<string, FileChangeType>();
let eventTimer: NodeJS.Timeout | undefined;
connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) pendingEvents.set(change.uri, change.type);
  clearTimeout(eventTimer);
  eventTimer = setTimeout(() => void applyFileEvents(), eventDebounceMs());
});

async function applyFileEvents(): Promise<void> {
  await ready;
  const events = pendingEvents;
  pendingEvents = new Map();
  const touched = new Map<Workspace, { keys: Set<string>; files: string[] }>();
  for (const [uri, type] of events) {
    const path = uriToPath(uri);
    const workspace = path ? workspaces.forPath(path) : undefined;
    if (!path || !workspace) continue;
    const keys = type === FileChangeType.Deleted ? workspace.removed(path) : workspace.refreshFromDisk(path);
    let entry = touched.get(workspace);
    if (!entry) touched.set(workspace, (entry = { keys: new Set(), files: [] }));
    for (const key of keys) entry.keys.add(key);
    entry.files.push(path);
  }
  for (const [workspace, { keys, files }] of touched) afterChange(workspace, keys, files);
  if (touched.size > 0) sendStatus('ready');
}

connection.onNotification('workspace/didChangeWorkspaceFolders', async (params: { event: { added: { uri: string }[]; removed: { uri: string }[] } }) => {
  await ready;
  const removed = new Set(params.event.removed.map((folder) => uriToPath(folder.uri)));
  const added = params.event.added.map((folder) => uriToPath(folder.uri)).filter((path): path is string => path !== undefined);
  const roots = [...workspaces.all.map((workspace) => workspace.root).filter((root) => !removed.has(root)), ...added];
  const kept = new Map(workspaces.all.map((workspace) => [workspace.root, workspace]));
  const next = new Workspaces(roots, indexOptions());
  configureWorkspaces(next);
  next.all.forEach((workspace, i) => {
    const existing = kept.get(workspace.root);
    if (existing) next.all[i] = existing;
  });
  for (const path of [...published.keys()]) {
    if ([...removed].some((root) => root && path.startsWith(root))) {
      published.delete(path);
      problemTotal -= problemCounts.get(path) ?? 0;
      problemCounts.delete(path);
      void connection.sendDiagnostics({ uri: pathToUri(path), diagnostics: [] });
    }
  }
  workspaces = next;
  for (const workspace of workspaces.all) {
    if (kept.has(workspace.root)) continue;
    const stats = await workspace.load();
    workspace.releaseCacheBytesSoon();
    log(`Indexed ${workspace.root}: ${stats.files} files in ${stats.elapsedMs} ms; ${describeDiscovery(stats.discovery, stats.discoveryWhy)}`);
    if (stats.files === 0) warnEmptyRoot(workspace.root, stats);
    publishAll(workspace);
  }
  sendStatus('ready');
});

connection.onDidChangeConfiguration(async () => {
  await reloadSettings();
  // NOTE: settings can change (clients send them at startup) before the first index is ready:
  // publishing then would clear nothing and report empty counts as 'ready'.
  await ready;
  for (const workspace of workspaces.all) publishAll(workspace);
  sendStatus('ready');
});

// ---------------------------------------------------------------------------------------
// Reading features

function locate(uri: string): { path: string; workspace: Workspace } | undefined {
  const path = uriToPath(uri);
  const workspace = path ? workspaces.forPath(path) : undefined;
  return path && workspace ? { path, workspace } : undefined;
}

connection.onHover(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  if (!found) return null;
  const reference = referenceAt(found.workspace.index, found.path, params.position);
  if (!reference) return null;
  const name = found.workspace.index.displayName(reference.name);
  const environments = gitlab ? await liveStateTable(gitlab, name) : undefined;
  const value = flagCard(found.workspace.index, name, {
    currentMilestone: workspaces.currentMilestone(found.workspace),
    ...(workspaces.liveState ? { liveState: workspaces.liveState } : {}),
    ...(environments ? { environments, refreshCommand: 'gitlabFlags.refreshFlag' } : {}),
  });
  return { contents: { kind: 'markdown', value }, range: reference.range };
});

connection.onDefinition(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  return found ? definition(found.workspace.index, found.path, params.position) : null;
});

connection.onReferences(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  return found ? references(found.workspace.index, found.path, params.position, params.context.includeDeclaration) : null;
});

connection.onCompletion(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  const document = documents.get(params.textDocument.uri);
  if (!found || !document) return [];
  const linePrefix = document.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
  return completion(found.workspace.index, linePrefix);
});

connection.onWorkspaceSymbol(async (params) => {
  await ready;
  return workspaceSymbols(
    workspaces.all.map((workspace) => workspace.index),
    params.query,
  );
});

connection.onPrepareRename(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  return found ? prepareRename(found.workspace.index, found.path, params.position) : null;
});

connection.onRenameRequest(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  if (!found) return null;
  try {
    return rename(found.workspace.index, found.path, params.position, params.newName);
  } catch (error) {
    if (error instanceof RenameError) throw new ResponseError(-32602, error.message);
    throw error;
  }
});

connection.onCodeAction(async (params) => {
  await ready;
  const found = locate(params.textDocument.uri);
  if (!found) return [];
  return codeActions(found.workspace, found.path, params, workspaces.currentMilestone(found.workspace), readText);
});

connection.onCodeActionResolve(async (action: CodeAction) => {
  const data = action.data as CodeActionData | undefined;
  if (!data) return action;
  const workspace = workspaces.all.find((candidate) => candidate.root === data.root);
  if (!workspace) return action;
  return resolveCodeAction(action, data, workspace, { cleanup: (target, flag, keep) => cleanupFlag(target, flag, keep, readText), releaseEdit: (name) => releaseEdit(workspace, name) });
});

// ---------------------------------------------------------------------------------------
// Custom requests (shared/protocol.ts)

connection.onRequest(protocol.ListFlagsRequest.type, async (params) => {
  await ready;
  return flagSummaries(workspaces, params.text ?? '', gitlab);
});

connection.onRequest(protocol.FlagDetailsRequest.type, async (params) => {
  await ready;
  return flagDetails(workspaces, params.name, gitlab);
});

connection.onRequest(protocol.DocumentFlagsRequest.type, async (params) => {
  await ready;
  const found = locate(params.uri);
  if (!found) return [];
  const { index } = found.workspace;
  return (index.file(found.path)?.references ?? []).map((reference) => ({ name: index.displayName(reference.name), range: reference.range, kind: reference.kind }));
});

connection.onRequest(protocol.EnvironmentsRequest.type, async () => (gitlab ? gitlab.environmentsStatus() : []));

connection.onNotification(protocol.SetTokenNotification.type, (params) => {
  gitlab?.setToken(params.environment, params.token);
});

connection.onRequest(protocol.RefreshStateRequest.type, async (params) => {
  await gitlab?.refresh(params.flag, params.environments);
});

connection.onRequest(protocol.PlanWriteRequest.type, async (intent) => {
  if (!gitlab) throw new ResponseError(-32603, 'No environments are configured.');
  if (!workspaceTrusted) throw new ResponseError(-32600, UNTRUSTED);
  return gitlab.plan(intent);
});

connection.onRequest(protocol.ExecuteWriteRequest.type, async (params) => {
  if (!gitlab) throw new ResponseError(-32603, 'No environments are configured.');
  if (!workspaceTrusted) throw new ResponseError(-32600, UNTRUSTED);
  return gitlab.execute(params);
});

connection.onRequest(protocol.ExtinctFlagsRequest.type, async (params) => {
  await ready;
  if (!gitlab) return { flags: [], errors: [] };
  const service = gitlab;
  const { rows, errors } = extinctFlags(
    workspaces.all.map((workspace) => workspace.index),
    await service.persisted(settings.requestTimeoutSeconds * 3000 + 1000, params.environments),
  );
  return { flags: groupExtinct(rows, (flag, environments) => chatopsLine({ flag, environments, operation: 'delete' }, service.environments)), errors };
});

connection.onRequest(protocol.CancelWriteRequest.type, async (params) => {
  gitlab?.cancel(params.planId, params.reason);
});

// NOTE: VS Code can grant trust while running but never revokes it without a reload.
connection.onNotification(protocol.WorkspaceTrustNotification.type, (params) => {
  if (params.trusted) workspaceTrusted = true;
});

connection.onRequest(protocol.RolloutStepsRequest.type, async (params) => {
  await ready;
  return gitlab ? gitlab.rolloutSteps(params.name) : [];
});

connection.onRequest(protocol.RolloutIssueRequest.type, async (params) => {
  await ready;
  const found = anyWorkspaceDefinition(params.name);
  if (!found || !gitlab) throw new ResponseError(-32602, `'${params.name}' has no YAML definition, so there is no rollout issue to write.`);
  return gitlab.rolloutIssue(params.name);
});

connection.onRequest(protocol.ReleaseWithFlagRequest.type, async (params) => {
  await ready;
  const workspace = workspaces.all.find((candidate) => candidate.index.definitions(params.name).length > 0);
  if (!workspace) return { error: `'${params.name}' has no YAML definition.` };
  return releaseEdit(workspace, params.name);
});

connection.onRequest(protocol.CleanupRequest.type, async (params) => {
  await ready;
  const workspace = workspaces.all.find((candidate) => candidate.index.references(params.name).length > 0 || candidate.index.definitions(params.name).length > 0);
  if (!workspace) throw new ResponseError(-32602, `No references to '${params.name}' were found.`);
  return cleanupFlag(workspace, params.name, params.keep, readText, gitlab);
});

/** Open editor buffers win over the disk, also for the text that cleanup rewrites. */
function readText(path: string): string {
  return documents.get(pathToUri(path))?.getText() ?? readFileSync(path, 'utf8');
}

function releaseEdit(workspace: Workspace, name: string): { edit?: import('vscode-languageserver').WorkspaceEdit; error?: string } {
  const found = workspace.index.definitions(name)[0];
  if (!found) return { error: `'${name}' has no YAML definition.` };
  const text = readText(found.file);
  const result = releaseDefinitionEdit(found, text);
  if (!result.edit) return { error: result.error ?? 'Cannot release this flag.' };
  return { edit: { changes: { [pathToUri(found.file)]: [result.edit] } } };
}

connection.onShutdown(() => {
  for (const workspace of workspaces.all) workspace.saveNow();
});

documents.listen(connection);
connection.listen();
