// Environment tokens live in SecretStorage and reach the server only through SetTokenNotification.
// A token is never written to settings, logs or error messages.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SetTokenNotification } from '../../shared/protocol';
import { CONFIG_SECTION } from './languageClient';

const SECRET_PREFIX = 'gitlabFlags.token.';

/** Names of the environments configured in settings; the server validates the rest of each entry. */
export function configuredEnvironmentNames(): string[] {
  const value = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>('environments');
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined))
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

export class TokenSync implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Environments this window gave the server a token for: only those need a removal (null). */
  private readonly sent = new Set<string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly client: LanguageClient,
  ) {
    this.disposables.push(
      // Another window (or the Remove Token command) changed a secret.
      secrets.onDidChange((event) => {
        if (event.key.startsWith(SECRET_PREFIX)) void this.send(event.key.slice(SECRET_PREFIX.length));
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.environments`)) void this.sendAll();
      }),
    );
  }

  /** Sends every stored token for the configured environments (after start and on settings changes). */
  async sendAll(): Promise<void> {
    await Promise.all(configuredEnvironmentNames().map((name) => this.send(name)));
  }

  async store(environment: string, token: string): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + environment, token);
    await this.send(environment);
  }

  async remove(environment: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + environment);
    await this.send(environment);
  }

  async has(environment: string): Promise<boolean> {
    return (await this.secrets.get(SECRET_PREFIX + environment)) !== undefined;
  }

  private async send(environment: string): Promise<void> {
    if (!this.client.isRunning()) return;
    const token = (await this.secrets.get(SECRET_PREFIX + environment)) ?? null;
    // The server drops an environment's cached states on every token message, so a null for a
    // token it never had (every start-up without stored tokens) would only throw its first
    // fetch away: the sidebar and inline state would say "not fetched yet" until a hover.
    if (token === null && !this.sent.has(environment)) return;
    if (token === null) this.sent.delete(environment);
    else this.sent.add(environment);
    await this.client.sendNotification(SetTokenNotification.type, { environment, token });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
