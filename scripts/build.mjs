// One esbuild script for all bundles; type-checking is a separate `npm run typecheck` step.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

// @vue/compiler-sfc can render templates written in other languages through optional engines we
// never use (Vue templates in GitLab are HTML); leave those requires unresolved instead of bundling.
const optionalTemplateEngines = {
  name: 'optional-template-engines',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (!args.importer.includes('@vue/compiler-sfc') || args.pluginData === 'retry') return undefined;
      const result = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'retry' });
      return result.errors.length > 0 ? { path: args.path, external: true } : result;
    });
  },
};

// The cleanup rewrites (tree-sitter, the Vue compiler) are a separate bundle, loaded on first use,
// so starting the CLI or the server never parses them.
const cleanupAsSeparateBundle = {
  name: 'cleanup-as-separate-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/cleanup$/ }, () => ({ path: './cleanup.js', external: true }));
  },
};

// `gitlab-flags mcp` (the MCP SDK, zod, ajv) is a separate bundle too, loaded only by that command,
// so every other command starts as fast as before.
const mcpAsSeparateBundle = {
  name: 'mcp-as-separate-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/mcp$/ }, () => ({ path: './mcp.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  {
    ...common,
    entryPoints: {
      server: 'server/src/server.ts',
      cli: 'server/src/cli.ts',
      scanWorker: 'server/src/index/scanWorker.ts',
      statWorker: 'server/src/index/statWorker.ts',
      'local-gitlab': 'tools/local-gitlab/main.ts',
      mcp: 'server/src/commands/mcp.ts',
    },
    outdir: 'dist',
    // web-tree-sitter locates its runtime through import.meta.url, which a CJS bundle lacks.
    banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    plugins: [optionalTemplateEngines, cleanupAsSeparateBundle, mcpAsSeparateBundle],
  },
  {
    ...common,
    entryPoints: { cleanup: 'server/src/cleanup/index.ts' },
    outdir: 'dist',
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    plugins: [optionalTemplateEngines],
  },
];

// The tree-sitter runtime and grammars are loaded at run time from dist/wasm.
mkdirSync(join(root, 'dist/wasm'), { recursive: true });
for (const file of [
  'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-ruby/tree-sitter-ruby.wasm',
  'tree-sitter-javascript/tree-sitter-javascript.wasm',
  'tree-sitter-typescript/tree-sitter-typescript.wasm',
  'tree-sitter-typescript/tree-sitter-tsx.wasm',
]) {
  cpSync(join(root, 'node_modules', file), join(root, 'dist/wasm', file.split('/')[1]));
}

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
