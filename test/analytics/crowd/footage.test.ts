// The crowd detector on real footage: PETS09-S2L1 played normally, then with source frames skipped x4 for 10 s at the
// same 7 fps timestamps (people suddenly "run"); and UCSD Ped2's normal training clips (no event expected).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { CrowdMovementDetector, type CrowdMovementEvent } from '../../../src/analytics/crowd/index.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import type { Frame } from '../../../src/media/frames/frame.js';
import { PETS09_VIDEO, pets09Missing } from '../helpers/pets09.js';
import { decodeClip, replay, schedule } from './replay.js';

const FPS = 7;
/** Timeline frame where the x4 stretch starts (about 36 s in: enough to learn the usual speed). */
const CHANGE = 250;

async function run(frames: Frame[], order: number[], fps: number, t0 = 0, det?: CrowdMovementDetector) {
  const d = det ?? (await CrowdMovementDetector.create());
  const events: CrowdMovementEvent[] = [];
  for (const f of replay(frames, order, fps, t0)) events.push(...d.update(f));
  if (!det) d.dispose();
  return events;
}

describe('crowd movement on PETS09-S2L1', { skip: pets09Missing() }, () => {
  let frames: Frame[] = [];
  before(async () => {
    // 320 wide: the detector downscales to its own 160, and regions come back in these frame pixels.
    frames = await decodeClip(PETS09_VIDEO, 320);
  });

  test('the whole clip played normally: no event', { timeout: 30_000 }, async () => {
    assert.equal(frames.length, 795);
    assert.deepEqual(await run(frames, schedule(frames.length), FPS), []);
  });

  test('frames skipped x4 for 10 s: one surge, raised within 2 s of the change', { timeout: 30_000 }, async () => {
    const order = schedule(frames.length, { at: CHANGE, length: 10 * FPS, step: 4 });
    const events = await run(frames, order, FPS);
    const changeMs = (CHANGE * 1000) / FPS;
    const starts = events.filter((e) => e.phase === 'start');
    assert.equal(starts.length, 1, JSON.stringify(events));
    const [start] = starts as [CrowdMovementEvent];
    assert.equal(start.kind, 'crowd_movement');
    assert.equal(start.subKind, 'surge');
    assert.ok(start.startedAt >= changeMs, `started ${start.startedAt} before the change ${changeMs}`);
    assert.ok(start.atMs - changeMs <= 2000, `raised ${start.atMs - changeMs} ms after the change`);
    const [x, y, w, h] = start.region;
    assert.ok(w > 0 && h > 0 && x + w <= 320 && y + h <= 240, `region ${start.region} in frame pixels`);
    const end = events.find((e) => e.phase === 'end');
    assert.ok(end && end.situationId === start.situationId && end.endedAt! >= changeMs + 9000);
  });
});

const UCSD = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
  datasetPath('ucsd-ped2', 'train', `Train${String(n).padStart(3, '0')}.mp4`),
);
const ucsdMissing = process.env.CI !== 'true' && !UCSD.every(existsSync) ? 'UCSD Ped2 dataset not found' : undefined;

describe('crowd movement on UCSD Ped2 normal clips', { skip: ucsdMissing }, () => {
  test('eight training clips back to back on one detector: no event', { timeout: 45_000 }, async () => {
    const det = await CrowdMovementDetector.create();
    const events: CrowdMovementEvent[] = [];
    let t0 = 0;
    for (const file of UCSD) {
      const frames = await decodeClip(file, 360);
      events.push(...(await run(frames, schedule(frames.length), 10, t0, det)));
      // A 3 s gap between clips (like a reconnect): the flow restarts instead of measuring across the cut.
      t0 += frames.length * 100 + 3000;
    }
    det.dispose();
    assert.ok(det.learnedSeconds > 60, `learned ${det.learnedSeconds} s`);
    assert.deepEqual(events, []);
  });
});
