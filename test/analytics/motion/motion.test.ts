import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectedComponents } from '../../../src/analytics/motion/components.js';
import { downscaleGray } from '../../../src/analytics/motion/downscale.js';
import { close, dilate, erode, open } from '../../../src/analytics/motion/morphology.js';
import { MotionDetector } from '../../../src/analytics/motion/motion-detector.js';
import { gatedPixels, MotionGate, mergeBoxes } from '../../../src/analytics/motion/motion-gate.js';
import { openCvLoadMs } from '../../../src/analytics/motion/opencv.js';
import type { Frame } from '../../../src/media/frames/frame.js';

const W = 640;
const H = 360;
const WARM = 20;
/**
 * A textured static scene; from frame WARM on, a bright 40x40 square moves 8 px right per frame from x=100
 * (10 fps). The models first see the empty scene, as a camera mostly does.
 */
function scene(seq: number, square = seq >= WARM): Frame {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) data[y * W + x] = 60 + (((x >> 3) + (y >> 3)) % 2) * 40 + ((x * 7 + y * 13) % 5);
  if (square) {
    const x0 = 100 + Math.max(0, seq - WARM) * 8;
    for (let y = 150; y < 190; y++) data.fill(230, y * W + x0, y * W + x0 + 40);
  }
  return { cameraId: 'syn', seq, ptsMs: seq * 100, width: W, height: H, format: 'gray', data };
}

describe('motion building blocks', () => {
  test('area downscale averages, and reduces rgb24 to luma', () => {
    const g: Frame = {
      cameraId: 'x',
      seq: 0,
      ptsMs: 0,
      width: 4,
      height: 2,
      format: 'gray',
      data: Uint8Array.from([0, 100, 200, 0, 100, 100, 0, 0]),
    };
    assert.deepEqual([...downscaleGray(g, 2, 1).data], [75, 50]);
    const rgb: Frame = { ...g, width: 1, height: 1, format: 'rgb24', data: Uint8Array.from([255, 255, 255]) };
    assert.deepEqual([...downscaleGray(rgb, 1, 1).data], [255]);
  });

  test('opening removes specks, closing joins parts, components give boxes and areas', () => {
    const w = 20;
    const h = 10;
    const m = new Uint8Array(w * h);
    m[0] = 1; // a speck
    for (let y = 2; y < 8; y++) for (let x = 3; x < 12; x++) if (x !== 7) m[y * w + x] = 1; // a blob split by a 1-px gap
    for (let y = 4; y < 7; y++) for (let x = 16; x < 20; x++) m[y * w + x] = 1; // 4 px away: stays apart
    const cleaned = close(open(m, w, h, 1), w, h, 1);
    const blobs = connectedComponents(cleaned, w, h);
    assert.deepEqual(
      blobs.map((b) => b.box),
      [
        [3, 2, 9, 6],
        [16, 4, 4, 3],
      ],
    );
    assert.deepEqual(
      blobs.map((b) => b.area),
      [54, 12],
    );
    assert.equal(connectedComponents(cleaned, w, h, 20).length, 1, 'minimum area');
  });

  test('dilation and erosion match a brute-force reference (any width, radius, borders)', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let t = 0; t < 40; t++) {
      const w = t % 2 ? 4 * (1 + Math.floor(rnd() * 8)) : 3 + Math.floor(rnd() * 30);
      const h = 3 + Math.floor(rnd() * 20);
      const r = 1 + Math.floor(rnd() * 3);
      const m = new Uint8Array(w * h).map(() => (rnd() < 0.6 ? 1 : 0));
      for (const dil of [true, false]) {
        const got = dil ? dilate(m, w, h, r) : erode(m, w, h, r);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            let any = 0;
            let all = 1;
            for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
              for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                any |= m[yy * w + xx]!;
                all &= m[yy * w + xx]!;
              }
            }
            assert.equal(got[y * w + x], dil ? any : all, `${dil ? 'dilate' : 'erode'} ${w}x${h} r${r} at ${x},${y}`);
          }
        }
      }
    }
  });

  test('merging keeps crops compact: side-by-side boxes merge, far corners of an L do not', () => {
    assert.deepEqual(
      mergeBoxes([
        [0, 0, 10, 10],
        [5, 0, 10, 10],
      ]),
      [[0, 0, 15, 10]],
    );
    assert.equal(
      mergeBoxes([
        [0, 0, 100, 10],
        [90, 0, 10, 100],
      ]).length,
      2,
    );
    assert.equal(
      mergeBoxes([
        [0, 0, 10, 10],
        [20, 20, 5, 5],
      ]).length,
      2,
    );
  });
});

