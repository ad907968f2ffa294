// Unusual situations, learned per camera: UCSD Ped2 frame-level ROC AUC, the operating point, false alarms on
// unseen normal footage (Ped2 Train013-016, PETS09's second half) and the scoring cost per frame.
// Run: npx tsx bench/unusual.ts [--fps 10]   (default 10 fps = every Ped2 frame; --fps 5 halves the work)

import { learnClip, readFrameLabels, scoreClip } from '../src/analytics/unusual/clips.js';
import { UsualModel, type UsualScore } from '../src/analytics/unusual/model.js';
import { DEFAULT_USUAL_OPTIONS } from '../src/analytics/unusual/options.js';
import { operatingPoint, rocAuc } from '../src/analytics/unusual/roc.js';
import { datasetPath, hasDataset } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';

const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1];
const FPS = process.argv.includes('--fps') ? Number(arg('fps')) : 10;
const PED2_FPS = 10;
const clip = (kind: 'train' | 'test', i: number) =>
  datasetPath('ucsd-ped2', kind, `${kind === 'train' ? 'Train' : 'Test'}${String(i).padStart(3, '0')}.mp4`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const opt = FPS === PED2_FPS ? {} : { fps: FPS };
// Experiments only: UNUSUAL_OPTIONS='{"margin":1.5}' overrides settings (the figures use the defaults).
const settings = JSON.parse(process.env.UNUSUAL_OPTIONS ?? '{}');

async function learned(trains: number[]): Promise<UsualModel> {
  const m = await UsualModel.create('ped2', settings);
  for (const i of trains) await learnClip(m, clip('train', i), opt);
  m.finalize();
  return m;
}

/** Smoothed scores of Test001-006 with their labels (the resampled frame's label is the nearest source frame's). */
async function testScores(m: UsualModel) {
  const perClip: { name: string; scores: number[]; labels: number[]; ms: number }[] = [];
  for (const i of range(1, 6)) {
    const labels = readFrameLabels(clip('test', i).replace('.mp4', '.labels.txt'));
    const t0 = performance.now();
    const s = await scoreClip(m, clip('test', i), opt);
    const ms = performance.now() - t0;
    const l = s.map((x) => labels[Math.min(labels.length - 1, Math.round((x.ptsMs * PED2_FPS) / 1000))]!);
    perClip.push({ name: `Test${String(i).padStart(3, '0')}`, scores: s.map((x) => x.score), labels: l, ms });
  }
  return perClip;
}

const alarms = (s: UsualScore[]) => s.filter((x) => x.alarmStarted).map((x) => x.seq);
const f3 = (x: number) => x.toFixed(3);

async function main(): Promise<void> {
  if (!hasDataset('ucsd-ped2')) throw new Error('UCSD Ped2 not found beside the checkout (../shared/datasets)');
  console.log(`# unusual: UCSD Ped2 at ${FPS} fps, analysis ${DEFAULT_USUAL_OPTIONS.width} px wide`);
  // 1. Learn on all 16 training clips: AUC, frames pooled.
  const all = await learned(range(1, 16));
  const t = await testScores(all);
  const pooled = rocAuc(
    t.flatMap((c) => c.scores),
    t.flatMap((c) => c.labels),
  );
  console.log(`AUC pooled Test001-006 (learned Train001-016): ${f3(pooled)}`);
  for (const c of t) console.log(`  ${c.name} AUC ${c.labels.some((l) => !l) ? f3(rocAuc(c.scores, c.labels)) : '-'}`);
  // 2. Learn on Train001-012: threshold, false alarms on Train013-016, recall on the test clips.
  const m = await learned(range(1, 12));
  const cal = m.calibration!;
  console.log(
    `threshold ${f3(m.threshold)} (held-out learning scores: median ${f3(cal.median)}, q99 ${f3(cal.q99)}, ` +
      `q99.9 ${f3(cal.q999)}, max ${f3(cal.max)}, ${cal.frames} frames)`,
  );
  for (const i of range(13, 16)) {
    const s = await scoreClip(m, clip('train', i), opt);
    const max = Math.max(...s.map((x) => x.score));
    console.log(
      `  Train${String(i).padStart(3, '0')} (unseen normal): max ${f3(max)}, alarms at ${JSON.stringify(alarms(s))}`,
    );
  }
  const t12 = await testScores(m);
  const sc = t12.flatMap((c) => c.scores);
  const lb = t12.flatMap((c) => c.labels);
  const op = operatingPoint(sc, lb, m.threshold);
  console.log(
    `AUC pooled (learned Train001-012): ${f3(rocAuc(sc, lb))}; at the threshold: frame recall ${f3(op.recall)}, FPR ${f3(op.fpr)}`,
  );
  const frames = t12.reduce((n, c) => n + c.scores.length, 0);
  const ms = t12.reduce((n, c) => n + c.ms, 0);
  console.log(`cost: ${(ms / frames).toFixed(2)} ms per frame (decode at 180 px + flow + features + score)`);
  await pets(FPS);
}

// PETS09-S2L1 (7 fps): learn on the first half, no alarm expected on the second half.
async function pets(fps: number): Promise<void> {
  if (!hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4')) return console.log('PETS09: dataset missing, skipped');
  const m = await UsualModel.create('pets09', settings);
  const src = new FrameSource({
    cameraId: 'pets09',
    input: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4'),
    width: 180,
    fps: Math.min(fps, 7),
  });
  const out: UsualScore[] = [];
  let scoreMs = 0;
  for await (const f of src.frames()) {
    if (f.seq < 398) m.learn(f);
    else {
      if (!m.ready) m.finalize();
      const t0 = performance.now();
      out.push(m.score(f));
      scoreMs += performance.now() - t0;
    }
  }
  const max = Math.max(...out.map((x) => x.score));
  console.log(
    `PETS09 second half: threshold ${f3(m.threshold)}, max ${f3(max)}, alarms at ${JSON.stringify(alarms(out))}; ` +
      `score() ${(scoreMs / out.length).toFixed(2)} ms/frame`,
  );
}

await main();
