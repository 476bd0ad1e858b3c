// Persists what each file contributed (keyed by size and mtime) so a warm start re-reads only
// the files that changed, plus a stamp of the listing so it need not list the files again.
// The cache lives outside the user's repo and is never trusted: a wrong format, version, root,
// checksum or shape means it is ignored and rebuilt.
//
// Layout: line 1 is a JSON header {format, version, root, sha1, count, lengths}; the body after
// it holds four sections: the paths ('\0'-separated UTF-8), sizes and mtimes (float64 LE), the
// listing stamp (JSON) and the scans of files with findings (JSON rows [position, scan]).
// NOTE: the checksum is what catches a garbled byte that still leaves valid data (a line number
// 3 turned into 7 would otherwise be trusted); sha1 costs ~10 ms on a GitLab-sized cache.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { absolutePath } from './paths';
import type { ScannedFile } from './scanFile';
import { CachedScan, decodeScan, encodeScan } from './cacheCodec';
import { isListingStamp, ListingStamp } from './listingStamp';
import { DISCOVERY_REASONS, type DiscoveryReason, type DiscoveryWhy } from './discover';
import { cacheHome } from '../environmentVariables';

const FORMAT = 'gitlab-flags-index';
// NOTE: bump when the scanners, the scan shape or the layout change, so old caches are rebuilt.
export const CACHE_VERSION = 9;
export const CACHE_FILE = 'index.bin';
/** Changes since the last full save (see cacheJournal.ts); a full save removes it. */
export const JOURNAL_FILE = 'journal.json';

/** Size stored for a file whose scan must not be reused (skipped, or open in an editor). */
export const STALE = -1;

/** $XDG_CACHE_HOME/gitlab-flags/<sha1 of root>, or <base>/<sha1 of root> when a base is given. */
export function cacheDirectoryFor(root: string, base?: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return join(base ?? cacheHome(env), hash);
}

/** Paths still in the cache file's bytes: one can be decoded alone, or all at once. */
export interface PathSource {
  count: number;
  at(position: number): string;
  all(): string[];
}

/**
 * Size and mtime per listed file, in listing order. Positions are stable (a deleted file leaves
 * a hole) so a warm start can compare fresh stats against them by index.
 */
export class FileTable {
  private positions?: Map<string, number>;
  private decodedPaths?: (string | undefined)[];
  // NOTE: a warm start with nothing changed never needs the 55,000 paths on the main thread,
  // so the cache's path section is decoded only when asked for: one path, or all of them.
  private source?: PathSource;

  constructor(
    paths: (string | undefined)[] | PathSource = [],
    // NOTE: typed arrays straight from the cache file; they become plain arrays on the first append.
    public sizes: number[] | Float64Array = [],
    public mtimes: number[] | Float64Array = [],
  ) {
    if (Array.isArray(paths)) this.decodedPaths = paths;
    else this.source = paths;
  }

  get paths(): (string | undefined)[] {
    if (!this.decodedPaths) {
      this.decodedPaths = this.source!.all();
      this.source = undefined;
    }
    return this.decodedPaths;
  }

  /** One path, without decoding the others. */
  pathAt(position: number): string | undefined {
    return this.decodedPaths ? this.decodedPaths[position] : this.source!.at(position);
  }

  /** Updates a known position (a warm start knows the positions of the files it re-reads). */
  setAt(position: number, size: number, mtimeMs: number): void {
    this.sizes[position] = size;
    this.mtimes[position] = mtimeMs;
  }

  get length(): number {
    return this.sizes.length;
  }

  /** Decodes the paths now, which lets go of the cache file's bytes the lazy decoder holds. */
  settle(): void {
    void this.paths;
  }

  positionOf(path: string): number | undefined {
    if (!this.positions) {
      this.positions = new Map();
      for (let i = 0; i < this.paths.length; i++) if (this.paths[i] !== undefined) this.positions.set(this.paths[i]!, i);
    }
    return this.positions.get(path);
  }

  set(path: string, size: number, mtimeMs: number): void {
    const position = this.positionOf(path);
    if (position !== undefined) this.setAt(position, size, mtimeMs);
    else this.append(path, size, mtimeMs);
  }

  /** Adds a path known to be new, without the lookup (a cold start lists each path once). */
  append(path: string, size: number, mtimeMs: number): void {
    if (!Array.isArray(this.sizes)) this.sizes = Array.from(this.sizes);
    if (!Array.isArray(this.mtimes)) this.mtimes = Array.from(this.mtimes);
    this.positions?.set(path, this.paths.length);
    this.paths.push(path);
    (this.sizes as number[]).push(size);
    (this.mtimes as number[]).push(mtimeMs);
  }

  delete(path: string): void {
    const position = this.positionOf(path);
    if (position !== undefined) this.deleteAt(position);
  }

