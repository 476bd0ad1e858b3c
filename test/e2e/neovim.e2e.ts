// The language server from another editor: headless Neovim's built-in LSP client starts
// `dist/server.js --stdio` on a copy of examples/workspace, with one local GitLab configured
// through GITLAB_FLAGS_ENVIRONMENTS, and asks for hover and references.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { stateInWords, stateSymbol } from '../../shared/stateWording';
import type { FeatureState } from '../../shared/gitlabModel';

const ROOT = join(__dirname, '..', '..');
const FLAG = 'ci_pipeline_creation_requests_realtime';
const FILE = 'app/services/ci/create_pipeline_request_service.rb';
const TOKEN = 'neovim-admin-token';

interface NeovimAnswers {
  error?: string;
  hover: Hover | null;
  references: Location[] | null;
}

describe('gitlab-flags-language-server in headless Neovim', { timeout: 3 * 60_000 }, () => {
  let base: string;
  let workspace: string;
  let stopGitlab: () => Promise<void> = async () => undefined;
  let gitlabUrl: string;
  let answers: NeovimAnswers;
  let position: { line: number; character: number };

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'gitlab-flags-nvim-'));
    workspace = join(base, 'workspace');
    cpSync(join(ROOT, 'examples', 'workspace'), workspace, { recursive: true });
    const { launchLocalGitlab } = await import('../../scripts/code-server.mjs');
    const gitlab = await launchLocalGitlab({ name: 'staging', stateFile: join(base, 'staging.json'), adminToken: TOKEN });
    stopGitlab = gitlab.stop;
    gitlabUrl = gitlab.url;

    const lines = readFileSync(join(workspace, FILE), 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes(`Feature.enabled?(:${FLAG}`));
    position = { line, character: lines[line].indexOf(`:${FLAG}`) + 3 };
    const out = join(base, 'answers.json');
    await promisify(execFile)(
      'nvim',
      ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'support', 'neovim-lsp.lua')}`],
      {
        cwd: workspace,
        timeout: 120_000,
        env: {
          ...process.env,
          GF_SERVER: join(ROOT, 'dist', 'server.js'),
          GF_ROOT: workspace,
          GF_FILE: join(workspace, FILE),
          GF_LINE: String(position.line),
          GF_CHARACTER: String(position.character),
          GF_OUT: out,
          GITLAB_FLAGS_ENVIRONMENTS: JSON.stringify([{ name: 'staging', url: gitlabUrl, chatopsOption: '--staging' }]),
          GITLAB_FLAGS_TOKEN_STAGING: TOKEN,
          // Tests never read or write the user's index cache.
          GITLAB_FLAGS_NO_CACHE: '1',
        },
      },
    );
    answers = JSON.parse(readFileSync(out, 'utf8')) as NeovimAnswers;
    assert.equal(answers.error, undefined);
  });

  after(async () => {
    await stopGitlab();
    rmSync(base, { recursive: true, force: true });
  });

  it('hover shows the flag card with the live staging state', async () => {
    const response = await fetch(`${gitlabUrl}/api/v4/features`, { headers: { 'PRIVATE-TOKEN': TOKEN } });
    const feature = ((await response.json()) as FeatureState[]).find((entry) => entry.name === FLAG)!;
    const state = { status: 'set' as const, feature, fetchedAt: 0 };
    const markdown = (answers.hover?.contents as MarkupContent).value;
    assert.equal((answers.hover?.contents as MarkupContent).kind, 'markdown');
    assert.ok(markdown.startsWith(`**\`${FLAG}\`** · gitlab_com_derisk · group::pipeline authoring · milestone 17.9 · default off`), markdown);
    assert.match(markdown, new RegExp(`\\| staging \\| ${stateSymbol(state)} ${stateInWords(state)} \\| (just now|\\d+ s ago) \\|`));
  });

  it('references list the same locations as the CLI, snake_case and camelCase', () => {
    const cli = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'refs', FLAG, '--root', workspace, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, GITLAB_FLAGS_NO_CACHE: '1' },
      }),
    ) as { path: string; line: number; character: number }[];
    const key = (uri: string, line: number, character: number) => `${uri}:${line}:${character}`;
    const expected = cli.map((reference) => key(pathToFileURL(join(workspace, reference.path)).href, reference.line, reference.character)).sort();
    const actual = (answers.references ?? []).map((location) => key(location.uri, location.range.start.line, location.range.start.character)).sort();
    assert.deepEqual(actual, expected);
    assert.ok(actual.some((entry) => entry.includes('.vue:')), 'a camelCase use in a Vue file');
  });
});
