import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  APPEARANCE_LENGTH,
  appearanceDistance,
  blendAppearance,
  boxAppearance,
} from '../../../src/analytics/track/appearance.js';
import type { Track, TrackerDetection } from '../../../src/analytics/track/track-types.js';
import { Tracker } from '../../../src/analytics/track/tracker.js';
import type { Frame } from '../../../src/media/frames/frame.js';
import { yuv420pToRgb24 } from '../../../src/media/frames/yuv.js';

const W = 320;
const H = 240;
type Yuv = readonly [number, number, number];
const GREY: Yuv = [128, 128, 128];
const RED: Yuv = [82, 90, 240];
const BLUE: Yuv = [41, 240, 110];
const BOX_W = 40;
const BOX_H = 100;

/** A street-grey yuv420p frame with people drawn as two-coloured rectangles (top half, bottom half). */
function frameOf(people: readonly { x: number; top: Yuv; legs: Yuv }[]): Frame {
  const data = new Uint8Array((W * H * 3) / 2);
  const put = (x: number, y: number, [yy, u, v]: Yuv) => {
    data[y * W + x] = yy;
    const c = (y >> 1) * (W >> 1) + (x >> 1);
    data[W * H + c] = u;
    data[W * H + (W * H) / 4 + c] = v;
  };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) put(x, y, GREY);
  for (const p of people) {
    for (let y = 100; y < 100 + BOX_H; y++) {
      for (let x = p.x; x < p.x + BOX_W; x++) put(x, y, y < 150 ? p.top : p.legs);
    }
  }
  return { cameraId: 'c', seq: 0, ptsMs: 0, width: W, height: H, format: 'yuv420p', data };
}

const boxAt = (x: number): [number, number, number, number] => [x, 100, BOX_W, BOX_H];

test('the colour descriptor tells clothes apart, part by part, and reads yuv420p and rgb24 alike', () => {
  const f = frameOf([
    { x: 20, top: RED, legs: BLUE },
    { x: 100, top: RED, legs: BLUE },
    { x: 180, top: BLUE, legs: RED },
    { x: 260, top: GREY, legs: GREY },
  ]);
  const [a, b, swapped, grey] = [20, 100, 180, 260].map((x) => boxAppearance(f, boxAt(x)));
  assert.equal(a!.length, APPEARANCE_LENGTH);
  assert.ok(appearanceDistance(a!, b!) < 1e-6, 'same clothes, same descriptor');
  // The same colours on the other halves of the body are another person.
  assert.ok(appearanceDistance(a!, swapped!) > 0.9, `${appearanceDistance(a!, swapped!)}`);
  assert.ok(appearanceDistance(a!, grey!) > 0.9);
  const rgb: Frame = { ...f, format: 'rgb24', data: yuv420pToRgb24(f.data, W, H) };
  const fromRgb = boxAppearance(rgb, boxAt(20));
  assert.ok(appearanceDistance(a!, fromRgb) < 0.1, `rgb24 vs yuv420p: ${appearanceDistance(a!, fromRgb)}`);
});

test('boxes reaching out of the frame are clipped; a box with no pixel has no opinion', () => {
  const f = frameOf([{ x: 0, top: RED, legs: BLUE }]);
  const inside = boxAppearance(f, boxAt(0));
  const half = boxAppearance(f, [-20, 100, BOX_W, BOX_H]);
  assert.ok(Number.isFinite(appearanceDistance(inside, half)));
  assert.ok(appearanceDistance(inside, half) < 0.2);
  const outside = boxAppearance(f, [W + 10, 100, BOX_W, BOX_H]);
  assert.ok(outside.every((v) => v === 0));
  assert.equal(appearanceDistance(inside, outside), 0.5);
});

test('a track blends its look slowly towards new sightings', () => {
  const f = frameOf([
    { x: 20, top: RED, legs: RED },
    { x: 100, top: BLUE, legs: BLUE },
  ]);
  const red = boxAppearance(f, boxAt(20));
  const blue = boxAppearance(f, boxAt(100));
  const mix = Float32Array.from(red);
  blendAppearance(mix, blue, 0.1);
  assert.ok(appearanceDistance(mix, red) < appearanceDistance(mix, blue));
});

/**
 * Two people stand side by side, then pass each other in one step (a 5 fps camera): box overlap alone pairs each
 * track with the other person, whose box moved less far; their clothes say who is who. Returns, for the tracks of
 * the red and the blue person, the colour of the detection each took at the pass (told apart by their scores).
 */
function passing(weight: number): string[] {
  // A wide search (as after a gap), so that each track may take either person.
  const tracker = new Tracker({ appearanceWeight: weight, matchIou: 0.05 });
  const SCORE = { red: 0.91, blue: 0.89 };
  const people = (redX: number, blueX: number) => {
    const f = frameOf([
      { x: redX, top: RED, legs: RED },
      { x: blueX, top: BLUE, legs: BLUE },
    ]);
    return (
      [
        [redX, SCORE.red],
        [blueX, SCORE.blue],
      ] as const
    ).map(
      ([x, score]): TrackerDetection => ({
        cls: 'person',
        score,
        box: boxAt(x),
        appearance: boxAppearance(f, boxAt(x)),
      }),
    );
  };
  let tracks: Track[] = [];
  for (let k = 0; k < 4; k++) tracks = tracker.update(people(100, 140), k * 200);
  const idAt = (x: number) => tracks.find((t) => Math.abs(t.box[0] - x) < 5)!.id;
  const [red, blue] = [idAt(100), idAt(140)];
  tracks = tracker.update(people(134, 106), 800);
  const took = (id: number) => (tracks.find((t) => t.id === id)!.score === SCORE.red ? 'red' : 'blue');
  return [took(red), took(blue)];
}

test('clothing colour keeps two people who pass each other on their own ids', () => {
  // Without colour the scene is a real trap: overlap swaps the ids (this is what the cue is for).
  assert.deepEqual(passing(0), ['blue', 'red']);
  assert.deepEqual(passing(1), ['red', 'blue']);
});
