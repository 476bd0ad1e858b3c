// Persists what each file contributed (keyed by size and mtime) so a warm start re-reads only
// the files that changed, plus a stamp of the listing so it need not list the files again.
// The cache lives outside the user's repo and is never trusted: a wrong format, version, root,
// checksum or shape means it is ignored and rebuilt.
//
// This module owns what the cache's sections mean (the file table, the listing stamp and how
// the listing was made, the scans) and where the cache lives. The bytes on disk are
// cacheFile.ts's; each scan's encoding is cacheCodec.ts's; the in-memory listing is fileTable.ts's.

import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { absolutePath } from './paths';
import type { ScannedFile } from './scanFile';
import { CachedScan, decodeScan, encodeScan } from './cacheCodec';
import { BadCache, checksum, LITTLE_ENDIAN, readRaw, writeCacheFile } from './cacheFile';
import { FileTable, PathSource, STALE } from './fileTable';
import { isListingStamp, ListingStamp } from './listingStamp';
import { DISCOVERY_REASONS, type DiscoveryReason, type DiscoveryWhy } from './discover';
import { cacheHome } from '../environmentVariables';

export { BadCache, CACHE_FILE, CACHE_VERSION } from './cacheFile';
export { FileTable, STALE, type PathSource } from './fileTable';

/** Changes since the last full save (see cacheJournal.ts); a full save removes it. */
export const JOURNAL_FILE = 'journal.json';

/** $XDG_CACHE_HOME/gitlab-flags/<sha1 of root>, or <base>/<sha1 of root> when a base is given. */
export function cacheDirectoryFor(root: string, base?: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return join(base ?? cacheHome(env), hash);
}

export interface LoadedCache {
  status: 'loaded';
  table: FileTable;
  stamp?: ListingStamp;
  method?: 'git' | 'glob';
  /** Why the listing was made that way (absent in caches written before it was recorded). */
  why?: DiscoveryWhy;
  /**
   * Decodes the scans of the files with findings, as [relative path, scan]; throws BadCache when
   * they are damaged. Deferred, because a warm start where nothing changed may never need them.
   * Once only: it lets go of the cache's bytes.
   */
  scans(): [string, ScannedFile][];
  sha1: string;
}

export type CacheLoad = LoadedCache | { status: 'missing' | 'invalid'; reason?: string };

interface ListingSection {
  stamp?: ListingStamp;
  method?: 'git' | 'glob';
  why?: DiscoveryWhy;
}

function stampOf(json: unknown): ListingSection {
  if (typeof json !== 'object' || json === null) throw new BadCache('bad listing stamp');
  const { stamp, method, why } = json as { stamp?: unknown; method?: unknown; why?: unknown };
  if (method !== 'git' && method !== 'glob') throw new BadCache('bad listing method');
  const reason = isDiscoveryWhy(why) ? { why } : {};
  if (stamp === null || stamp === undefined) return { method, ...reason };
  if (!isListingStamp(stamp)) throw new BadCache('bad listing stamp');
  return { stamp, method, ...reason };
}

/** NOTE: an unknown or damaged reason is dropped, not fatal: it only words a message. */
function isDiscoveryWhy(value: unknown): value is DiscoveryWhy {
  if (typeof value !== 'object' || value === null) return false;
  const { reason, detail } = value as Record<string, unknown>;
  return DISCOVERY_REASONS.includes(reason as DiscoveryReason) && (detail === undefined || typeof detail === 'string');
}

/**
 * Only the listing (paths and stamp), for the warm start's stat worker. Not checksummed: the
 * main thread checks the whole file and discards the worker's work if the two differ.
 */
export function readCacheListing(directory: string, root: string): (ListingSection & { paths: PathSource; sha1: string }) | undefined {
  try {
    const raw = readRaw(directory, root, true);
    if (raw === 'missing') return undefined;
    // NOTE: decoded path by path as the stats claim them; finding the offsets checks the count here.
    if (raw.paths.count > 0) raw.paths.at(0);
    return { paths: raw.paths, ...stampOf(raw.stampJson), sha1: raw.header.sha1 };
  } catch {
    return undefined;
  }
}

