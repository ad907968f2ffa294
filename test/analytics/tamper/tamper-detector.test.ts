// TamperDetector on synthetic frames: options schema, learning, persistence (a passing occlusion is no tamper),
// each sub-kind raised and ended, slow lighting drift ignored, a new frame size relearned.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TamperDetector, type TamperEvent } from '../../../src/analytics/tamper/tamper-detector.js';
import { TamperOptionsSchema } from '../../../src/analytics/tamper/tamper-options.js';
import type { Frame } from '../../../src/media/frames/frame.js';

const W = 320;
const H = 240;
const FPS = 5;

// A fixed textured scene (blocks, bars, gradients) with sensor noise and a walker, seen through `view`.
function scene(x: number, y: number): number {
  const bars = Math.floor(x / 23) % 2 ? 40 : 0;
  const tiles = (Math.floor(x / 41) + Math.floor(y / 37)) % 3 === 0 ? 50 : 0;
  return 60 + bars + tiles + ((x * 3 + y * 5) % 61);
}

interface View {
  gain?: number;
  dx?: number;
  dy?: number;
  fill?: number;
  blur?: number;
  walker?: boolean;
}

function frame(seq: number, v: View = {}): Frame {
  const data = new Uint8Array(W * H);
  const wx = (seq * 7) % W;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let p = 0;
      if (v.blur) {
        for (let k = -v.blur; k <= v.blur; k++) p += scene(x + k + (v.dx ?? 0), y + (v.dy ?? 0));
        p /= 2 * v.blur + 1;
      } else p = scene(x + (v.dx ?? 0), y + (v.dy ?? 0));
      if (v.walker !== false && x >= wx && x < wx + 25 && y > 100 && y < 190) p = 30;
      p = p * (v.gain ?? 1) + ((seq * 31 + x * 17 + y * 13) % 7) - 3;
      data[y * W + x] = v.fill ?? Math.max(0, Math.min(255, Math.round(p)));
    }
  }
  return { cameraId: 'cam', seq, ptsMs: (seq * 1000) / FPS, width: W, height: H, format: 'gray', data };
}

/** Feeds `seconds` of frames from `from`, the view given per frame; returns [pts, event] pairs. */
function feed(d: TamperDetector, from: number, seconds: number, view: (seq: number) => View): [number, TamperEvent][] {
  const out: [number, TamperEvent][] = [];
  for (let s = from; s < from + seconds * FPS; s++) for (const e of d.update(frame(s, view(s)))) out.push([s, e]);
  return out;
}

describe('tamper options', () => {
  test('defaults are filled, unknown keys and out-of-range values refused', () => {
    const o = TamperOptionsSchema.parse({});
    assert.equal(o.persistSeconds, 3);
    assert.equal(o.analysisWidth, 160);
    assert.throws(() => TamperOptionsSchema.parse({ persistSecs: 3 }));
    assert.throws(() => TamperOptionsSchema.parse({ defocusRatio: 2 }));
    for (const [k, f] of Object.entries(TamperOptionsSchema.shape)) assert.ok(f.description, `${k} is described`);
  });
});

