// The cache's listing in memory: size and mtime per listed file, in listing order, with paths
// that stay in the cache file's bytes until someone asks for them. Owns the positions a warm
// start compares fresh stats against, and the STALE mark for files whose scan must not be reused.

/** Size stored for a file whose scan must not be reused (skipped, or open in an editor). */
export const STALE = -1;

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
