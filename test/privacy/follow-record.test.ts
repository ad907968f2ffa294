// The access copy's pure parts: which track a click means, the stretch a pick keeps clear (stopping where the
// requester touches someone, since the tracker may swap them there), and the cells the copy clears and hides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearCells } from '../../src/analytics/privacy/blur-cells.js';
import { CopyBlurrer, copyCellSize } from '../../src/analytics/privacy/copy-blurrer.js';
import {
  boxUnder,
  crossing,
  type FollowFrame,
  type FollowRecord,
  keptOn,
  presenceOf,
  stretchAround,
} from '../../src/analytics/privacy/follow-record.js';
import { cellGrid } from '../../src/media/frames/pixelate.js';

/** 10 pictures at 10 fps: track 1 walks right; track 2 stands at x=60, touched by track 1 from picture 6 on. */
function record(): FollowRecord {
  const frames: FollowFrame[] = Array.from({ length: 10 }, (_, i) => ({
    o: i * 100,
    x: [
      { t: 1, c: 'person', b: [i * 6, 10, 10, 30] },
      { t: 2, c: 'person', b: [60, 10, 10, 30] },
      ...(i === 3 ? [{ t: 0, c: 'car', b: [0, 50, 40, 20] as [number, number, number, number] }] : []),
    ],
  }));
  return {
    cameraId: 'c',
    planKey: '',
    covered: [{ fromMs: 1_000_000, toMs: 1_001_000, offsetMs: 0 }],
    width: 100,
    height: 100,
    fps: 10,
    frames,
    madeAt: '',
  };
}

test('a click means the smallest tracked box under it; a box, the one it overlaps most', () => {
  const f: FollowFrame = {
    o: 0,
    x: [
      { t: 1, c: 'person', b: [0, 0, 50, 50] },
      { t: 2, c: 'person', b: [10, 10, 10, 10] },
      { t: 0, c: 'person', b: [12, 12, 4, 4] },
    ],
  };
  assert.equal(boxUnder(f, { point: [15, 15] })?.t, 2, 'the nearest person in front, untracked boxes ignored');
  assert.equal(boxUnder(f, { point: [40, 40] })?.t, 1);
  assert.equal(boxUnder(f, { point: [90, 90] }), undefined);
  assert.equal(boxUnder(f, { box: [0, 0, 45, 45] })?.t, 1);
  assert.equal(boxUnder(f, { box: [80, 80, 5, 5] }), undefined, 'no overlap: no one');
});

test('a pick keeps the requester clear up to where they touch someone, both ways from the picture clicked', () => {
  const rec = record();
  assert.equal(crossing(rec.frames[2]!, 1), false);
  assert.equal(crossing(rec.frames[9]!, 1), true);
  const s = stretchAround(rec, 1, 2);
  // Track 1 touches track 2 (x 60..70) once its box reaches 51: picture 9 (x 54). Pictures 0-8 are kept.
  assert.equal(s.fromMs, 1_000_000);
  assert.equal(s.toMs, 1_000_800 + 50);
  const pick = {
    trackId: 1,
    segments: [{ from: new Date(s.fromMs).toISOString(), to: new Date(s.toMs).toISOString() }],
  };
  assert.deepEqual(
    rec.frames.map((_, i) => keptOn(rec, i, [pick]).length),
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
  );
  assert.deepEqual(presenceOf(rec, 2), [{ fromMs: 1_000_000, toMs: 1_001_000 }], 'presence: the whole window');
  // Segments set by hand: only where they say.
  const manual = {
    trackId: 1,
    segments: [{ from: new Date(1_000_200).toISOString(), to: new Date(1_000_400).toISOString() }],
  };
  assert.deepEqual(
    rec.frames.map((_, i) => keptOn(rec, i, [manual]).length),
    [0, 0, 1, 1, 0, 0, 0, 0, 0, 0],
  );
});

test('the copy hides the others and what moves, clears the requester, and counts what it hid', () => {
  assert.equal(copyCellSize(768, 576), 16);
  assert.equal(copyCellSize(1920, 1080), 30);
  const g = cellGrid(64, 64, 16);
  g.cells.fill(1);
  clearCells(g, [10, 0, 30, 16], 0.2);
  // Cells 0 (6 px of 16 inside: 37 %), 1 (whole), 2 (8 px: 50 %) cleared; 3 untouched.
  assert.deepEqual([...g.cells.subarray(0, 4)], [0, 0, 0, 1]);
  const w = 64;
  const h = 64;
  const data = new Uint8Array((w * h * 3) / 2);
  for (let i = 0; i < w * h; i++) data[i] = (i * 37) % 251; // detail everywhere
  const frame = { cameraId: 'c', seq: 0, ptsMs: 0, width: w, height: h, format: 'yuv420p' as const, data };
  const blur = new CopyBlurrer({ hideMotion: false, cellPx: 16 });
  const r = blur.apply(
    frame,
    [
      { cls: 'person', box: [0, 0, 20, 20] },
      { cls: 'car', box: [32, 0, 32, 64] },
    ],
    [[0, 40, 16, 16]],
  );
  assert.deepEqual(r.hidden, { person: 1, car: 1 });
  assert.equal(r.kept, true);
  const flat = (x0: number, y0: number) => {
    const v = data[y0 * w + x0];
    for (let y = y0; y < y0 + 16; y++) for (let x = x0; x < x0 + 16; x++) if (data[y * w + x] !== v) return false;
    return true;
  };
  assert.ok(flat(0, 0), 'the other person is flat');
  assert.ok(!flat(32, 0) && flat(32, 48), "the car's upper half keeps its detail, its plate band is flat");
  assert.ok(!flat(0, 48), 'the requester is clear');
  blur.close();
});