  /** Removes by position, for callers that walk the table. */
  deleteAt(position: number): void {
    const path = this.paths[position];
    if (path === undefined) return;
    this.paths[position] = undefined;
    this.positions?.delete(path);
  }
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

interface Header {
  format: string;
  version: number;
  root: string;
  sha1: string;
  count: number;
  /** Byte lengths of the paths, stamp and scans sections. */
  lengths: [number, number, number];
}

interface RawCache {
  header: Header;
  body: Buffer;
  paths: PathSource;
  stampJson: unknown;
}

/** The '\0'-separated paths section; offsets are found (one memchr per path) on first use. */
function pathSource(body: Buffer, length: number, count: number): PathSource {
  let starts: Uint32Array | undefined;
  const offsets = () => {
    if (starts) return starts;
    starts = new Uint32Array(count + 1);
    let at = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = at;
      const end = body.indexOf(0, at);
      at = end === -1 || end >= length ? length + 1 : end + 1;
    }
    starts[count] = at;
    // NOTE: the checksum has passed before paths are read, so a mismatch cannot happen in practice.
    if (at !== length + 1 && count > 0) throw new BadCache('path count differs');
    return starts;
  };
  return {
    count,
    at(position) {
      const o = offsets();
      return body.toString('utf8', o[position], o[position + 1] - 1);
    },
    all() {
      const list = count === 0 ? [] : body.toString('utf8', 0, length).split('\0');
      if (list.length !== count) throw new BadCache('path count differs');
      return list;
    },
  };
}

export class BadCache extends Error {}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Reads and checks the header and the listing part; the scans stay undecoded. `listingOnly`
 * reads no further than the listing (the stat worker's read, which needs nothing else).
 */
function readRaw(directory: string, root: string, listingOnly = false): RawCache | 'missing' {
  let raw: Buffer;
  try {
    raw = listingOnly ? readListingPart(join(directory, CACHE_FILE)) : readFileSync(join(directory, CACHE_FILE));
  } catch (error) {
    if (error instanceof BadCache) throw error;
    return 'missing';
  }
  const newline = raw.indexOf(10);
  if (newline === -1) throw new BadCache('no header line');
  let header: Header;
  try {
    header = JSON.parse(raw.toString('utf8', 0, newline)) as Header;
  } catch {
    throw new BadCache('unreadable header');
  }
  if (header.format !== FORMAT || header.version !== CACHE_VERSION) throw new BadCache('old format');
  if (header.root !== root) throw new BadCache('another root');
  if (!Number.isInteger(header.count) || !Array.isArray(header.lengths) || header.lengths.length !== 3 || !header.lengths.every((n) => Number.isInteger(n) && n >= 0)) throw new BadCache('bad header');
  const body = raw.subarray(newline + 1);
  const [pathsLength, stampLength, scansLength] = header.lengths;
  const listingLength = pathsLength + 16 * header.count + stampLength;
  if (body.length !== listingLength + (listingOnly ? 0 : scansLength)) throw new BadCache('truncated');
  const paths = pathSource(body, pathsLength, header.count);
  const stampStart = pathsLength + 16 * header.count;
  let stampJson: unknown;
  try {
    stampJson = JSON.parse(body.toString('utf8', stampStart, stampStart + stampLength));
  } catch {
    throw new BadCache('unreadable listing stamp');
  }
  return { header, body, paths, stampJson };
}

// The header line is a few hundred bytes (most of it the root path).
const HEADER_READ = 64 * 1024;

/** The header line and the listing sections after it, without the scans. */
function readListingPart(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const start = Buffer.allocUnsafe(HEADER_READ);
    const startLength = readSync(fd, start, 0, HEADER_READ, 0);
    const newline = start.subarray(0, startLength).indexOf(10);
    if (newline === -1) throw new BadCache('no header line');
    let header: Partial<Header>;
    try {
      header = JSON.parse(start.toString('utf8', 0, newline)) as Partial<Header>;
    } catch {
      throw new BadCache('unreadable header');
    }
    const [pathsLength, stampLength] = Array.isArray(header.lengths) ? header.lengths : [];
    if (!Number.isInteger(header.count) || !Number.isInteger(pathsLength) || !Number.isInteger(stampLength)) throw new BadCache('bad header');
    const length = newline + 1 + pathsLength! + 16 * header.count! + stampLength!;
    const raw = Buffer.allocUnsafe(length);
    let have = Math.min(startLength, length);
    start.copy(raw, 0, 0, have);
    while (have < length) {
      const read = readSync(fd, raw, have, length - have, have);
      if (read === 0) throw new BadCache('truncated');
      have += read;
    }
    return raw;
  } finally {
    closeSync(fd);
  }
}

function stampOf(json: unknown): { stamp?: ListingStamp; method?: 'git' | 'glob'; why?: DiscoveryWhy } {
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
export function readCacheListing(directory: string, root: string): { paths: PathSource; stamp?: ListingStamp; method?: 'git' | 'glob'; why?: DiscoveryWhy; sha1: string } | undefined {
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

function checksum(body: Buffer): string {
  return createHash('sha1').update(body).digest('hex');
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
  const sections = [
    Buffer.from(paths.join('\0'), 'utf8'),
    Buffer.from(Float64Array.from(sizes.concat(mtimes)).buffer),
    Buffer.from(JSON.stringify({ method: snapshot.method, ...(snapshot.why ? { why: snapshot.why } : {}), stamp: snapshot.stamp ?? null }), 'utf8'),
    Buffer.from(JSON.stringify(rows), 'utf8'),
  ];
  const hash = createHash('sha1');
  for (const section of sections) hash.update(section);
  const header: Header = { format: FORMAT, version: CACHE_VERSION, root, sha1: hash.digest('hex'), count: paths.length, lengths: [sections[0].length, sections[2].length, sections[3].length] };
  mkdirSync(directory, { recursive: true });
  const target = join(directory, CACHE_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  // NOTE: written section by section: concatenating first would copy 8 MB twice.
  const fd = openSync(temporary, 'w');
  try {
    writeAll(fd, Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'));
    for (const section of sections) writeAll(fd, section);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
  // The journal was written against the cache just replaced; its changes are in this one.
  rmSync(join(directory, JOURNAL_FILE), { force: true });
  return header.sha1;
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}