for (const model of ['sigma-delta', 'mog2'] as const) {
  describe(`motion on a synthetic moving square (${model})`, () => {
    test('one region around the square, in full-frame pixels; none on a still scene', {
      timeout: 30_000,
    }, async (t) => {
      const md = await MotionDetector.create({ model });
      if (model === 'mog2') t.diagnostic(`opencv-js loaded in ${openCvLoadMs.toFixed(0)} ms`);
      for (let seq = 0; seq < WARM + 10; seq++) {
        const r = md.detect(scene(seq));
        if (seq < WARM) {
          if (seq > 0) assert.equal(r.regions.length, 0, `empty scene, frame ${seq}`);
          continue;
        }
        assert.equal(r.regions.length, 1, `frame ${seq}: ${r.regions.length} regions`);
        const [x, y, w, h] = r.regions[0]!.box;
        const sx = 100 + (seq - WARM) * 8;
        // Most of the square (MOG2 learns a uniform interior fast: its leading part), maybe with a short trail.
        const inter = Math.max(0, Math.min(x + w, sx + 40) - Math.max(x, sx));
        assert.ok(inter >= 20 && x + w >= sx + 36, `frame ${seq}: x ${x}..${x + w} vs square ${sx}..${sx + 40}`);
        assert.ok(y <= 154 && y + h >= 186 && h <= 60, `frame ${seq}: y ${y}..${y + h}`);
        assert.ok(x >= sx - 40 && w <= 100, `frame ${seq}: box ${x},${w} too loose`);
        assert.ok(r.score > 0.002 && r.score < 0.05, `score ${r.score}`);
      }
      md.close();
      const still = await MotionDetector.create({ model });
      for (let seq = 0; seq < 30; seq++) {
        const r = still.detect(scene(seq, false));
        assert.equal(r.regions.length, 0, `still scene, frame ${seq}`);
        assert.equal(r.score, 0);
      }
      still.close();
    });
  });
}

describe('ghosts (sigma-delta)', () => {
  test('an object present in the first frame that leaves does not leave a lasting ghost', () => {
    const md = MotionDetector.sigmaDelta({ sigmaDelta: { absorbMs: 2000 } });
    const counts: number[] = [];
    for (let seq = 0; seq < 60; seq++) {
      // The square sits at x=100 in frame 0 only, then is gone: its old place is a ghost for the model.
      counts.push(md.detect(scene(seq, seq === 0)).regions.length);
    }
    assert.equal(counts[1], 1, 'the ghost shows at first');
    assert.ok(
      counts.slice(30).every((c) => c === 0),
      `ghost lingered: ${counts.join('')}`,
    );
  });
});

describe('motion gate', () => {
  test('first frame in full, then padded crops, hold after motion stops, none, periodic refresh', () => {
    const gate = new MotionGate({ refreshMs: 10_000, holdMs: 1_000, padShare: 0.25, minCropPx: 64 });
    const motion = (boxes: [number, number, number, number][]) => ({
      score: boxes.length ? 0.01 : 0,
      regions: boxes.map((box) => ({ box, area: box[2] * box[3] })),
      width: W,
      height: H,
    });
    assert.deepEqual(gate.decide(motion([]), 0), { kind: 'full', reason: 'first' });
    const d = gate.decide(motion([[100, 100, 40, 80]]), 100);
    assert.deepEqual(d, { kind: 'regions', regions: [[80, 80, 80, 120]], held: false });
    assert.equal(gatedPixels(d, W, H), 80 * 120);
    assert.deepEqual(
      gate.decide(motion([[5, 5, 4, 4]]), 200),
      { kind: 'regions', regions: [[0, 0, 64, 64]], held: false },
      'min size, clamped',
    );
    assert.deepEqual(gate.decide(motion([]), 900), { kind: 'regions', regions: [[0, 0, 64, 64]], held: true });
    assert.deepEqual(gate.decide(motion([]), 1500), { kind: 'none' });
    assert.deepEqual(gate.decide(motion([[0, 0, 500, 300]]), 1600), { kind: 'full', reason: 'large' });
    assert.deepEqual(gate.decide(motion([]), 11_600), { kind: 'full', reason: 'refresh' });
    assert.deepEqual(gate.decide(motion([]), 11_700), { kind: 'none' });
  });
});
