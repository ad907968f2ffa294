import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Homography } from '../../../src/analytics/geometry/homography.js';
import type { TrackerDetection } from '../../../src/analytics/track/track-types.js';
import { Tracker } from '../../../src/analytics/track/tracker.js';

const FPS = 7;

function person(cx: number, bottom: number, h: number, score = 0.9, cls = 'person'): TrackerDetection {
  return { cls, score, box: [cx - h * 0.2, bottom - h, h * 0.4, h] };
}

/** Runs frames of detections at FPS; returns the tracks of every frame. */
function run(tracker: Tracker, frames: TrackerDetection[][], fps = FPS) {
  return frames.map((dets, k) => tracker.update(dets, (k * 1000) / fps));
}

test('two people crossing paths keep their ids', () => {
  // A walks right, B walks left at the same height; they overlap for a few frames mid-way.
  const frames = Array.from({ length: 40 }, (_, k) => [person(100 + 12 * k, 400, 100), person(580 - 12 * k, 405, 96)]);
  const out = run(new Tracker(), frames);
  const idOf = (k: number, goingRight: boolean) => out[k]!.find((t) => t.velocity.vx > 0 === goingRight)?.id;
  const a = idOf(5, true);
  const b = idOf(5, false);
  assert.ok(a !== undefined && b !== undefined && a !== b);
  for (let k = 5; k < 40; k++) {
    assert.equal(out[k]!.length, 2, `frame ${k}: ${out[k]!.length} tracks`);
    assert.equal(idOf(k, true), a, `frame ${k}: the walker going right changed id`);
    assert.equal(idOf(k, false), b, `frame ${k}: the walker going left changed id`);
  }
});

test('a track needs confirmHits hits before it is reported; ids are 1, 2, 3…', () => {
  const t = new Tracker({ confirmHits: 3 });
  const frames = Array.from({ length: 4 }, (_, k) => [person(100 + 5 * k, 300, 80), person(400, 300, 80)]);
  const out = run(t, frames);
  assert.deepEqual(
    out.map((f) => f.length),
    [0, 0, 2, 2],
  );
  assert.deepEqual(out[3]!.map((x) => x.id).sort(), [1, 2]);
});

test('a missed detection does not break the track; lost tracks expire after maxLostMs whatever the fps', () => {
  for (const fps of [5, 25]) {
    const t = new Tracker({ maxLostMs: 1000 });
    const walk = (k: number) => [person(100 + (60 * k) / fps, 300, 80)];
    const frames: TrackerDetection[][] = [];
    for (let k = 0; k < 3 * fps; k++) frames.push(k >= fps && k < 1.6 * fps ? [] : walk(k)); // 0.6 s gap
    const out = run(t, frames, fps);
    const ids = new Set(out.flat().map((x) => x.id));
    assert.deepEqual([...ids], [1], `${fps} fps: ids ${[...ids]}`);
    // After a gap longer than maxLostMs, the person comes back as a new track.
    const t2 = new Tracker({ maxLostMs: 1000 });
    const frames2 = frames.map((f, k) => (k >= fps && k < 2.5 * fps ? [] : f));
    const ids2 = new Set(
      run(t2, frames2, fps)
        .flat()
        .map((x) => x.id),
    );
    assert.deepEqual([...ids2], [1, 2], `${fps} fps after a long gap: ids ${[...ids2]}`);
  }
});

test('low-score detections keep a track alive but never start one', () => {
  const t = new Tracker();
  const frames = Array.from({ length: 12 }, (_, k) => [person(100 + 10 * k, 300, 80, k < 4 ? 0.9 : 0.25)]);
  for (const f of frames) f.push(person(500, 300, 80, 0.3)); // a weak detection, never confident
  const out = run(t, frames);
  assert.deepEqual(
    out.slice(2).map((f) => f.map((x) => x.id)),
    Array(10).fill([1]),
  );
  assert.ok(out[11]![0]!.score < 0.3);
});

test('at 5 fps a person hidden for one frame, then weakly detected, keeps their track (lowScoreResumeMs)', () => {
  // Walks right; confident for 5 frames, missed in frame 5 (hidden), then half visible: scored 0.3 from frame 6.
  const frames = Array.from({ length: 12 }, (_, k) =>
    k === 5 ? [] : [person(100 + 10 * k, 300, 80, k < 5 ? 0.9 : 0.3)],
  );
  const resumed = run(new Tracker(), frames, 5);
  assert.deepEqual(
    resumed.slice(6).map((f) => f.map((x) => [x.id, x.timeSinceUpdateMs])),
    Array(6).fill([[1, 0]]),
    'the weak detections continue track 1',
  );
  const byteTrack = run(new Tracker({ lowScoreResumeMs: 0 }), frames, 5);
  assert.deepEqual(
    byteTrack.slice(7).map((f) => f.length),
    Array(5).fill(0),
    'previous frame only: the track stays lost and is no longer reported',
  );
});

test('classes are tracked separately: a car never continues a person track', () => {
  const t = new Tracker();
  const frames = Array.from({ length: 8 }, (_, k) => [k < 4 ? person(200, 300, 80) : person(200, 300, 80, 0.9, 'car')]);
  const out = run(t, frames);
  assert.equal(out[3]![0]!.cls, 'person');
  assert.equal(out[7]![0]!.cls, 'car');
  assert.notEqual(out[7]![0]!.id, out[3]![0]!.id);
});

test('minBoxHeight drops small detections relative to the frame height', () => {
  assert.throws(() => new Tracker({ minBoxHeight: 0.05 }), /frameHeight/);
  const t = new Tracker({ minBoxHeight: 0.05, frameHeight: 576 });
  const out = run(
    t,
    Array.from({ length: 4 }, () => [person(100, 300, 20), person(400, 300, 60)]),
  );
  assert.deepEqual(
    out[3]!.map((x) => x.box[3] > 50),
    [true],
  );
});

