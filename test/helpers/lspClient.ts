// A real LSP client over stdio for server tests: spawns dist/server.js and speaks JSON-RPC.

import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createProtocolConnection, Diagnostic, InitializeRequest, ProtocolConnection, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { IndexStatus, IndexStatusNotification } from '../../shared/protocol';

export const PROJECT = resolve(__dirname, '../..');
export const EXAMPLE = join(PROJECT, 'examples/workspace');

export function uri(path: string): string {
  return URI.file(path).toString();
}

export interface ServerOptions {
  roots: string[];
  env?: NodeJS.ProcessEnv;
  initializationOptions?: Record<string, unknown>;
}

export class TestServer {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly statuses: IndexStatus[] = [];
  private readonly statusWaiters: ((status: IndexStatus) => void)[] = [];
  private diagnosticWaiters: { uri: string; resolve: (d: Diagnostic[]) => void }[] = [];
  stderr = '';

  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess,
  ) {}

  static async start(options: ServerOptions): Promise<TestServer> {
    const child = spawn(process.execPath, [join(PROJECT, 'dist/server.js'), '--stdio'], {
      env: { ...process.env, GITLAB_FLAGS_EVENT_DEBOUNCE_MS: '0', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new TestServer(connection, child);
    child.stderr!.on('data', (chunk) => (server.stderr += chunk));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      server.diagnostics.set(params.uri, params.diagnostics);
      const waiting = server.diagnosticWaiters.filter((waiter) => waiter.uri === params.uri);
      server.diagnosticWaiters = server.diagnosticWaiters.filter((waiter) => waiter.uri !== params.uri);
      for (const waiter of waiting) waiter.resolve(params.diagnostics);
    });
    connection.onNotification(IndexStatusNotification.type, (status) => {
      server.statuses.push(status);
      for (const waiter of server.statusWaiters.splice(0)) waiter(status);
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', () => [null]);
    connection.listen();
    const storagePath = mkdtempSync(join(tmpdir(), 'gitlab-flags-lsp-'));
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.roots.map((root) => ({ uri: uri(root), name: root })),
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } },
      initializationOptions: { storagePath, globalStoragePath: storagePath, auditLogPath: join(storagePath, 'audit.jsonl'), ...options.initializationOptions },
    });
    connection.sendNotification('initialized', {});
    await server.ready();
    return server;
  }

  /** Resolves when an indexStatus 'ready' has been (or is next) received. */
  ready(): Promise<IndexStatus> {
    const last = this.statuses[this.statuses.length - 1];
    if (last?.state === 'ready') return Promise.resolve(last);
    return new Promise((resolve) => {
      const wait = (status: IndexStatus): void => (status.state === 'ready' ? resolve(status) : void this.statusWaiters.push(wait));
      this.statusWaiters.push(wait);
    });
  }

  /** The next diagnostics published for a file. */
  nextDiagnostics(fileUri: string): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.diagnosticWaiters.push({ uri: fileUri, resolve }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      // A server that ignores `exit` is killed, so a broken test never hangs the suite.
      setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 3000).unref();
    });
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await exited;
    this.connection.dispose();
  }
}
