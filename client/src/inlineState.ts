// Inline state: after a flag reference in the editor, the flag's live state per environment in a
// few characters ("stg ● prd ◐ 50%"), as an after-line decoration like GitLens' blame or
// LaunchDarkly's flag values. Setting gitlabFlags.inlineState: off, currentLine (default), all.
//
// Nothing here fetches from GitLab: the references come from the server's index
// (gitlabFlags/documentFlags), the states from the flag list's cached states
// (gitlabFlags/listFlags), and both are read again only after a pause in typing or moving, or when
// the server says live state changed.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EnvironmentFlagState } from '../../shared/gitlabModel';
import { DocumentFlag, DocumentFlagsRequest, FlagSummary, ListFlagsRequest, RefreshStateRequest } from '../../shared/protocol';
import { inlineText, notFetchedYet, stateInWords } from './stateLabels';

export type InlineStateMode = 'off' | 'currentLine' | 'all';

/** Test setup, not a check: a stub's or matcher's line says what the test wants, not what GitLab has. */
const NOT_SHOWN = new Set(['stub', 'matcher']);

const DEBOUNCE_MS = 250;
/** At most one fetch asked for by inline state in this long, and only for states never fetched. */
const FETCH_ASK_INTERVAL_MS = 30_000;

export function inlineStateMode(): InlineStateMode {
  const value = vscode.workspace.getConfiguration('gitlabFlags').get<string>('inlineState', 'currentLine');
  return value === 'off' || value === 'all' ? value : 'currentLine';
}

export class InlineStateDecorations implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: {
      color: new vscode.ThemeColor('editorCodeLens.foreground'),
      fontStyle: 'italic',
      margin: '0 0 0 3em',
    },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly disposables: vscode.Disposable[] = [];
  /** Per document: its version and the references the server indexed for it. */
  private readonly references = new Map<string, { version: number; flags: DocumentFlag[] }>();
  /** Flag name → states, from the flag list's cache; cleared when the server says state changed. */
  private states = new Map<string, Record<string, EnvironmentFlagState>>();
  private timer: NodeJS.Timeout | undefined;
  private running = Promise.resolve();
  private lastFetchAsk = 0;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      this.decoration,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (inlineStateMode() === 'currentLine' && event.textEditor === vscode.window.activeTextEditor) this.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.references.delete(event.document.uri.toString());
        // Hide the decoration while typing on the line; it comes back after the pause.
        this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.references.delete(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('gitlabFlags.inlineState') || event.affectsConfiguration('gitlabFlags.environments')) this.statesChanged();
      }),
    );
  }

  /** Live state changed on the server (a fetch or a write): read the states again, once. */
  statesChanged(): void {
    this.states = new Map();
    this.schedule();
  }

  /** The index changed (indexing finished): references may have moved. */
  indexChanged(): void {
    this.references.clear();
    this.states = new Map();
    this.schedule();
  }

  private schedule(delay = DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // One update at a time; a later one starts after the current one ends.
      this.running = this.running.then(() => this.update()).catch(() => undefined);
    }, delay);
  }

  private async update(): Promise<void> {
    const mode = inlineStateMode();
    const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === 'file');
    if (mode === 'off' || !this.client.isRunning()) {
      for (const editor of editors) editor.setDecorations(this.decoration, []);
      return;
    }
    for (const editor of editors) {
      // In currentLine mode only the active editor's cursor line gets a decoration.
      if (mode === 'currentLine' && editor !== vscode.window.activeTextEditor) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      const flags = await this.referencesOf(editor.document);
      const lines = new Map<number, string[]>();
      const cursorLines = new Set(editor.selections.map((selection) => selection.active.line));
      for (const flag of flags) {
        if (NOT_SHOWN.has(flag.kind)) continue;
        const line = flag.range.start.line;
        if (mode === 'currentLine' && !cursorLines.has(line)) continue;
        const names = lines.get(line) ?? [];
        if (!names.includes(flag.name)) names.push(flag.name);
        lines.set(line, names);
      }
      const names = [...new Set([...lines.values()].flat())];
      await this.loadStates(names);
      this.fetchIfNeverFetched(names);
      const decorations: vscode.DecorationOptions[] = [];
      for (const [line, names] of lines) {
        if (line >= editor.document.lineCount) continue;
        const text = inlineText(names, this.states);
        if (!text) continue; // no environment configured, or the flag is not in the list
        const end = editor.document.lineAt(line).range.end;
        decorations.push({
          range: new vscode.Range(end, end),
          renderOptions: { after: { contentText: text } },
          hoverMessage: this.hover(names),
        });
      }
      editor.setDecorations(this.decoration, decorations);
    }
  }

  /**
   * The flag list never fetches, and the server drops an environment's states after a write or a
   * token change until something reads it. When a state shown here was never fetched ("…"), ask
   * for one fetch of those environments (rate-limited); the state-changed notification that
   * follows brings the states.
   */
  private fetchIfNeverFetched(names: readonly string[]): void {
    const environments = new Set<string>();
    for (const name of names) {
      for (const [environment, state] of Object.entries(this.states.get(name) ?? {})) if (notFetchedYet(state)) environments.add(environment);
    }
    const now = Date.now();
    if (environments.size === 0 || now - this.lastFetchAsk < FETCH_ASK_INTERVAL_MS) return;
    this.lastFetchAsk = now;
    void this.client.sendRequest(RefreshStateRequest.type, { environments: [...environments] }).catch(() => undefined);
  }

  private hover(names: readonly string[]): vscode.MarkdownString {
    const markdown = new vscode.MarkdownString();
    for (const name of names) {
      markdown.appendMarkdown('**');
      markdown.appendText(name);
      markdown.appendMarkdown('**\n\n');
      for (const [environment, state] of Object.entries(this.states.get(name) ?? {})) {
        markdown.appendMarkdown('- ');
        markdown.appendText(`${environment}: ${stateInWords(state)}`);
        markdown.appendMarkdown('\n');
      }
      markdown.appendMarkdown('\n');
    }
    return markdown;
  }

  private async referencesOf(document: vscode.TextDocument): Promise<DocumentFlag[]> {
    const key = document.uri.toString();
    const cached = this.references.get(key);
    if (cached && cached.version === document.version) return cached.flags;
    const flags = await this.client.sendRequest(DocumentFlagsRequest.type, { uri: key }).catch(() => [] as DocumentFlag[]);
    this.references.set(key, { version: document.version, flags });
    return flags;
  }

  /** Reads the states of the flags not cached yet: one listing per name, filtered by the server. */
  private async loadStates(names: readonly string[]): Promise<void> {
    for (const name of names) {
      if (this.states.has(name)) continue;
      const listed: FlagSummary[] = await this.client.sendRequest(ListFlagsRequest.type, { text: name }).catch(() => []);
      this.states.set(name, listed.find((flag) => flag.name === name)?.states ?? {});
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
