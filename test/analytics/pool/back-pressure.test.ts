import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LatestFrameQueue } from '../../../src/analytics/pool/frame-queue.js';
import { AnalysisPool } from '../../../src/analytics/pool/worker-pool.js';
import type { Frame } from '../../../src/media/frames/frame.js';

const BUSY = new URL('./busy-pipeline.ts', import.meta.url);
const frame = (cameraId: string, seq: number, size = 64): Frame => ({
  cameraId,
  seq,
  ptsMs: seq * 40,
  width: size,
  height: size,
  format: 'gray',
  data: new Uint8Array(size * size).fill(seq % 256),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bounded queue (live back-pressure)', () => {
  test('a slow consumer makes the queue drop the oldest frames, never grow past its bound', async () => {
    const q = new LatestFrameQueue(3);
    const seen: number[] = [];
    const consumer = (async () => {
      for (;;) {
        const f = await q.take();
        if (!f) return;
        seen.push(f.seq);
        await sleep(20); // ~50 fps of analysis...
      }
    })();
    for (let i = 0; i < 100; i++) {
      q.push(frame('a', i));
      assert.ok(q.length <= 3);
      await sleep(2); // ...for ~500 fps of frames
    }
    const last = 99;
    await sleep(100);
    q.close();
    await consumer;
    assert.equal(q.received, 100);
    assert.ok(q.highWater <= 3);
    assert.ok(q.dropped > 50, `only ${q.dropped} dropped`);
    assert.equal(seen.length + q.dropped, 100, 'every frame is either analysed or counted as dropped');
    assert.ok(
      seen.every((s, i) => i === 0 || s > seen[i - 1]!),
      'order kept',
    );
    assert.equal(seen.at(-1), last, 'the newest frame is kept');
  });

  test('capacity must be a positive integer', () => {
    assert.throws(() => new LatestFrameQueue(0), /capacity must be an integer >= 1/);
  });
});

describe('analysis pool back-pressure', () => {
  test('frames arriving faster than a pipeline runs are dropped and counted per camera', {
    timeout: 30_000,
  }, async () => {
    const results: number[] = [];
    const pool = new AnalysisPool<{ sum: number }>({
      workers: 1,
      queueCapacity: 2,
      onResult: (r) => results.push(r.seq),
    });
    try {
      await pool.addCamera('slow', BUSY, { passes: 0, sleepMs: 25 });
      for (let i = 0; i < 60; i++) {
        pool.submit(frame('slow', i));
        await sleep(2);
      }
      await pool.idle();
      const [s] = pool.stats();
      assert.equal(s!.received, 60);
      assert.equal(s!.analysed + s!.dropped, 60);
      assert.ok(s!.dropped >= 30, `dropped ${s!.dropped}`);
      assert.ok(s!.queueHighWater <= 2, 'the queue never grew past its bound');
      assert.equal(results.at(-1), 59, 'the newest frame was analysed');
      assert.ok(s!.msPerFrame >= 20, `ms per frame ${s!.msPerFrame}`);
    } finally {
      await pool.close();
    }
  });
});
