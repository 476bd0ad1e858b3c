// A language-server session for load tests. Unlike test/helpers/lspClient.ts it does not wait
// for the index: the test decides when the server may start indexing (the server asks for its
// configuration first, and indexes only once it has the answer), so requests can be queued
// before and during the cold index deterministically, without sleeps.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createProtocolConnection, InitializeRequest, type ProtocolConnection } from 'vscode-languageserver-protocol';
import { IndexStatusNotification, type IndexStatus } from '../../../shared/protocol';
import { PROJECT, uri } from '../../helpers/lspClient';

export class LoadSession {
  readonly statuses: IndexStatus[] = [];
  readonly logs: string[] = [];
  stderr = '';
  private waiters: ((status: IndexStatus) => void)[] = [];
  private releaseConfiguration: () => void = () => undefined;
  private readonly configurationAnswered: Promise<void>;

  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess,
    /** The storage and global storage path given to the server (index cache, audit log). */
    readonly storagePath: string,
  ) {
    this.configurationAnswered = new Promise((resolve) => (this.releaseConfiguration = resolve));
  }

  /** Initializes the server; indexing starts only after startIndexing(). `nodeFlags` go to its node. */
  static async open(root: string, env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []): Promise<LoadSession> {
    const child = spawn(process.execPath, [...nodeFlags, join(PROJECT, 'dist/server.js'), '--stdio'], {
      env: { ...process.env, GITLAB_FLAGS_EVENT_DEBOUNCE_MS: '0', GITLAB_FLAGS_NO_CACHE: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const storagePath = mkdtempSync(join(tmpdir(), 'gitlab-flags-load-'));
    const session = new LoadSession(connection, child, storagePath);
    child.stderr!.on('data', (chunk) => (session.stderr += chunk));
    connection.onNotification(IndexStatusNotification.type, (status) => {
      session.statuses.push(status);
      for (const waiter of session.waiters.splice(0)) waiter(status);
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => void session.logs.push(params.message));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', async () => {
      await session.configurationAnswered;
      return [null];
    });
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: uri(root), name: 'root' }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } },
      initializationOptions: { storagePath, globalStoragePath: storagePath, auditLogPath: join(storagePath, 'audit.jsonl') },
    });
    void connection.sendNotification('initialized', {});
    return session;
  }

  startIndexing(): void {
    this.releaseConfiguration();
  }

  /** The next 'ready' status after `after` statuses were seen. */
  readyAfter(after: number): Promise<IndexStatus> {
    const found = this.statuses.slice(after).find((status) => status.state === 'ready');
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const wait = (status: IndexStatus): void => (status.state === 'ready' ? resolve(status) : void this.waiters.push(wait));
      this.waiters.push(wait);
    });
  }

  /** Resolves on the next status of any kind. */
  nextStatus(): Promise<IndexStatus> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** Resident memory of the server process (kB), from /proc. */
  rssKb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  }

  /** shutdown + exit, then waits for the process to end (killed if it does not within 5 s). */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
