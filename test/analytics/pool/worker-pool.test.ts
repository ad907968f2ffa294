import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import { describe, test } from 'node:test';
import type { GatedMotionResult } from '../../../src/analytics/motion/gated-motion-pipeline.js';
import { AnalysisPool, type AnalysisResult } from '../../../src/analytics/pool/worker-pool.js';
import type { Frame } from '../../../src/media/frames/frame.js';

const BUSY = new URL('./busy-pipeline.ts', import.meta.url);
type Busy = { sum: number; cameraId: string };
const frame = (cameraId: string, seq: number): Frame => ({
  cameraId,
  seq,
  ptsMs: seq * 100,
  width: 160,
  height: 90,
  format: 'gray',
  data: new Uint8Array(160 * 90).fill(1),
});

/** Frames per second analysed for 2 cameras x `n` frames with a CPU-bound pipeline (~10 ms a frame). */
async function throughput(workers: number, n: number): Promise<{ fps: number; cpuRatio: number }> {
  const pool = new AnalysisPool<Busy>({ workers, queueCapacity: n });
  try {
    await pool.addCamera('a', BUSY, { passes: 400 });
    await pool.addCamera('b', BUSY, { passes: 400 });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) for (const id of ['a', 'b']) pool.submit(frame(id, i));
    await pool.idle();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const done = pool.stats().reduce((s, c) => s + c.analysed, 0);
    assert.equal(done, 2 * n);
    return { fps: (done / wall) * 1000, cpuRatio: (cpu.user + cpu.system) / 1000 / wall };
  } finally {
    await pool.close();
  }
}

