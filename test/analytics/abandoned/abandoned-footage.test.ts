// Real PETS09 footage with something pasted in for 60 s by ffmpeg (t = 15..75 s, clip 90 s): a textured object on
// the road, where people keep walking past and over it, must be raised once; a still standing person, which the
// real person detector sees, must not. T is shortened to 15 s (default 30) to keep the tests fast.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { OnnxDetector } from '../../../src/analytics/detect/onnx-detector.js';
import { iouXywh } from '../helpers/models.js';
import { footageMissing, makeClip, PETS, personDetector, replay, SHANGHAI_IMG } from './footage.js';

const skip = footageMissing();
const T = 15;
const FROM = 15;
const TO = 75;
const between = `enable='between(t,${FROM},${TO})'`;
// Where the object lies on the road, in PETS09 pixels (768x576), and the same in the 320-wide decoded frames.
const OBJECT = [560, 380, 32, 40];
const SCALE = 320 / 768;
let dir = '';
let people: OnnxDetector;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'vigie-abandoned-'));
  people = await personDetector();
});

after(async () => {
  await people?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an object left on the road for 60 s: one event, raised within T + 5 s, ended once removed', {
  skip,
}, async (t) => {
  // A 32x40 crop of clothing from a ShanghaiTech street photo (a dark, textured bag-like patch).
  const [x, y, w, h] = OBJECT;
  const graph = `[1:v]crop=${w}:${h}:330:560[p];[0:v][p]overlay=${x}:${y}:${between}[v]`;
  const clip = await makeClip({ inputs: [PETS, SHANGHAI_IMG], out: join(dir, 'object.mp4'), graph, seconds: 90 });
  const r = await replay(clip, people, { staticSeconds: T });
  for (const { atMs, event: e } of r.events) t.diagnostic(`${atMs / 1000} s ${e.phase} ${JSON.stringify(e)}`);
  assert.deepEqual(
    r.events.map((e) => e.event.phase),
    ['start', 'end'],
  );
  const [start, end] = r.events;
  const delay = start!.atMs / 1000 - FROM;
  t.diagnostic(
    `raised ${delay.toFixed(1)} s after the object appeared, ended ${end!.atMs / 1000 - TO} s after removal`,
  );
  assert.ok(delay >= T && delay <= T + 5, `raised ${delay} s after it appeared`);
  assert.ok(Math.abs(start!.event.startedAt / 1000 - FROM) <= 4, `startedAt ${start!.event.startedAt}`);
  const pasted = OBJECT.map((v) => v * SCALE);
  assert.ok(iouXywh(start!.event.box, pasted) >= 0.5, `box ${start!.event.box} vs ${pasted}`);
  assert.ok(end!.atMs / 1000 > TO && end!.atMs / 1000 <= TO + 4, `ended at ${end!.atMs / 1000} s`);
  assert.equal(end!.event.details.reason, 'removed');
});

test('a person standing still for 60 s is seen by the person detector: no event', { skip }, async (t) => {
  // PETS09 person 4 as in frame 622 (gt.txt box 367,419,56x153), pasted standing on the grass on the left.
  const crop = 'trim=start_frame=621:end_frame=622,setpts=PTS-STARTPTS,crop=52:150:369:420';
  const graph = `[1:v]${crop}[p];[0:v][p]overlay=150:330:${between}[v]`;
  const clip = await makeClip({ inputs: [PETS, PETS], out: join(dir, 'person.mp4'), graph, seconds: 90 });
  const r = await replay(clip, people, { staticSeconds: T });
  t.diagnostic(`${r.detections.runs} detector runs, ${r.detections.persons} person boxes`);
  assert.deepEqual(r.events, []);
  // Control: without the person boxes the same still person is raised, so the exclusion is what keeps it quiet.
  const blind = await replay(clip, undefined, { staticSeconds: T });
  assert.ok(
    blind.events.some((e) => e.event.phase === 'start' && iouXywh(e.event.box, [62, 137, 22, 63]) >= 0.5),
    `without person boxes: ${JSON.stringify(blind.events.map((e) => e.event.box))}`,
  );
});
