// The noise floor of the PETS09 event figures: the true boxes, jittered by NanoDet's measured errors and partly
// dropped, go through the same tracker, scene rules and scoring as `vigie eval` at 5 fps. What this scores short of 1
// is what box noise alone costs; the false events it keeps finding are borderline situations of the truth.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { PipelineFrame } from '../../../src/analytics/pipeline/pipeline-types.js';
import { SceneRules } from '../../../src/analytics/rules/scene-rules.js';
import type { TrackerDetection } from '../../../src/analytics/track/track-types.js';
import { Tracker } from '../../../src/analytics/track/tracker.js';
import { groupByFrame } from '../../../src/eval/metrics/mot-format.js';
import { analysedFrames } from '../../../src/eval/report/eval-pets09.js';
import { pets09ScenePath } from '../../../src/eval/report/pets09-scene.js';
import { RunRecord, scoreRun } from '../../../src/eval/report/run-metrics.js';
import { pets09Missing } from '../helpers/pets09.js';
import { PETS09_FPS, PETS09_FRAMES, PETS09_HEIGHT, PETS09_WIDTH, pets09GroundTruth } from '../track/pets09-sequence.js';
import { seededRandom } from '../track/seeded-random.js';

const SIZE = { width: PETS09_WIDTH, height: PETS09_HEIGHT };
// NanoDet 416 against PETS09's truth (matched boxes, score ≥ 0.5): std of the centre (x in widths, y in heights) and
// of the size; 9 % of true people found by no such box.
const ERR = { cx: 0.12, cy: 0.04, w: 0.18, h: 0.07, missed: 0.09 };

interface Outcome {
  precision: number;
  recall: number;
  falseEvents: { ruleId: string; trueId: number | null; startS: number }[];
}

/** Intrusion and wrong-way events of one noisy run, scored as `vigie eval --fps 5` scores the engine's. */
function noisyRun(seed: number, noise: number, detectEvery: number): Outcome {
  const gt = pets09GroundTruth('all-rows');
  const byFrame = groupByFrame(gt);
  const scene = JSON.parse(readFileSync(pets09ScenePath(), 'utf8'));
  const { uniform, normal } = seededRandom(seed);
  // The camera pipeline's tracker settings (scoreThreshold 0.5, lowScoreThreshold 0.1, maxLostSeconds 2).
  const tracker = new Tracker({ highScore: 0.5, lowScore: 0.1, newTrackScore: 0.6, maxLostMs: 2000 });
  const rules = new SceneRules(scene, SIZE);
  const run = new RunRecord();
  const picked = analysedFrames(PETS09_FRAMES, PETS09_FPS, 5);
  let lastMs = 0;
  for (const [k, frame] of picked.entries()) {
    const tMs = ((frame - 1) * 1000) / PETS09_FPS;
    const dets: TrackerDetection[] = [];
    for (const g of byFrame.get(frame) ?? []) {
      if (noise > 0 && uniform() < ERR.missed) continue;
      const [x, y, w, h] = g.box;
      const cx = x + w / 2 + noise * ERR.cx * w * normal();
      const cy = y + h / 2 + noise * ERR.cy * h * normal();
      const bw = w * Math.max(0.3, 1 + noise * ERR.w * normal());
      const bh = h * Math.max(0.3, 1 + noise * ERR.h * normal());
      dets.push({
        cls: 'person',
        score: Math.min(1, Math.max(0.15, 0.7 + 0.2 * normal())),
        box: [cx - bw / 2, cy - bh / 2, bw, bh],
      });
    }
    // As the pipeline skips: never while a newcomer is being confirmed.
    const skip = k % detectEvery !== 0 && tracker.tentativeCount === 0;
    const tracks = skip ? tracker.predict(tMs) : tracker.update(dets, tMs);
    const frameOut = { seq: frame - 1, tMs, detections: [], tracks, ruleEvents: rules.update(tracks, tMs) };
    run.add(frameOut as unknown as PipelineFrame, SIZE, 0, 0);
    lastMs = tMs;
  }
  run.events.push(...rules.flush(lastMs));
  const s = scoreRun(run, {
    gt,
    frames: PETS09_FRAMES,
    fps: PETS09_FPS,
    frameSize: SIZE,
    scene,
    operatingScore: 0.5,
    analysedFrames: picked,
  });
  const perObject = Object.entries(s.events.byRule).filter(([id]) => !/crowd/.test(id));
  const tp = perObject.reduce((a, [, m]) => a + m.tp, 0);
  const fp = perObject.reduce((a, [, m]) => a + m.fp, 0);
  const fn = perObject.reduce((a, [, m]) => a + m.fn, 0);
  const falseEvents = s.events.unmatched.predicted
    .filter((u) => !/crowd/.test(u.ruleId))
    .map((u) => ({ ruleId: u.ruleId, trueId: u.trueIds?.[0] ?? null, startS: u.startS }));
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), falseEvents };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('PETS09 events from the true boxes themselves: no false event at 5 fps', { skip: pets09Missing() }, (t) => {
  const r = noisyRun(1, 0, 1);
  t.diagnostic(`intrusion + wrong way P/R ${r.precision.toFixed(3)} / ${r.recall.toFixed(3)}`);
  assert.equal(r.precision, 1, JSON.stringify(r.falseEvents));
  // The only misses: true events too short to be seen at 5 fps out of 7.
  assert.ok(r.recall >= 0.95, `recall ${r.recall}`);
});

test('PETS09 events from true boxes with NanoDet-sized errors: the noise floor', { skip: pets09Missing() }, (t) => {
  for (const every of [1, 3]) {
    const runs = Array.from({ length: 10 }, (_, i) => noisyRun(1000 + 7919 * i, 1, every));
    const p = mean(runs.map((r) => r.precision));
    const rc = mean(runs.map((r) => r.recall));
    // False events found in at least half the runs: situations the truth itself only grazes.
    const seen = new Map<string, number>();
    for (const r of runs) {
      const keys = new Set(
        r.falseEvents.map((e) => `${e.ruleId} true id ${e.trueId} near ${Math.round(e.startS / 5) * 5} s`),
      );
      for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    const recurring = [...seen].filter(([, n]) => n >= runs.length / 2).map(([k, n]) => `${k} (${n}/${runs.length})`);
    t.diagnostic(
      `detector on 1 frame in ${every}: P/R ${p.toFixed(3)} / ${rc.toFixed(3)} (P ${Math.min(...runs.map((r) => r.precision)).toFixed(3)}-` +
        `${Math.max(...runs.map((r) => r.precision)).toFixed(3)}); recurring false events: ${recurring.join('; ') || 'none'}`,
    );
    // The tracker and rules must hold up under detector-sized noise; the margin below 1 is the metric's floor.
    assert.ok(p >= (every === 1 ? 0.9 : 0.85), `precision ${p.toFixed(3)}`);
    assert.ok(rc >= (every === 1 ? 0.93 : 0.88), `recall ${rc.toFixed(3)}`);
  }
});
