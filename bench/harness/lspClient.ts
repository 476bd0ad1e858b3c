// A minimal LSP client for the benchmark: spawns the server over stdio, answers the requests
// a server may send to its client, and exposes timed requests and diagnostics waits.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { IndexStatus } from '../../shared/protocol';

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  rb: 'ruby',
  haml: 'haml',
  js: 'javascript',
  vue: 'vue',
  yml: 'yaml',
};

export class BenchLspClient {
  private readonly diagnosticsWaiters = new Map<string, (params: PublishDiagnosticsParams) => void>();
  private readonly openVersions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    private readonly ready: Promise<IndexStatus>,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const path = fileURLToPath(params.uri);
      const waiter = this.diagnosticsWaiters.get(path);
      if (waiter) {
        this.diagnosticsWaiters.delete(path);
        waiter(params);
      }
    });
  }

  static async start(serverJs: string, root: string, storagePath: string): Promise<BenchLspClient> {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    // A server may ask for configuration or progress tokens; the bench answers "nothing set".
    connection.onRequest((method: string, params: unknown) => {
      if (method === 'workspace/configuration') return ((params as { items?: unknown[] })?.items ?? []).map(() => null);
      return null;
    });
    const ready = new Promise<IndexStatus>((resolve, reject) => {
      connection.onNotification('gitlabFlags/indexStatus', (status: IndexStatus) => {
        if (status.state === 'ready') resolve(status);
        if (status.state === 'error') reject(new Error(`server index failed: ${status.message ?? 'no message'}`));
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code} before it was ready: ${stderr.trim().split('\n')[0] ?? ''}`)));
    });
    connection.listen();
    const client = new BenchLspClient(child, connection, ready);
    const rootUri = pathToFileURL(root).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions: { storagePath },
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          definition: {},
          references: {},
          completion: { completionItem: { snippetSupport: false } },
          publishDiagnostics: { versionSupport: true },
        },
        workspace: { configuration: false, workspaceFolders: true },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  waitUntilReady(): Promise<IndexStatus> {
    return this.ready;
  }

  open(path: string): void {
    if (this.openVersions.has(path)) return;
    const extension = path.slice(path.lastIndexOf('.') + 1);
    this.openVersions.set(path, 1);
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: pathToFileURL(path).href, languageId: LANGUAGE_BY_EXTENSION[extension] ?? 'plaintext', version: 1, text: readFileSync(path, 'utf8') },
    });
  }

  async timedRequest(method: string, path: string, line: number, character: number): Promise<number> {
    const params: Record<string, unknown> = { textDocument: { uri: pathToFileURL(path).href }, position: { line, character } };
    if (method === 'textDocument/references') params.context = { includeDeclaration: true };
    const started = performance.now();
    await this.connection.sendRequest(method, params);
    return performance.now() - started;
  }

  /** Sends an incremental change and measures the time until the file's diagnostics arrive. */
  async timedChange(path: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string, timeoutMs: number): Promise<number> {
    const version = (this.openVersions.get(path) ?? 1) + 1;
    this.openVersions.set(path, version);
    const arrived = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.diagnosticsWaiters.delete(path);
        reject(new Error(`no publishDiagnostics for ${path} within ${timeoutMs} ms after didChange`));
      }, timeoutMs);
      this.diagnosticsWaiters.set(path, () => {
        clearTimeout(timer);
        resolve(performance.now());
      });
    });
    const started = performance.now();
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: pathToFileURL(path).href, version },
      contentChanges: [{ range, text }],
    });
    return (await arrived) - started;
  }

  /** Peak resident set size of the server process in bytes (Linux). */
  peakRssBytes(): number | undefined {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 5000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // The process is killed below either way.
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
