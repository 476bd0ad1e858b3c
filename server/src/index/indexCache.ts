// Persists what each file contributed (keyed by size and mtime) so a warm start re-reads only
// the files that changed. The cache lives outside the user's repo and is never trusted: a wrong
// format, version, root, checksum or shape means it is ignored and rebuilt.
//
// Layout: line 1 is a JSON header {format, version, root, sha1}, line 2 the JSON of the files.
// NOTE: the checksum is what catches a garbled byte that still leaves valid JSON (a line number
// 3 turned into 7 would otherwise be trusted); sha1 costs ~20 ms on a GitLab-sized cache.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ScannedFile } from './scanFile';
import { decodeScan, encodeScan, EncodedScan } from './cacheCodec';

const FORMAT = 'gitlab-flags-index';
// NOTE: bump when the scanners or the scan shape change, so old caches are rebuilt.
export const CACHE_VERSION = 5;

export interface CachedFile {
  size: number;
  mtimeMs: number;
  scan: ScannedFile;
}

/** $XDG_CACHE_HOME/gitlab-flags/<sha1 of root>, or <base>/<sha1 of root> when a base is given. */
export function cacheDirectoryFor(root: string, base?: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha1').update(root).digest('hex').slice(0, 16);
  const cacheHome = base ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gitlab-flags');
  return join(cacheHome, hash);
}

const EMPTY_SCAN: ScannedFile = { references: [], dynamic: [] };

export type CacheLoad = { files: Map<string, CachedFile>; status: 'loaded' } | { files: Map<string, CachedFile>; status: 'missing' | 'invalid'; reason?: string };

export function loadCache(directory: string, root: string): CacheLoad {
  let raw: string;
  try {
    raw = readFileSync(join(directory, 'index.json'), 'utf8');
  } catch {
    return { files: new Map(), status: 'missing' };
  }
  try {
    const newline = raw.indexOf('\n');
    if (newline === -1) throw new Error('no header line');
    const header = JSON.parse(raw.slice(0, newline)) as { format?: unknown; version?: unknown; root?: unknown; sha1?: unknown };
    if (header.format !== FORMAT || header.version !== CACHE_VERSION || header.root !== root) return { files: new Map(), status: 'invalid', reason: 'old format or another root' };
    const body = raw.slice(newline + 1);
    if (header.sha1 !== checksum(body)) throw new Error('checksum mismatch');
    const data = { files: JSON.parse(body) as unknown };
    if (typeof data.files !== 'object' || data.files === null) throw new Error('no files');
    const files = new Map<string, CachedFile>();
    for (const [path, entry] of Object.entries(data.files as Record<string, unknown>)) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || typeof entry[1] !== 'number') throw new Error(`bad entry for ${path}`);
      const scan = entry[2] === 0 ? EMPTY_SCAN : decodeScan(entry[2], join(root, path));
      files.set(path, { size: entry[0], mtimeMs: entry[1], scan });
    }
    return { files, status: 'loaded' };
  } catch (error) {
    return { files: new Map(), status: 'invalid', reason: (error as Error).message };
  }
}

function checksum(body: string): string {
  return createHash('sha1').update(body).digest('hex');
}

/** Writes atomically (temp file, then rename) so a crash never leaves half a cache. */
export function saveCache(directory: string, root: string, files: Map<string, CachedFile>): void {
  const serialized: Record<string, [number, number, EncodedScan | 0]> = {};
  for (const [path, entry] of files) {
    const empty = entry.scan.references.length === 0 && entry.scan.dynamic.length === 0 && !entry.scan.definition;
    serialized[path] = [entry.size, entry.mtimeMs, empty ? 0 : encodeScan(entry.scan)];
  }
  mkdirSync(directory, { recursive: true });
  const target = join(directory, 'index.json');
  const temporary = `${target}.${process.pid}.tmp`;
  const body = JSON.stringify(serialized);
  writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, version: CACHE_VERSION, root, sha1: checksum(body) })}\n${body}`);
  renameSync(temporary, target);
}
