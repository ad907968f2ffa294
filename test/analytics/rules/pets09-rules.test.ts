// PETS09-S2L1: true situations derived from gt.txt for the shipped scene (zones, a gate line, rules), compared
// with what the engine reports when fed ground truth degraded like a real detector + tracker would.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RuleSituation, RuleTrack } from '../../../src/analytics/rules/rule-types.js';
import { SceneRules } from '../../../src/analytics/rules/scene-rules.js';
import { Tracker } from '../../../src/analytics/track/tracker.js';
import { groupByFrame, type MotRow, parseMot, tracksToMotRows } from '../../../src/eval/metrics/mot-format.js';
import { matchSituations } from '../../../src/eval/rules/situation-match.js';
import { majorityIdMap, sameTrackVia } from '../../../src/eval/rules/track-id-map.js';
import { runScene, situationsOf, type TrackFrame, truthSituations } from '../../../src/eval/rules/truth-events.js';
import { PETS09_DIR } from '../helpers/pets09.js';
import { seededRandom } from '../track/seeded-random.js';

const GT = join(PETS09_DIR, 'gt.txt');
const skip = existsSync(GT) ? undefined : `PETS09-S2L1 ground truth not found at ${GT} (set VIGIE_PETS09_DIR)`;
const FPS = 7;
const FRAME = { width: 768, height: 576 };
const SEEDS = [1, 2, 3];
const KINDS = ['intrusion', 'wrong_way'] as const;
const scene = JSON.parse(
  readFileSync(new URL('../../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url), 'utf8'),
);

type Box4 = [number, number, number, number];

/** Detector-like boxes: 4 % of the size of jitter per edge, 10 % missed, scores spread around 0.7. */
function degrade(gt: readonly MotRow[], seed: number) {
  const { uniform, normal } = seededRandom(seed);
  const frames = groupByFrame(gt);
  const last = Math.max(...gt.map((r) => r.frame));
  return Array.from({ length: last }, (_, i) =>
    (frames.get(i + 1) ?? []).flatMap((g) => {
      if (uniform() < 0.1) return [];
      const [x, y, w, h] = g.box;
      const box: Box4 = [
        x + 0.04 * w * normal(),
        y + 0.04 * h * normal(),
        w * (1 + 0.04 * normal()),
        h * (1 + 0.04 * normal()),
      ];
      return [{ id: g.id, cls: 'person', score: Math.min(1, Math.max(0.15, 0.7 + 0.2 * normal())), box }];
    }),
  );
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function score(
  predicted: RuleSituation[],
  truth: RuleSituation[],
  sameTrack: (p: number, t: number) => boolean,
  into: Record<string, Tally>,
) {
  for (const kind of KINDS) {
    const m = matchSituations(
      predicted.filter((s) => s.kind === kind),
      truth.filter((s) => s.kind === kind),
      { sameTrack },
    );
    into[kind] ??= { tp: 0, fp: 0, fn: 0 };
    const t = into[kind];
    t.tp += m.tp;
    t.fp += m.fp;
    t.fn += m.fn;
  }
  return matchSituations(predicted, truth, { sameTrack }).byRule;
}

function check(tallies: Record<string, Tally>, diag: (m: string) => void) {
  for (const kind of KINDS) {
    const { tp, fp, fn } = tallies[kind]!;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    diag(
      `${kind}: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} (tp ${tp} fp ${fp} fn ${fn}, ${SEEDS.length} seeds)`,
    );
    assert.ok(precision >= 0.9, `${kind} precision ${precision.toFixed(3)}`);
    assert.ok(recall >= 0.9, `${kind} recall ${recall.toFixed(3)}`);
  }
}

function perRule(byRule: ReturnType<typeof score>): string {
  return Object.entries(byRule)
    .map(([id, m]) => `${id} P ${m.precision.toFixed(2)} R ${m.recall.toFixed(2)} (${m.tp}/${m.fp}/${m.fn})`)
    .join('; ');
}

const gt = skip ? [] : parseMot(readFileSync(GT, 'utf8'));
const truth = skip ? [] : truthSituations(gt, scene, { fps: FPS, frameSize: FRAME });

test('PETS09-S2L1: the scene yields enough true situations to judge the rules', { skip }, (t) => {
  const count = (kind: string) => truth.filter((s) => s.kind === kind).length;
  t.diagnostic(
    `true situations: ${KINDS.map((k) => `${k} ${count(k)}`).join(', ')}, crowd_density ${count('crowd_density')}`,
  );
  assert.ok(count('intrusion') >= 20 && count('wrong_way') >= 20);
});

test('PETS09-S2L1: noisy ground-truth tracks with missed frames reach precision and recall ≥ 0.9', { skip }, (t) => {
  const tallies: Record<string, Tally> = {};
  for (const seed of SEEDS) {
    const { uniform } = seededRandom(seed * 7919);
    // A missed detection shows up either as nothing or, half the time, as a track coasting on its last box.
    const lastBox = new Map<number, Box4>();
    const dets = degrade(gt, seed);
    const gtByFrame = groupByFrame(gt);
    const frames: TrackFrame[] = dets.map((frameDets, i) => {
      for (const d of frameDets) lastBox.set(d.id, d.box);
      const tracks: RuleTrack[] = frameDets.map((d) => ({ ...d, timeSinceUpdateMs: 0 }));
      const seen = new Set(frameDets.map((d) => d.id));
      for (const g of gtByFrame.get(i + 1) ?? []) {
        const box = lastBox.get(g.id);
        if (!seen.has(g.id) && box && uniform() < 0.5)
          tracks.push({ id: g.id, cls: 'person', box, score: 0.5, timeSinceUpdateMs: 1000 / FPS });
      }
      return { tMs: (i * 1000) / FPS, tracks };
    });
    const predicted = situationsOf(runScene(new SceneRules(scene, FRAME), frames));
    t.diagnostic(`seed ${seed}: ${perRule(score(predicted, truth, (p, q) => p === q, tallies))}`);
  }
  check(tallies, (m) => t.diagnostic(m));
});

test('PETS09-S2L1: through the real tracker (noisy detections, 10 % missed) precision and recall ≥ 0.9', {
  skip,
}, (t) => {
  const tallies: Record<string, Tally> = {};
  for (const seed of SEEDS) {
    const tracker = new Tracker();
    const rules = new SceneRules(scene, FRAME);
    const hyp: MotRow[] = [];
    const events = degrade(gt, seed).flatMap((dets, i) => {
      const tMs = (i * 1000) / FPS;
      const tracks = tracker.update(dets, tMs);
      hyp.push(...tracksToMotRows(i + 1, tracks));
      return rules.update(tracks, tMs);
    });
    events.push(...rules.flush());
    // Tracker ids are not ground-truth ids: each is judged as the true person it follows most.
    const sameTrack = sameTrackVia(majorityIdMap(gt, hyp));
    t.diagnostic(`seed ${seed}: ${perRule(score(situationsOf(events), truth, sameTrack, tallies))}`);
  }
  check(tallies, (m) => t.diagnostic(m));
});