test('velocity in px/s and, with a homography, speed in m/s and heading', () => {
  // Ground = image / 50 (a top-down camera, 50 px per metre), so 70 px/s is 1.4 m/s.
  const h = Homography.fromPointPairs([
    { image: [0, 0], ground: [0, 0] },
    { image: [500, 0], ground: [10, 0] },
    { image: [500, 500], ground: [10, 10] },
    { image: [0, 500], ground: [0, 10] },
  ]);
  const t = new Tracker({ homography: h });
  const out = run(
    t,
    Array.from({ length: 30 }, (_, k) => [person(100 + (70 * k) / FPS, 300, 80)]),
  );
  const last = out[29]![0]!;
  assert.ok(Math.abs(last.velocity.vx - 70) < 3, `vx ${last.velocity.vx}`);
  assert.ok(Math.abs(last.speedPxPerS - 70) < 3);
  assert.ok(Math.abs(last.ground!.speedMps - 1.4) < 0.06, `speed ${last.ground!.speedMps} m/s`);
  assert.ok(last.ground!.headingDeg < 3 || last.ground!.headingDeg > 357, `heading ${last.ground!.headingDeg}`);
  assert.equal(last.timeSinceUpdateMs, 0);
  assert.equal(last.ageFrames, 30);
  assert.equal(last.hits, 30);
});

test('time must not go backwards', () => {
  const t = new Tracker();
  t.update([], 1000);
  assert.throws(() => t.update([], 999), /backwards/);
});

test('after an occlusion with a change of pace, the uncertainty buffer still recognises the person', () => {
  // Walks right at 80 px/s, hidden for 8 frames (1.1 s) during which they slow to 40 px/s: on reappearing they are
  // ~45 px (more than a box width) behind the prediction, so plain IoU is 0.
  const frames: TrackerDetection[][] = [];
  let x = 100;
  for (let k = 0; k < 30; k++) {
    x += (k < 10 ? 80 : 40) / FPS;
    frames.push(k >= 10 && k < 18 ? [] : [person(x, 400, 100)]);
  }
  const ids = (buffer: number) =>
    new Set(
      run(new Tracker({ uncertaintyBuffer: buffer }), frames)
        .flat()
        .map((t) => t.id),
    );
  assert.deepEqual([...ids(1)], [1]);
  assert.deepEqual([...ids(0)], [1, 2], 'without the buffer the person comes back under a new id');
});

test('per-class noise applies to that class only', () => {
  const t = new Tracker({ classNoise: { car: { acceleration: 2 } } });
  const out = run(
    t,
    Array.from({ length: 5 }, (_, k) => [person(100 + 10 * k, 300, 80), person(400 + 10 * k, 300, 80, 0.9, 'car')]),
  );
  assert.deepEqual(out[4]!.map((x) => x.cls).sort(), ['car', 'person']);
});

test('predict() carries tracks over frames the detector skipped: boxes move on, nothing is lost or confirmed', () => {
  const t = new Tracker();
  // The walker moves 5 px a frame (a third of its width between detections: a new track can still be matched).
  const walk = (k: number) => [person(100 + 5 * k, 300, 80)];
  let last: ReturnType<Tracker['update']> = [];
  // Detections on even frames only, as with detectEvery: 2.
  for (let k = 0; k < 20; k++) last = k % 2 === 0 ? t.update(walk(k), (k * 1000) / FPS) : t.predict((k * 1000) / FPS);
  assert.equal(last.length, 1);
  assert.equal(last[0]!.id, 1);
  const cx = last[0]!.box[0] + last[0]!.box[2] / 2;
  assert.ok(Math.abs(cx - (100 + 5 * 19)) < 3, `predicted centre ${cx.toFixed(1)}, walker at ${100 + 5 * 19}`);
  assert.ok(last[0]!.timeSinceUpdateMs! > 0, 'a predicted box says it was not measured');
  // A tentative track is neither confirmed nor killed by predictions.
  const t2 = new Tracker({ confirmHits: 2 });
  const still = [person(400, 300, 80)];
  t2.update(still, 0);
  assert.deepEqual(t2.predict(100), []);
  assert.equal(t2.update(still, 200).length, 1, 'confirmed by its second real hit');
  assert.throws(() => t2.predict(100), /backwards/);
});

test('a track kept alive by weak detections alone is hidden, not ended; confident ones show it again', () => {
  // A person stops on a spot; the detector then half-believes what stands there (0.2) for 4 s, then is sure again.
  const scores = [...Array(10).fill(0.9), ...Array(28).fill(0.2), ...Array(10).fill(0.9)];
  const frames = scores.map((s) => [person(300, 400, 100, s)]);
  const shown = run(new Tracker({ shownScore: 0.4, shownScoreTauMs: 2000 }), frames);
  const all = run(new Tracker(), frames);
  const ids = (k: number) => shown[k]!.map((t) => t.id);
  const first = ids(9);
  assert.equal(first.length, 1);
  assert.deepEqual(ids(12), first, 'a moment of weak detections does not hide it');
  assert.deepEqual(ids(37), [], 'after 4 s of weak detections alone it is hidden');
  assert.equal(all[37]!.length, 1, 'shownScore 0 still reports it');
  const back = shown.slice(38).findIndex((f) => f.length === 1);
  assert.ok(back >= 0 && back <= 8, `shown again ${back} frames after confident detections`);
  assert.deepEqual(ids(47), first, 'the same track, not a new one');
});
