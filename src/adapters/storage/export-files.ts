import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExportStore } from '../../core/ports/clips.js';

/** Export ids are UUIDs: anything else could name a path outside the folder. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Exports on local disk: `<dir>/<id>.mp4` and `<dir>/<id>.json`. */
export class LocalExportStore implements ExportStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private file(id: string, ext: 'mp4' | 'json') {
    if (!ID.test(id)) throw new Error(`not an export id: ${id}`);
    return join(this.dir, `${id}.${ext}`);
  }

  async mp4Path(id: string) {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    return this.file(id, 'mp4');
  }

  /** Written aside then renamed, so a reader never sees half a manifest. */
  async writeManifest(id: string, json: string) {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const dst = this.file(id, 'json');
    await writeFile(`${dst}.tmp`, json, { mode: 0o600 });
    await rename(`${dst}.tmp`, dst);
  }

  async readManifest(id: string) {
    if (!ID.test(id)) return undefined;
    return readFile(this.file(id, 'json'), 'utf8').catch(() => undefined);
  }

  async list() {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.json') && ID.test(n.slice(0, -5))).map((n) => n.slice(0, -5));
  }

  async open(id: string) {
    const path = this.file(id, 'mp4');
    const s = await stat(path).catch(() => undefined);
    return s ? { stream: createReadStream(path), bytes: s.size } : undefined;
  }

  async removeMp4(id: string) {
    await rm(this.file(id, 'mp4'), { force: true });
  }

  /** Every file in the folder counts, half-written ones included: they take room all the same. */
  async totalBytes() {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const sizes = await Promise.all(
      names.map((n) =>
        stat(join(this.dir, n)).then(
          (s) => (s.isFile() ? s.size : 0),
          () => 0,
        ),
      ),
    );
    return sizes.reduce((a, b) => a + b, 0);
  }

  async usage() {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const s = await statfs(this.dir);
    return { volumeBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  }
}
