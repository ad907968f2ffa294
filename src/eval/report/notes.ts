// The report's notes: how each figure was obtained, and what it says against the goals, in plain words.
import type { EvalReport, VariantMetrics } from './report-types.js';

const f3 = (v: number) => v.toFixed(3);
const pct = (v: number) => `${Math.round(100 * v)} %`;

function goals(v: VariantMetrics, base: VariantMetrics | undefined): string {
  const mota =
    v.tracking.mota >= 0.7 ? `meets MOTA ≥ 0.7 (${f3(v.tracking.mota)})` : `MISSES MOTA ≥ 0.7 (${f3(v.tracking.mota)})`;
  if (!base) return `${v.label}: ${mota}.`;
  const wins = (['ap', 'mota', 'idf1'] as const).map((k) => {
    const a = k === 'ap' ? v.detection.ap : v.tracking[k];
    const b = k === 'ap' ? base.detection.ap : base.tracking[k];
    return `${k.toUpperCase()} ${f3(a)} vs ${f3(b)}${a > b ? '' : ' (NOT better)'}`;
  });
  const speed = v.speed.fpsPerCore / Math.max(1e-9, base.speed.fpsPerCore);
  return `${v.label}: ${mota}; against the baseline ${wins.join(', ')}, ${speed.toFixed(0)}x its frames per core.`;
}

export function reportNotes(r: EvalReport): string[] {
  const v = r.variants;
  const base = v.find((x) => x.id === 'hog');
  const gated = v.find((x) => x.id === 'vigie');
  const ungated = v.find((x) => x.id === 'vigie-ungated');
  const notes = [
    'Ground truth: every row of gt.txt (MOT15), including the rows flagged "do not consider" (people behind the ' +
      'signpost); the table also gives MOTA/IDF1 without them (TrackEval convention). Boxes match at IoU ≥ 0.5.',
    `Operating point: detections ≥ ${r.settings.scoreThreshold} are trusted (tracks start at ${r.settings.scoreThreshold + 0.1}), ` +
      `weaker ones down to ${r.settings.lowScoreThreshold} only continue tracks; boxes under ${r.settings.minBoxHeightRatio} of ` +
      'the frame height are dropped. AP is computed on the detections that reached the tracker (after gating).',
    'Events: the scene rules run on the tracks; true events come from the same rules run on the ground-truth boxes. A ' +
      'predicted and a true event match when they come from the same rule, overlap in time (1 s slack) and, for ' +
      'intrusion and wrong way, concern the same person (each track id taken as the true person it follows most).',
    'Baseline: OpenCV HOG+SVM people detector (frames upscaled 2x, boxes shrunk to the body) on every frame, greedy ' +
      'IoU tracker, one thread, the same scene rules; its operating score is its SVM threshold (0 → 0.5).',
    `Speed: analysis only (decoding excluded: it is shared and measured in docs/benchmarks.md). Per-core figures use ` +
      `the process CPU time; wall-clock figures depend on what else ran on ${r.machine}.`,
  ];
  if (gated && ungated) {
    notes.push(
      `Motion gating: the detector ran on ${pct(gated.speed.detectorFrameShare)} of frames at ` +
        `${f3(gated.speed.detectorCostPerFrame)} full-frame runs per frame (crops cost less), against 1 without ` +
        `gating; MOTA ${f3(gated.tracking.mota)} vs ${f3(ungated.tracking.mota)}, IDF1 ${f3(gated.tracking.idf1)} vs ` +
        `${f3(ungated.tracking.idf1)}. PETS09 is a busy scene (people in view in every frame): quiet cameras save far more.`,
    );
  }
  for (const x of v.filter((y) => y.id !== 'hog')) notes.push(goals(x, base));
  const c = r.counting?.methods.find((m) => m.id === 'vigie');
  if (c) {
    notes.push(
      `Crowd counting by detection on ${r.counting!.dataset}: ${c.meanPredicted.toFixed(1)} people counted per image ` +
        `against ${c.meanTrue.toFixed(1)} annotated (${pct(c.ratio)}; mean bias ${c.error.bias.toFixed(1)}, MAE ` +
        `${c.error.mae.toFixed(1)}). Detection undercounts dense crowds (people occluded, heads a few pixels wide): ` +
        `it suits counts of a few people per zone, not crowd sizes. Counted share by crowd size: ${bands(c.images)}.`,
    );
  }
  const dense = r.counting?.methods.find((m) => m.id === 'dense');
  const constant = r.counting?.methods.find((m) => m.id === 'constant');
  if (dense && constant) {
    const half = (m: typeof dense, h: 'A' | 'B') => `${m.halves[h].mae.toFixed(1)} (${m.halves[h].bias.toFixed(1)})`;
    const beats = dense.halves.B.mae < constant.halves.B.mae ? 'beats' : 'DOES NOT beat';
    notes.push(
      `Dense count (tiles, counting score; settings chosen on half A): MAE (bias) ${half(dense, 'A')} on A, ` +
        `${half(dense, 'B')} on held-out B; always answering the other half's mean: ${half(constant, 'A')} and ` +
        `${half(constant, 'B')}, so the dense count ${beats} the constant on held-out images. ` +
        `${dense.msPerImage.toFixed(0)} ms per image against ${c ? c.msPerImage.toFixed(0) : '?'} for one run.`,
    );
  }
  for (const a of r.accessCopy?.cases ?? []) {
    const g = r.accessCopy!.goals;
    const ok = (v: number, goal: number) => (v >= goal ? `meets ≥ ${goal}` : `MISSES ≥ ${goal}`);
    notes.push(
      `Access copy, requester picked in the ${a.half} half (person ${a.requesterId}; ${a.half === 'first' ? 'the half the copy settings were tuned on' : 'held out'}): ` +
        `clear on ${f3(a.requesterClearShare)} of the ${a.requesterFrames} pictures the tracker had them (${ok(a.requesterClearShare, g.requesterClear)}), ` +
        `the others hidden on ${f3(a.othersCoveredShare)} of ${a.otherPersonFrames} person-frames (${ok(a.othersCoveredShare, g.othersCovered)}). ` +
        'The requester is kept clear only between crossings (where the tracker may swap two people): a copy fails closed there.',
    );
  }
  if (v.some((x) => x.speed.cachedShare > 0)) {
    notes.push(
      'Some detector outputs came from the detection cache (--cache): speed figures replay the times recorded when they were computed.',
    );
  }
  return notes;
}

/** Share of the annotated people counted, for images of up to 10, 11 to 25 and over 25 people. */
function bands(images: readonly [string, number, number][]): string {
  const out: string[] = [];
  for (const [lo, hi, name] of [
    [0, 10, '≤ 10 people'],
    [11, 25, '11-25'],
    [26, Number.POSITIVE_INFINITY, '> 25'],
  ] as const) {
    const sel = images.filter(([, t]) => t >= lo && t <= hi);
    const truth = sel.reduce((s, r) => s + r[1], 0);
    if (truth > 0) out.push(`${name}: ${pct(sel.reduce((s, r) => s + r[2], 0) / truth)} (${sel.length} images)`);
  }
  return out.join(', ');
}
