import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import sharp from 'sharp';

/** Event snapshots as JPEG files, written from frames that were already privacy-masked. */
export class SnapshotFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async save(
    cameraId: string,
    eventId: string,
    tMs: number,
    frame: { width: number; height: number; data: Uint8Array },
  ): Promise<string> {
    const rel = `${cameraId}/${new Date(tMs).toISOString().slice(0, 10)}/${eventId}.jpg`;
    const abs = this.absolute(rel);
    await mkdir(dirname(abs), { recursive: true, mode: 0o700 });
    await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
      .jpeg({ quality: 80 })
      .toFile(abs);
    await chmod(abs, 0o600); // sharp writes under the process umask; a snapshot shows people
    return rel;
  }

  async remove(rel: string): Promise<void> {
    await rm(this.absolute(rel), { force: true });
  }

  absolute(rel: string): string {
    const abs = resolve(join(this.root, rel));
    if (!abs.startsWith(this.root + sep)) throw new Error(`path escapes the snapshot root: ${rel}`);
    return abs;
  }
}
