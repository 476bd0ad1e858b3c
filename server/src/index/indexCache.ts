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
export const CACHE_VERSION = 6;

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
    // Columnar body: parallel arrays parse about twice as fast as an object keyed by path.
    const data = JSON.parse(body) as { paths?: unknown; sizes?: unknown; mtimes?: unknown; scans?: unknown };
    const { paths, sizes, mtimes, scans } = data;
    if (!Array.isArray(paths) || !Array.isArray(sizes) || !Array.isArray(mtimes) || !Array.isArray(scans)) throw new Error('no file table');
    if (sizes.length !== paths.length || mtimes.length !== paths.length) throw new Error('file table columns differ in length');
    const decoded = new Map<number, ScannedFile>();
    for (const row of scans) {
      if (!Array.isArray(row) || typeof row[0] !== 'number' || typeof paths[row[0]] !== 'string') throw new Error('bad scan row');
      decoded.set(row[0], decodeScan(row[1], join(root, paths[row[0]] as string)));
    }
    const files = new Map<string, CachedFile>();
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i];
      const size = sizes[i];
      const mtimeMs = mtimes[i];
      if (typeof path !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') throw new Error(`bad entry ${i}`);
      files.set(path, { size, mtimeMs, scan: decoded.get(i) ?? EMPTY_SCAN });
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
  const paths: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const scans: [number, EncodedScan][] = [];
  for (const [path, entry] of files) {
    const empty = entry.scan.references.length === 0 && entry.scan.dynamic.length === 0 && !entry.scan.definition;
    if (!empty) scans.push([paths.length, encodeScan(entry.scan)]);
    paths.push(path);
    sizes.push(entry.size);
    mtimes.push(entry.mtimeMs);
  }
  const serialized = { paths, sizes, mtimes, scans };
  mkdirSync(directory, { recursive: true });
  const target = join(directory, 'index.json');
  const temporary = `${target}.${process.pid}.tmp`;
  const body = JSON.stringify(serialized);
  writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, version: CACHE_VERSION, root, sha1: checksum(body) })}\n${body}`);
  renameSync(temporary, target);
}
