import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { CachedClip, ClipCache, ClipStream } from '../../core/ports/clips.js';

interface Encoding {
  done: Promise<void>;
  /** Viewers waiting for the file: while there are, the first viewer leaving does not stop the encode. */
  waiters: number;
}

const KEY = /^[0-9a-f]{64}$/;

/** A finished cached file, streamed. */
function fileClip(file: string): ClipStream {
  const stream = createReadStream(file);
  const done = finished(stream).catch((e) => {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw e;
  });
  done.catch(() => {});
  return { stream, done, kill: () => void stream.destroy() };
}

/**
 * Masked playback cache on disk: `<key>.mp4` files (0600 in a 0700 folder), written aside and renamed when whole.
 * The first viewer of a range is served while the encode is written; viewers who come during it get the file once
 * it is complete. Files older than `maxAgeMs` go (so cached footage never outlives its retention by more), and the
 * oldest go first past `maxBytes`.
 */
export class FileClipCache implements ClipCache {
  private readonly encoding = new Map<string, Encoding>();
  /** Whole-file writes in progress (seekable playback): one per key, shared by whoever asks meanwhile. */
  private readonly writing = new Map<string, Promise<{ path: string; bytes: number }>>();
  /** Files being read by viewers: eviction and the age sweep leave them until the last reader is done. */
  private readonly reading = new Map<string, number>();
  private lastSweep = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(key: string, make: () => Promise<ClipStream>): Promise<ClipStream> {
    if (!KEY.test(key)) throw new Error('a clip cache key is a hex SHA-256');
    await this.sweep();
    const file = join(this.dir, `${key}.mp4`);
    const whole = await stat(file).catch(() => undefined);
    // Looked up after the last await, and encode() registers before its first: two openers never both encode.
    const enc = this.encoding.get(key);
    if (enc) return this.afterEncoding(key, enc, file);
    if (whole) return this.fromFile(key, file);
    return this.encode(key, file, make);
  }

  /** A whole seekable file (served by byte ranges): written once per key, aside then renamed, 0600. */
  async file(key: string, write: (tmp: string) => Promise<void>): Promise<CachedClip> {
    const { path, bytes } = await this.whole(key, write);
    return {
      bytes,
      read: (start, end) => {
        const stream = createReadStream(path, { start, end });
        this.hold(key, finished(stream));
        return stream;
      },
    };
  }

  private async whole(key: string, write: (tmp: string) => Promise<void>): Promise<{ path: string; bytes: number }> {
    if (!KEY.test(key)) throw new Error('a clip cache key is a hex SHA-256');
    const path = join(this.dir, `${key}.mp4`);
    const pending = this.writing.get(key);
    if (pending) return pending;
    const p = (async () => {
      try {
        await this.sweep();
        const whole = await stat(path).catch(() => undefined);
        if (whole) return { path, bytes: whole.size };
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        const tmp = `${path}.part.mp4`;
        try {
          await write(tmp);
          await chmod(tmp, 0o600);
          await rename(tmp, path);
        } catch (e) {
          await rm(tmp, { force: true });
          throw e;
        }
        this.timer ??= setInterval(() => void this.sweep(true).catch(() => {}), 60_000).unref();
        return { path, bytes: (await stat(path)).size };
      } finally {
        this.writing.delete(key);
      }
    })();
    this.writing.set(key, p);
    const r = await p;
    // Trimmed after I/O (readdir): the caller's synchronous read (which holds the file) comes first.
    void this.evict().catch(() => {});
    return r;
  }

  /** Counts a reader of the file until `until` settles: the sweep and eviction leave the file alone meanwhile. */
  private hold(key: string, until: Promise<unknown>) {
    this.reading.set(key, (this.reading.get(key) ?? 0) + 1);
    void until
      .catch(() => {})
      .finally(() => {
        const left = (this.reading.get(key) ?? 1) - 1;
        if (left > 0) this.reading.set(key, left);
        else this.reading.delete(key);
      });
  }

  private fromFile(key: string, file: string): ClipStream {
    const clip = fileClip(file);
    this.hold(key, clip.done);
    return clip;
  }

