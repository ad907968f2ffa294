import { open, rm, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

const CHUNK = 1024 * 1024;

/**
 * Room kept for the store on a volume that recordings could fill: a file of zeros in the data directory, deleted
 * when free space falls under the floor (the database's next writes — a login, a hold release, the journal — then
 * have it), written again once space is back. Disk-full on the database is thus at most the retention's problem.
 */
export class Ballast {
  constructor(
    readonly path: string,
    private readonly bytes: number,
    private readonly minFreePercent: number,
  ) {}

  private async volume() {
    const s = await statfs(dirname(this.path));
    return { free: s.bavail * s.bsize, floor: (s.blocks * s.bsize * this.minFreePercent) / 100 };
  }

  async present() {
    return stat(this.path).then(
      (s) => s.size >= this.bytes,
      () => false,
    );
  }

  /** Releases under the floor, re-creates when it fits twice over above it; returns what it did. */
  async adjust(): Promise<'released' | 'created' | 'kept'> {
    if (this.bytes === 0) return 'kept';
    const { free, floor } = await this.volume();
    const here = await this.present();
    if (here && free < floor) {
      await rm(this.path, { force: true });
      return 'released';
    }
    if (!here && free - 2 * this.bytes >= floor) {
      await this.write().catch(async (e) => {
        await rm(this.path, { force: true });
        throw e;
      });
      return 'created';
    }
    return 'kept';
  }

  /** Real blocks (not a sparse file), so that deleting it really frees them. */
  private async write() {
    const f = await open(this.path, 'w', 0o600);
    try {
      const zeros = Buffer.alloc(CHUNK);
      for (let done = 0; done < this.bytes; done += CHUNK) await f.write(zeros, 0, Math.min(CHUNK, this.bytes - done));
      await f.sync();
    } finally {
      await f.close();
    }
  }
}
