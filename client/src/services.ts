// What the commands share: the language client, the views and the token sync, created once in activate().

import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TokenSync } from './tokens';
import type { EnvironmentsTreeProvider } from './views/environmentsTree';
import type { FlagsTreeProvider } from './views/flagsTree';
import type { RolloutTreeProvider } from './views/rolloutTree';

export interface Services {
  client: LanguageClient;
  log: vscode.LogOutputChannel;
  tokens: TokenSync;
  flags: FlagsTreeProvider;
  environments: EnvironmentsTreeProvider;
  rollout: RolloutTreeProvider;
}