  private afterEncoding(key: string, enc: Encoding, file: string): ClipStream {
    const out = new PassThrough();
    enc.waiters++;
    let killed = false;
    const done = enc.done
      .then(async () => {
        if (killed) return;
        fileClip(file).stream.pipe(out);
        await finished(out);
      })
      .catch((e) => {
        // The encode failed: this viewer's response must end too, with the error.
        out.destroy(e as Error);
        if (!killed) throw e;
      })
      .finally(() => enc.waiters--);
    done.catch(() => {});
    // Counted as a reader from now: the eviction that follows the encode must not take the file from under it.
    this.hold(key, done);
    return {
      stream: out,
      done,
      kill: () => {
        killed = true;
        out.destroy();
      },
    };
  }

  private async encode(key: string, file: string, make: () => Promise<ClipStream>): Promise<ClipStream> {
    // Registered before the first await: a viewer arriving while ffmpeg is being started waits for this encode.
    let started!: (c: ClipStream | undefined) => void;
    const clipP = new Promise<ClipStream | undefined>((r) => (started = r));
    const part = `${file}.part`;
    const entry: Encoding = { waiters: 0, done: Promise.resolve() };
    let disk: ReturnType<typeof createWriteStream> | undefined;
    entry.done = (async () => {
      try {
        const clip = await clipP;
        if (!clip) throw new Error('the clip could not be started');
        await clip.done;
        await finished(disk!);
        await rename(part, file);
      } catch (e) {
        // The part file is created by an asynchronous open: removed only once the stream has closed, or an open still
        // in flight would create it after the rm.
        if (disk && !disk.closed) {
          const closed = new Promise<void>((r) => disk!.once('close', () => r()));
          disk.destroy();
          await closed;
        }
        await rm(part, { force: true });
        throw e;
      } finally {
        this.encoding.delete(key);
      }
      await this.evict();
    })();
    entry.done.catch(() => {});
    this.encoding.set(key, entry);
    let clip: ClipStream;
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      clip = await make();
    } catch (e) {
      started(undefined);
      throw e;
    }
    disk = createWriteStream(part, { mode: 0o600 });
    const viewer = new PassThrough();
    clip.stream.pipe(disk);
    clip.stream.pipe(viewer);
    started(clip);
    this.timer ??= setInterval(() => void this.sweep(true).catch(() => {}), 60_000).unref();
    return {
      stream: viewer,
      done: entry.done,
      kill: () => {
        clip.stream.unpipe(viewer);
        viewer.destroy();
        // Nobody else waits for this range: the encode (and its partial file) is not worth its CPU.
        if (entry.waiters === 0) clip.kill();
      },
    };
  }

  private async files(): Promise<{ name: string; bytes: number; mtimeMs: number }[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out = [];
    for (const name of names) {
      const s = await stat(join(this.dir, name)).catch(() => undefined);
      if (s) out.push({ name, bytes: s.size, mtimeMs: s.mtimeMs });
    }
    return out;
  }

  /** Deletes cached files past their age (at most once a minute unless forced); leftovers of a crash too. */
  async sweep(force = false) {
    const now = this.now();
    if (!force && now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const f of await this.files()) {
      const key = f.name.slice(0, 64);
      if (this.encoding.has(key) || this.writing.has(key) || this.reading.has(key)) continue;
      if (now - f.mtimeMs > this.maxAgeMs) await rm(join(this.dir, f.name), { force: true });
    }
  }

  /** Oldest first until the cache fits its cap. */
  private async evict() {
    const done = (await this.files()).filter((f) => f.name.endsWith('.mp4'));
    let total = done.reduce((n, f) => n + f.bytes, 0);
    for (const f of done.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      if (total <= this.maxBytes) break;
      const key = f.name.slice(0, 64);
      if (this.reading.has(key) || this.writing.has(key)) continue;
      await rm(join(this.dir, f.name), { force: true });
      total -= f.bytes;
    }
  }

  close() {
    clearInterval(this.timer);
  }
}
