// The masked playback cache on its own, with clips whose bytes the test controls: one make per key however many
// open it at once, a waiter served once the file is whole, bounded in bytes, swept by age.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { after, test } from 'node:test';
import { FileClipCache } from '../../src/adapters/storage/clip-cache.js';
import type { ClipStream } from '../../src/core/ports/clips.js';

const root = mkdtempSync(join(tmpdir(), 'vigie-clipcache-'));
after(() => rmSync(root, { recursive: true, force: true }));
const key = (c: string) => c.repeat(64);

/** A clip the test feeds by hand; `finish` ends it as ffmpeg would (exit 0), `killed` says whether it was stopped. */
function manualClip() {
  const stream = new PassThrough();
  let settle!: (ok: boolean) => void;
  const done = new Promise<void>((res, rej) => {
    settle = (ok) => (ok ? res() : rej(new Error('ffmpeg killed')));
  });
  done.catch(() => {});
  const c = {
    killed: false,
    clip: {
      stream,
      done,
      kill: () => {
        c.killed = true;
        stream.destroy();
        settle(false);
      },
    } as ClipStream,
    finish(bytes: Buffer) {
      stream.end(bytes);
      stream.on('end', () => settle(true));
      stream.resume();
    },
  };
  return c;
}

const read = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

test('a second viewer during the encode waits for it: one make, the same bytes', async () => {
  const cache = new FileClipCache(join(root, 'a'), 1e9, 3_600_000);
  const m = manualClip();
  let makes = 0;
  const make = async () => {
    makes++;
    return m.clip;
  };
  const first = await cache.open(key('a'), make);
  const second = await cache.open(key('a'), make);
  const bytes = Buffer.alloc(100_000, 7);
  const [x, y] = await Promise.all([read(first.stream), read(second.stream), m.finish(bytes)]);
  assert.equal(makes, 1);
  assert.ok(x.equals(bytes) && y.equals(bytes));
  await second.done;
  const third = await cache.open(key('a'), make);
  assert.ok((await read(third.stream)).equals(bytes));
  assert.equal(makes, 1);
});

test('two viewers asking at once, while ffmpeg is still being started: still one make', async () => {
  const cache = new FileClipCache(join(root, 'race'), 1e9, 3_600_000);
  const m = manualClip();
  let makes = 0;
  const slowMake = async () => {
    makes++;
    await new Promise((r) => setTimeout(r, 50));
    return m.clip;
  };
  const [a, b] = await Promise.all([cache.open(key('9'), slowMake), cache.open(key('9'), slowMake)]);
  const bytes = Buffer.alloc(20_000, 5);
  const [x, y] = await Promise.all([read(a.stream), read(b.stream), m.finish(bytes)]);
  assert.equal(makes, 1);
  assert.ok(x.equals(bytes) && y.equals(bytes));
});

test('the first viewer leaving stops the encode only when nobody waits for it', async () => {
  const dir = join(root, 'b');
  const cache = new FileClipCache(dir, 1e9, 3_600_000);
  const alone = manualClip();
  const a = await cache.open(key('b'), async () => alone.clip);
  a.kill();
  await a.done.catch(() => {});
  assert.equal(alone.killed, true);
  assert.deepEqual(readdirSync(dir), [], 'no partial file left');

  const shared = manualClip();
  const first = await cache.open(key('c'), async () => shared.clip);
  const waiter = await cache.open(key('c'), async () => assert.fail('a second make'));
  first.kill();
  assert.equal(shared.killed, false);
  const bytes = Buffer.alloc(5000, 3);
  const [got] = await Promise.all([read(waiter.stream), shared.finish(bytes)]);
  assert.ok(got.equals(bytes));
});

test('a cache that keeps nothing (cap 0) still serves the viewers waiting for the encode', async () => {
  const dir = join(root, 'zero');
  const cache = new FileClipCache(dir, 0, 3_600_000);
  const m = manualClip();
  const first = await cache.open(key('7'), async () => m.clip);
  const waiter = await cache.open(key('7'), async () => assert.fail('a second make'));
  const bytes = Buffer.alloc(30_000, 9);
  const [x, y] = await Promise.all([read(first.stream), read(waiter.stream), m.finish(bytes)]);
  assert.ok(x.equals(bytes) && y.equals(bytes));
  await waiter.done;
  // Evicted at the next encode, once nobody reads it.
  const n = manualClip();
  const next = await cache.open(key('8'), async () => n.clip);
  await Promise.all([read(next.stream), n.finish(Buffer.alloc(10))]);
  await next.done;
  assert.ok(!readdirSync(dir).includes(`${key('7')}.mp4`));
});

test('bounded: past maxBytes the oldest go; past maxAge everything goes', async () => {
  const dir = join(root, 'c');
  const cache = new FileClipCache(dir, 250_000, 3_600_000);
  for (const c of ['d', 'e', 'f']) {
    const m = manualClip();
    const v = await cache.open(key(c), async () => m.clip);
    await Promise.all([read(v.stream), m.finish(Buffer.alloc(100_000, 1))]);
    await v.done;
    // Distinct ages, oldest first (mtime has a coarse grain on some filesystems).
    const age = { d: 30, e: 20, f: 10 }[c]!;
    utimesSync(join(dir, `${key(c)}.mp4`), new Date(Date.now() - age * 1000), new Date(Date.now() - age * 1000));
  }
  // The third file made 300 kB > 250 kB: the oldest (d) went, the two newest stay.
  const left = readdirSync(dir).sort();
  assert.deepEqual(left, [`${key('e')}.mp4`, `${key('f')}.mp4`]);
  const later = new FileClipCache(dir, 1e9, 3_600_000, () => Date.now() + 2 * 3_600_000);
  await later.sweep(true);
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(existsSync(dir), true);
});

test('seekable files: one write per key however many ask at once, 0600, byte ranges read exactly', async () => {
  const dir = join(root, 'files');
  const cache = new FileClipCache(dir, 10_000_000, 3_600_000);
  const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
  let writes = 0;
  const write = async (tmp: string) => {
    writes++;
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(tmp, bytes);
  };
  const [a, b] = await Promise.all([cache.file(key('d'), write), cache.file(key('d'), write)]);
  assert.equal(writes, 1);
  assert.equal(a.bytes, 5000);
  assert.equal(b.bytes, 5000);
  assert.ok((await read(a.read(100, 199))).equals(bytes.subarray(100, 200)));
  assert.ok((await read(b.read(0, 4999))).equals(bytes));
  // Asked again later: from the file, not written again.
  await cache.file(key('d'), write);
  assert.equal(writes, 1);
  assert.equal(statSync(join(dir, `${key('d')}.mp4`)).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), [`${key('d')}.mp4`], 'no partial file left');
  // A failed write leaves nothing behind and is retried by the next viewer.
  await assert.rejects(
    cache.file(key('e'), async (tmp) => {
      writeFileSync(tmp, 'half');
      throw new Error('ffmpeg exit 1');
    }),
    /ffmpeg exit 1/,
  );
  assert.deepEqual(readdirSync(dir), [`${key('d')}.mp4`]);
  cache.close();
});