export function loadCache(directory: string, root: string): CacheLoad {
  try {
    const raw = readRaw(directory, root);
    if (raw === 'missing') return { status: 'missing' };
    const { header, body, paths } = raw;
    if (header.sha1 !== checksum(body)) throw new BadCache('checksum mismatch');
    const { stamp, method, why } = stampOf(raw.stampJson);
    const count = header.count;
    const [pathsLength, stampLength] = header.lengths;
    // NOTE: slice copies into a fresh, aligned buffer; the numbers are little-endian as written.
    const numbers = new Float64Array(body.buffer.slice(body.byteOffset + pathsLength, body.byteOffset + pathsLength + 16 * count));
    if (!LITTLE_ENDIAN) throw new BadCache('big-endian machine');
    const sizes = numbers.subarray(0, count);
    const mtimes = numbers.subarray(count);
    const scansStart = pathsLength + 16 * count + stampLength;
    // NOTE: the checksum above covers the scans too, so what is decoded later is what was checked now.
    let bytes: Buffer | undefined = body;
    const scans = () => {
      if (!bytes) throw new Error('the cached scans were already decoded');
      const json = bytes.toString('utf8', scansStart);
      bytes = undefined;
      return decodeScans(json, root);
    };
    return { status: 'loaded', table: new FileTable(paths, sizes, mtimes), stamp, method, ...(why ? { why } : {}), scans, sha1: header.sha1 };
  } catch (error) {
    return { status: 'invalid', reason: (error as Error).message };
  }
}

function decodeScans(json: string, root: string): [string, ScannedFile][] {
  let rows: unknown;
  try {
    rows = JSON.parse(json);
  } catch {
    throw new BadCache('unreadable scans');
  }
  if (!Array.isArray(rows)) throw new BadCache('no scans');
  for (const row of rows) {
    if (!Array.isArray(row) || typeof row[0] !== 'string') throw new BadCache('bad scan row');
    try {
      decodeScan(row[1], absolutePath(root, row[0]));
    } catch (error) {
      throw new BadCache((error as Error).message);
    }
  }
  return rows as [string, ScannedFile][];
}

export interface CacheSnapshot {
  table: FileTable;
  /** What each file with findings contributes, by relative path; others saved as empty. */
  scans: Map<string, ScannedFile>;
  /** Files whose scan must not be reused (open in an editor): saved as STALE. */
  stale?: Set<string>;
  method: 'git' | 'glob';
  why?: DiscoveryWhy;
  stamp?: ListingStamp;
}

/** Writes atomically (temp file, then rename) so a crash never leaves half a cache. Returns its checksum. */
export function saveCache(directory: string, root: string, snapshot: CacheSnapshot): string {
  const { table } = snapshot;
  const paths: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const path = table.paths[i];
    if (path === undefined) continue;
    const stale = snapshot.stale?.has(path);
    paths.push(path);
    sizes.push(stale ? STALE : table.sizes[i]);
    mtimes.push(stale ? STALE : table.mtimes[i]);
  }
  const rows: [string, CachedScan][] = [];
  for (const [path, scan] of snapshot.scans) {
    if (!snapshot.stale?.has(path) && (scan.references.length > 0 || scan.dynamic.length > 0 || scan.definition || scan.timeRollouts?.length)) rows.push([path, encodeScan(scan)]);
  }
  if (!LITTLE_ENDIAN) throw new Error('the index cache is written only on little-endian machines');
  const sha1 = writeCacheFile(directory, root, paths.length, [
    Buffer.from(paths.join('\0'), 'utf8'),
    Buffer.from(Float64Array.from(sizes.concat(mtimes)).buffer),
    Buffer.from(JSON.stringify({ method: snapshot.method, ...(snapshot.why ? { why: snapshot.why } : {}), stamp: snapshot.stamp ?? null }), 'utf8'),
    Buffer.from(JSON.stringify(rows), 'utf8'),
  ]);
  // The journal was written against the cache just replaced; its changes are in this one.
  rmSync(join(directory, JOURNAL_FILE), { force: true });
  return sha1;
}
