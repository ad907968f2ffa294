// INJECTED tracks: hand-built box sequences (no video, no detector) exercising the person-on-the-ground rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroundDetector, type GroundEvent, GroundOptionsSchema } from '../../../src/analytics/fall/index.js';
import type { RuleTrack } from '../../../src/analytics/rules/rule-types.js';

const FPS = 7;
const DT = 1000 / FPS;
type Box = [number, number, number, number];
/** One track's box at time t (seconds), or undefined when absent. */
type Script = (t: number) => Box | undefined;

// Deterministic jitter (a detector's boxes wobble by a few pixels).
const wobble = (t: number, k: number) => Math.sin(t * 7.3 + k) * 1.5 + Math.sin(t * 3.1 + 2 * k) * 1;

function run(scripts: { id: number; cls?: string; s: Script }[], seconds: number, det = new GroundDetector({}, 576)) {
  const events: { t: number; e: GroundEvent }[] = [];
  for (let i = 0; i * DT <= seconds * 1000; i++) {
    const t = (i * DT) / 1000;
    const tracks: RuleTrack[] = [];
    for (const { id, cls, s } of scripts) {
      const b = s(t);
      if (b) tracks.push({ id, cls: cls ?? 'person', box: b.map((v, k) => v + wobble(t, id + k)) as Box, score: 0.8 });
    }
    for (const e of det.update(tracks, i * DT)) events.push({ t, e });
  }
  for (const e of det.flush(seconds * 1000 + DT)) events.push({ t: seconds, e });
  return events;
}

const walker =
  (x0: number, y: number, h: number, speed: number): Script =>
  (t) => [x0 + speed * h * t, y, 0.38 * h, h];
const standing = (x: number, y: number, h: number): Script => walker(x, y, h, 0);
/** Walks for `walkS` seconds, falls over 0.6 s (box rotated, bottom kept), lies still, maybe gets up at `upS`. */
function faller(walkS: number, upS = Number.POSITIVE_INFINITY): Script {
  const h = 120;
  const w = 0.38 * h;
  return (t) => {
    const x = 100 + 0.8 * h * Math.min(t, walkS);
    const bottom = 400;
    if (t < walkS || t >= upS) return [x, bottom - h, w, h];
    const k = Math.min(1, (t - walkS) / 0.6);
    const bw = w + k * (h - w);
    const bh = h + k * (w - h);
    return [x + w / 2 - bw / 2, bottom - bh, bw, bh];
  };
}

test('options: strict zod schema with defaults', () => {
  const o = GroundOptionsSchema.parse({});
  assert.equal(o.stillSeconds, 10);
  assert.deepEqual(o.classes, ['person']);
  assert.throws(() => GroundOptionsSchema.parse({ stillSecs: 3 }));
});

test('injected: people walking and standing still raise nothing', () => {
  const ev = run(
    [
      { id: 1, s: walker(0, 300, 110, 0.8) },
      { id: 2, s: walker(600, 200, 80, -0.5) },
      { id: 3, s: standing(300, 350, 120) },
      { id: 4, s: standing(420, 150, 60) },
    ],
    40,
  );
  assert.deepEqual(ev, []);
});

test('injected: a stopped car (wide box) is ignored by class', () => {
  assert.deepEqual(run([{ id: 1, cls: 'car', s: () => [200, 300, 160, 70] }], 30), []);
  assert.deepEqual(run([{ id: 2, cls: 'bicycle', s: () => [200, 300, 90, 60] }], 30), []);
});

test('injected: a fall then lying still raises one event after stillSeconds, with the fall seen', () => {
  const ev = run(
    [
      { id: 7, s: faller(5) },
      { id: 8, s: walker(0, 100, 70, 0.6) },
    ],
    30,
  );
  const starts = ev.filter((x) => x.e.phase === 'start');
  assert.equal(starts.length, 1);
  const s = starts[0]!;
  assert.deepEqual(s.e.trackIds, [7]);
  assert.equal(s.e.details.fallSeen, true);
  assert.ok(s.t >= 5 + 10 && s.t <= 5 + 12, `raised at ${s.t.toFixed(1)} s`);
  assert.ok(s.e.score >= 0.75);
  const end = ev.find((x) => x.e.phase === 'end')!;
  assert.equal(end.e.situationId, s.e.situationId);
  assert.equal(end.e.details.reason, 'stream ended');
});

test('injected: lying then getting up ends the situation; getting up before stillSeconds raises nothing', () => {
  const ev = run([{ id: 3, s: faller(4, 20) }], 30);
  assert.deepEqual(
    ev.map((x) => x.e.phase),
    ['start', 'end'],
  );
  const end = ev[1]!;
  assert.equal(end.e.details.reason, 'up again');
  assert.ok(end.t >= 20 && end.t <= 21.5, `ended at ${end.t.toFixed(1)} s`);
  assert.deepEqual(run([{ id: 4, s: faller(4, 10) }], 30), []);
});

test('injected: the track leaving ends it; a person found lying (no fall seen) still counts', () => {
  const lying: Script = (t) => (t < 25 ? [300, 380, 110, 42] : undefined);
  const walkers = [1, 2, 3].map((k) => ({ id: 10 + k, s: walker(50 * k, 280 + 20 * k, 110, 0.7) }));
  const ev = run([{ id: 9, s: lying }, ...walkers], 35);
  assert.deepEqual(
    ev.map((x) => x.e.phase),
    ['start', 'end'],
  );
  assert.equal(ev[0]!.e.details.fallSeen, false);
  assert.ok(ev[0]!.e.score <= 0.75, 'no fall seen: no fall bonus');
  assert.equal(ev[1]!.e.details.reason, 'track lost');
});

test('injected: a group standing side by side in one wide box is as tall as a person standing: nothing', () => {
  const walkers = [1, 2, 3].map((k) => ({ id: 10 + k, s: walker(50 * k, 280 + 10 * k, 110, 0.7) }));
  const group: Script = () => [300, 290, 130, 110];
  assert.deepEqual(run([...walkers, { id: 20, s: group }], 40), []);
});
