// The bytes of the cache file (index.bin) and nothing of their meaning: reading it whole or up
// to the end of its listing, checking the header and the section lengths, the checksum, and
// writing it atomically. What the sections mean is indexCache.ts's business.
//
// Layout: line 1 is a JSON header {format, version, root, sha1, count, lengths}; the body after
// it holds four sections: the paths ('\0'-separated UTF-8), sizes and mtimes (float64 LE), the
// listing stamp (JSON) and the scans of files with findings (JSON rows [position, scan]).
// NOTE: the checksum is what catches a garbled byte that still leaves valid data (a line number
// 3 turned into 7 would otherwise be trusted); sha1 costs ~10 ms on a GitLab-sized cache.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PathSource } from './fileTable';

const FORMAT = 'gitlab-flags-index';
// NOTE: bump when the scanners, the scan shape or the layout change, so old caches are rebuilt.
export const CACHE_VERSION = 10;
export const CACHE_FILE = 'index.bin';

export class BadCache extends Error {}

export const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export interface Header {
  format: string;
  version: number;
  root: string;
  sha1: string;
  count: number;
  /** Byte lengths of the paths, stamp and scans sections. */
  lengths: [number, number, number];
}

export interface RawCache {
  header: Header;
  /** Everything after the header line. */
  body: Buffer;
  paths: PathSource;
  stampJson: unknown;
}

/**
 * Reads and checks the header and the listing part; the scans stay undecoded. `listingOnly`
 * reads no further than the listing (the stat worker's read, which needs nothing else).
 * Throws BadCache on anything unexpected; 'missing' when there is no file to read.
 */
export function readRaw(directory: string, root: string, listingOnly = false): RawCache | 'missing' {
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

export function checksum(body: Buffer): string {
  return createHash('sha1').update(body).digest('hex');
}

/**
 * Writes the header and the four sections (paths, sizes + mtimes, stamp, scans) atomically:
 * temp file, then rename, so a crash never leaves half a cache. Returns the body's checksum.
 */
export function writeCacheFile(directory: string, root: string, count: number, sections: [Buffer, Buffer, Buffer, Buffer]): string {
  const hash = createHash('sha1');
  for (const section of sections) hash.update(section);
  const header: Header = { format: FORMAT, version: CACHE_VERSION, root, sha1: hash.digest('hex'), count, lengths: [sections[0].length, sections[2].length, sections[3].length] };
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
  return header.sha1;
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}
