import { chmod, mkdir, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { SegmentStorage } from '../../core/ports/segment-storage.js';

/** Recordings on a local (or mounted) filesystem. */
export class LocalDiskStorage implements SegmentStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  absolute(rel: string): string {
    const abs = resolve(this.root, rel);
    if (!abs.startsWith(this.root + sep)) throw new Error(`path escapes the recordings root: ${rel}`);
    return abs;
  }

  async adopt(absFile: string, rel: string): Promise<number> {
    const dst = this.absolute(rel);
    await mkdir(dirname(dst), { recursive: true, mode: 0o700 });
    // ffmpeg wrote it under the process umask (inside the 0700 incoming folder): footage is the centre's only.
    await chmod(absFile, 0o600);
    await rename(absFile, dst);
    return (await stat(dst)).size;
  }

  async remove(rel: string) {
    await rm(this.absolute(rel), { force: true });
  }

  async size(rel: string) {
    return (await stat(this.absolute(rel))).size;
  }

  async exists(rel: string) {
    return stat(this.absolute(rel)).then(
      () => true,
      () => false,
    );
  }

  async *list(under?: string): AsyncIterable<string> {
    const walk = async function* (dir: string): AsyncIterable<string> {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) yield* walk(p);
        else if (e.isFile()) yield p;
      }
    };
    for await (const abs of walk(under ? this.absolute(under) : this.root))
      yield relative(this.root, abs).split(sep).join('/');
  }

  async usage() {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const s = await statfs(this.root);
    return { volumeBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  }
}
