// Which earlier frame the crowd flow pairs each frame with, when frames come in a burst first (a live decoder
// hands over its first seconds of frames at once, all stamped on arrival): from the burst on, each frame must be
// paired with the newest one at least spanMs older, never with one seconds back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrowdMovementOptionsSchema, FlowEstimator } from '../../../src/analytics/crowd/index.js';
import type { Frame } from '../../../src/analytics/frames/frame.js';
import { loadOpenCv } from '../../../src/analytics/motion/opencv.js';

/** A flat gray frame whose level names it (10, 20, 30…), 160x120: the analysis size, nothing rescaled. */
const frame = (seq: number, ptsMs: number): Frame => ({
  cameraId: 'burst',
  seq,
  ptsMs,
  width: 160,
  height: 120,
  format: 'gray',
  data: new Uint8Array(160 * 120).fill(10 + 10 * (seq % 24)),
});

test('after a burst of frames 1 ms apart, each frame is paired with the one before it (200 ms), not 11 back', async () => {
  const { cv } = await loadOpenCv();
  const o = CrowdMovementOptionsSchema.parse({});
  const flow = new FlowEstimator(cv, o);
  const pairs: [number, number][] = [];
  let seq = 0;
  for (; seq <= 10; seq++) flow.push(frame(seq, 1000 + seq));
  for (; seq < 40; seq++) {
    const f = flow.push(frame(seq, 1010 + (seq - 10) * 200));
    assert.ok(f, `a field for frame ${seq}`);
    pairs.push([seq, f.ref[0]! / 10 - 1]);
  }
  flow.dispose();
  for (const [cur, ref] of pairs) assert.equal(ref, (cur - 1) % 24, `frame ${cur} paired with ${ref}`);
});
