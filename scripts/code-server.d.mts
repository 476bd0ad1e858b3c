// Types for scripts/code-server.mjs, so the TypeScript e2e tests can import it.
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export const projectRoot: string;
export const installDir: string;
export const codeServerBin: string;

export interface Launched {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function ensureCodeServer(log?: (line: string) => void): Promise<string>;
export function installExtension(options: { vsix: string; userDataDir: string; extensionsDir: string }): Promise<void>;
export function writeUserSettings(userDataDir: string, extra?: Record<string, unknown>): void;
export function launchCodeServer(options: {
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  env?: Record<string, string>;
  port?: number;
  onOutput?: (text: string) => void;
}): Promise<Launched>;
export function launchLocalGitlab(options: { name: string; stateFile: string; adminToken: string }): Promise<Launched>;
/** A fresh copy of examples/workspace at `target`, committed to a git repository of its own (git: false without git). */
export function prepareDemoWorkspace(target: string): { git: boolean };