describe('analysis pool (worker threads)', () => {
  test('routes results per camera, transfers bytes both ways, reports pipeline errors', {
    timeout: 30_000,
  }, async () => {
    const results: AnalysisResult<Busy>[] = [];
    const errors: string[] = [];
    const pool = new AnalysisPool<Busy>({
      workers: 2,
      returnFrames: true,
      onResult: (r) => results.push(r),
      onError: (cam, e, seq) => errors.push(`${cam}#${seq}: ${e}`),
    });
    try {
      await pool.addCamera('a', BUSY, { passes: 1 });
      await pool.addCamera('b', BUSY, { passes: 1, failOnSeq: 1 });
      assert.deepEqual(
        pool
          .stats()
          .map((s) => s.worker)
          .sort(),
        [0, 1],
        'two cameras are spread over two workers',
      );
      const f = frame('a', 0);
      pool.submit(f);
      assert.equal(f.data.byteLength, 0, 'the frame bytes were transferred, not copied');
      for (let i = 0; i < 3; i++) pool.submit(frame('b', i));
      await pool.idle();
      assert.deepEqual(results.map((r) => `${r.cameraId}#${r.seq}:${r.result.cameraId}`).sort(), [
        'a#0:a',
        'b#0:b',
        'b#2:b',
      ]);
      assert.equal(results[0]!.frame!.data[0], 7, 'the frame comes back as the pipeline left it');
      assert.equal(results[0]!.frame!.data.length, 160 * 90);
      assert.deepEqual(errors, ['b#1: boom on 1']);
      const b = pool.stats().find((s) => s.cameraId === 'b')!;
      assert.deepEqual([b.received, b.analysed, b.failed, b.dropped], [3, 2, 1, 0]);
      await assert.rejects(
        pool.addCamera('c', new URL('./no-such-module.ts', import.meta.url)),
        /pipeline failed to open/,
      );
      assert.throws(() => pool.submit(frame('zz', 0)), /not in the pool/);
    } finally {
      await pool.close();
    }
  });

  test('a worker that dies is replaced and its cameras reopened; the frame it held counts as failed', {
    timeout: 30_000,
  }, async () => {
    const seqs: number[] = [];
    const errors: string[] = [];
    const pool = new AnalysisPool<Busy>({
      workers: 1,
      queueCapacity: 10,
      onResult: (r) => seqs.push(r.seq),
      onError: (_c, e) => errors.push(e),
    });
    try {
      await pool.addCamera('a', BUSY, { passes: 1, exitOnSeq: 2 });
      for (let i = 0; i < 6; i++) pool.submit(frame('a', i));
      await pool.idle();
      assert.deepEqual(seqs, [0, 1, 3, 4, 5]);
      assert.equal(pool.respawns, 1);
      assert.ok(
        errors.some((e) => /worker 0 died/.test(e)),
        errors.join('; '),
      );
      const [s] = pool.stats();
      assert.deepEqual([s!.analysed, s!.failed], [5, 1]);
    } finally {
      await pool.close();
    }
  });

  test('the mask ► motion ► gate pipeline runs in a worker, on masked bytes', { timeout: 30_000 }, async () => {
    const results: AnalysisResult<GatedMotionResult>[] = [];
    const pool = new AnalysisPool<GatedMotionResult>({
      workers: 1,
      queueCapacity: 50,
      returnFrames: true,
      onResult: (r) => results.push(r),
    });
    try {
      const module = new URL('../../../src/analytics/motion/gated-motion-pipeline.ts', import.meta.url);
      // Private place: the right quarter of the picture.
      await pool.addCamera('cam', module, {
        masks: [
          {
            name: 'window',
            points: [
              [0.75, 0],
              [1, 0],
              [1, 1],
              [0.75, 1],
            ],
          },
        ],
      });
      for (let seq = 0; seq < 20; seq++) {
        const data = new Uint8Array(320 * 180).fill(90);
        // A square moving on the left, and one "behind the window" on the right.
        for (let y = 60; y < 90; y++) {
          data.fill(220, y * 320 + 20 + seq * 6, y * 320 + 50 + seq * 6);
          data.fill(220, y * 320 + 250 + (seq % 5) * 8, y * 320 + 270 + (seq % 5) * 8);
        }
        pool.submit({ cameraId: 'cam', seq, ptsMs: seq * 200, width: 320, height: 180, format: 'gray', data });
      }
      await pool.idle();
      assert.equal(results.length, 20);
      const last = results.at(-1)!;
      assert.ok(last.result.maskedPixels > 0.24 * 320 * 180);
      assert.ok(last.frame!.data[100 * 320 + 300] === 0, 'returned frame is masked');
      assert.equal(results[0]!.result.decision.kind, 'full');
      for (const r of results.slice(2)) {
        assert.ok(r.result.regions.length >= 1, `frame ${r.seq}: motion found`);
        assert.ok(
          r.result.regions.every((g) => g.box[0] + g.box[2] <= 0.75 * 320),
          `frame ${r.seq}: motion behind the mask`,
        );
      }
    } finally {
      await pool.close();
    }
  });

  test('two workers analyse two cameras on two cores', { timeout: 60_000 }, async (t) => {
    const one = await throughput(1, 40);
    const two = await throughput(2, 40);
    const ratio = two.fps / one.fps;
    t.diagnostic(
      `1 worker ${one.fps.toFixed(1)} fps (cpu ${one.cpuRatio.toFixed(2)} cores), 2 workers ${two.fps.toFixed(1)} fps ` +
        `(cpu ${two.cpuRatio.toFixed(2)} cores): x${ratio.toFixed(2)}; load average ${loadavg()[0]!.toFixed(1)}`,
    );
    assert.ok(one.cpuRatio < 1.3, 'one worker uses about one core');
    if (availableParallelism() < 2) return;
    // Other jobs share these cores: a busy machine can only show part of the gain, so the bar is modest.
    const busy = loadavg()[0]! > availableParallelism();
    assert.ok(
      two.cpuRatio > 1.3 || ratio > 1.3 || busy,
      `2 workers used ${two.cpuRatio.toFixed(2)} cores, x${ratio.toFixed(2)}`,
    );
  });
});