describe('tamper detector on synthetic frames', () => {
  const cases: [string, View, TamperEvent['subKind']][] = [
    ['lens covered (black)', { fill: 0 }, 'covered'],
    ['lens capped (uniform gray)', { fill: 128 }, 'covered'],
    ['flooded with light', { fill: 255 }, 'blinded'],
    ['defocused', { blur: 6 }, 'defocused'],
    ['turned 15 % to the side', { dx: 48 }, 'moved'],
  ];
  for (const [name, view, want] of cases) {
    test(`${name}: raised after the persistence time, ended when the view is back`, () => {
      const d = new TamperDetector();
      assert.deepEqual(
        feed(d, 0, 10, () => ({})),
        [],
        'nothing while learning and on the normal view',
      );
      assert.ok(d.learned);
      const during = feed(d, 50, 6, () => view);
      assert.equal(during.length, 1, JSON.stringify(during));
      const [at, start] = during[0]!;
      assert.equal(start.subKind, want, JSON.stringify(start));
      assert.equal(start.phase, 'start');
      // Dated from the first tampered frame looked at (analysisFps looks a second; the edge map's short average may
      // take a look or two to move).
      const late = 600 + 1000 / d.options.analysisFps;
      assert.ok(start.startedAt >= 10_000 && start.startedAt <= 10_000 + late, `started at ${start.startedAt}`);
      assert.ok(at >= 50 + 3 * FPS && at <= 50 + 4 * FPS, `raised at frame ${at}`);
      if (want === 'moved') assert.ok(Math.abs(Number(start.details.shiftX) - 0.15) < 0.03, JSON.stringify(start));
      const after = feed(d, 80, 5, () => ({}));
      assert.equal(after.length, 1, JSON.stringify(after));
      assert.equal(after[0]![1].phase, 'end');
      assert.equal(after[0]![1].subKind, want);
      assert.ok(after[0]![0] <= 80 + 3 * FPS, 'ended within 3 s');
    });
  }

  test('a 2 s occlusion (someone passing close) and a slow lighting drift raise nothing', () => {
    const d = new TamperDetector();
    const events = [
      ...feed(d, 0, 10, () => ({})),
      ...feed(d, 50, 2, () => ({ fill: 20 })),
      // Dusk: the light falls by 40 % over a minute.
      ...feed(d, 60, 60, (s) => ({ gain: 1 - (0.4 * (s - 60)) / (60 * FPS) })),
    ];
    assert.deepEqual(events, []);
  });

  test('rebaseSeconds: a lasting new view is accepted after that long and relearned', () => {
    const d = new TamperDetector({ rebaseSeconds: 5 });
    feed(d, 0, 6, () => ({}));
    const events = feed(d, 30, 20, () => ({ dx: 48 }));
    assert.deepEqual(
      events.map(([, e]) => [e.phase, e.subKind, e.details.reason]),
      [
        ['start', 'moved', undefined],
        ['end', 'moved', 'rebased'],
      ],
    );
    assert.ok(d.learned, 'the new view is the reference now');
  });

  test('a new frame size closes an open situation and relearns', () => {
    const d = new TamperDetector({ persistSeconds: 1 });
    feed(d, 0, 6, () => ({}));
    const raised = feed(d, 30, 2, () => ({ fill: 0 }));
    assert.equal(raised[0]?.[1].phase, 'start');
    const small = { ...frame(50), width: 160, height: 120, data: new Uint8Array(160 * 120) };
    const out = d.update(small);
    assert.equal(out[0]?.phase, 'end');
    assert.equal(out[0]?.details.reason, 'resized');
    assert.equal(d.learned, false);
  });
});

describe('tamper analysis rate', () => {
  test('looks at analysisFps frames a second on average, and again at once after the clock goes back', () => {
    const d = new TamperDetector({ analysisFps: 2 });
    const looked: number[] = [];
    const features = (d as unknown as { features: { measure: (f: Frame) => unknown } }).features;
    const measure = features.measure.bind(features);
    features.measure = (f: Frame) => {
      looked.push(f.ptsMs);
      return measure(f);
    };
    const empty = (seq: number, ptsMs: number): Frame => ({ ...frame(0), seq, ptsMs });
    for (let s = 0; s < 50; s++) d.update(empty(s, s * 200)); // 10 s at 5 fps
    assert.equal(looked.length, 20, looked.join(' '));
    assert.ok(
      looked.every((t, i) => i === 0 || t - looked[i - 1]! <= 600),
      looked.join(' '),
    );
    looked.length = 0;
    d.update(empty(60, 0)); // a restarted stream's clock
    assert.deepEqual(looked, [0]);
  });
});
