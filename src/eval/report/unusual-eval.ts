// `vigie eval --dataset ucsd-ped2`: the unusual-situation analytic through the camera pipeline the centre runs
// (decoder at the camera's rate, detector, tracker, scene analytics; the default camera spec), learned on UCSD Ped2
// Train001-012 only. Frame-level ROC AUC on Test001-006 (pooled, per clip, and Test001-003 where the design was
// tuned beside Test004-006 that validate it), the operating point (recall, which abnormal clips raise an alarm), and
// alarms per camera-hour on normal footage never learned: Ped2 Train013-016, PETS09's second half learned on its first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCameraSpec } from '../../analytics/pipeline/camera-spec.js';
import { learnUnusualFiles, type ScoredFrame, scoreUnusualFiles } from '../../analytics/pipeline/unusual-files.js';
import { readFrameLabels } from '../../analytics/unusual/clips.js';
import { operatingPoint, rocAuc } from '../../analytics/unusual/roc.js';
import { datasetPath, hasDataset } from '../datasets/paths.js';
import { petsHalves } from './pets-halves.js';
import { unusualHtml } from './unusual-html.js';

const name = (kind: 'train' | 'test', i: number) =>
  `${kind === 'train' ? 'Train' : 'Test'}${String(i).padStart(3, '0')}`;
const clip = (kind: 'train' | 'test', i: number) => datasetPath('ucsd-ped2', kind, `${name(kind, i)}.mp4`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

export interface UnusualEvalOptions {
  out: string;
  /** Frames analysed per second (the camera spec's rate; 5 is the centre's default). */
  fps?: number;
  /** Leave PETS09 out (its 768x576 frames cost the most). */
  skipPets?: boolean;
  log?: (m: string) => void;
}

interface ClipResult {
  clip: string;
  frames: number;
  auc: number | null;
  /** Share of the clip's abnormal frames over the threshold. */
  recall: number;
  alarms: number;
  reasons: string[];
}

const pooledAuc = (cs: { s: number[]; l: number[] }[]) =>
  rocAuc(
    cs.flatMap((c) => c.s),
    cs.flatMap((c) => c.l),
  );

export async function runUnusualEval(o: UnusualEvalOptions) {
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  if (!hasDataset('ucsd-ped2', 'test', 'Test001.mp4'))
    throw new Error(
      'UCSD Ped2 not found: the datasets live in ../shared/datasets beside the checkout (or VIGIE_DATASETS)',
    );
  // The centre's default spec for a camera, only the rate given: what a camera with `unusual` on runs.
  const spec = parseCameraSpec({ fps: o.fps ?? 5 });
  mkdirSync(o.out, { recursive: true });
  const modelFile = join(o.out, 'ped2-model.json');
  const model = await learnUnusualFiles(
    range(1, 12).map((i) => clip('train', i)),
    spec,
    { cameraId: 'ucsd-ped2', log },
  );
  writeFileSync(modelFile, `${JSON.stringify(model)}\n`);
  const scored = await scoreUnusualFiles(
    range(1, 6).map((i) => clip('test', i)),
    spec,
    modelFile,
  );
  const tests = scored.map((r, k) => {
    const labels = readFrameLabels(clip('test', k + 1).replace('.mp4', '.labels.txt'));
    // A frame kept at a lower rate is numbered as the source frame it is (seq): it takes that frame's label.
    const l = r.frames.map((f: ScoredFrame) => labels[Math.min(labels.length - 1, f.seq)]!);
    return { clip: name('test', k + 1), s: r.frames.map((f) => f.ratio), l, events: r.events };
  });
  const perClip: ClipResult[] = tests.map((t) => {
    const starts = t.events.filter((e) => e.phase === 'start');
    return {
      clip: t.clip,
      frames: t.s.length,
      auc: t.l.some((x) => !x) && t.l.some((x) => x) ? rocAuc(t.s, t.l) : null,
      recall: operatingPoint(t.s, t.l, 1).recall,
      alarms: starts.length,
      reasons: [...new Set(starts.flatMap((e) => (e.details.reasons as string[]) ?? []))].slice(0, 6),
    };
  });
  const all = { s: tests.flatMap((t) => t.s), l: tests.flatMap((t) => t.l) };
  const op = operatingPoint(all.s, all.l, 1);
  log(`AUC pooled ${pooledAuc(tests).toFixed(3)}, recall at the threshold ${op.recall.toFixed(3)}`);
  const normal = await scoreUnusualFiles(
    range(13, 16).map((i) => clip('train', i)),
    spec,
    modelFile,
  );
  const normalClips = normal.map((r, k) => normalClip(name('train', k + 13), r.frames, r.events, spec.fps));
  const pets =
    o.skipPets || !hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? undefined : await petsNormal(o.out, spec, log);
  const report = {
    createdAt: new Date().toISOString(),
    dataset: 'UCSD Ped2, learned on Train001-012 only; frame-level labels of Test001-006',
    productPath: 'pipelineFromSpec (decoder, NanoDet detector, tracker, scene analytics) with situations.unusual on',
    spec: { fps: spec.fps, width: spec.width, pipeline: 'defaults (inputSize 416, fp32, classes person…truck)' },
    settings: model.options,
    calibration: model.calibration,
    auc: {
      pooled: pooledAuc(tests),
      tuneTest001to003: pooledAuc(tests.slice(0, 3)),
      validateTest004to006: pooledAuc(tests.slice(3)),
      perClip: Object.fromEntries(perClip.map((c) => [c.clip, c.auc])),
    },
    operatingPoint: {
      threshold: 'score ratio 1 (the model threshold, from held-out learning frames)',
      frameRecall: op.recall,
      frameFalsePositiveRate: op.fpr,
      clipsWithAlarm: perClip.filter((c) => c.alarms > 0).map((c) => c.clip),
      perClip,
    },
    unseenNormal: { ped2: summary(normalClips), ...(pets && { pets09SecondHalf: pets }) },
  };
  writeFileSync(join(o.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(o.out, 'report.html'), unusualHtml(report, all));
  log(`wrote ${join(o.out, 'report.json')} and report.html`);
  return report;
}

function normalClip(
  clip: string,
  frames: ScoredFrame[],
  events: { phase: string; details: Record<string, unknown> }[],
  fps: number,
) {
  const starts = events.filter((e) => e.phase === 'start');
  // From the frames' times (a source slower than the rate asked keeps its own: PETS09 is 7 fps): n frames span n periods.
  const n = frames.length;
  const span = n > 1 ? ((frames[n - 1]!.ptsMs - frames[0]!.ptsMs) / 1000) * (n / (n - 1)) : n / fps;
  return {
    clip,
    seconds: span,
    maxRatio: Math.max(0, ...frames.map((f) => f.ratio)),
    alarms: starts.length,
    reasons: starts.flatMap((e) => (e.details.reasons as string[]) ?? []),
  };
}

function summary(clips: ReturnType<typeof normalClip>[]) {
  const seconds = clips.reduce((n, c) => n + c.seconds, 0);
  const alarms = clips.reduce((n, c) => n + c.alarms, 0);
  return { clips, seconds, alarms, alarmsPerCameraHour: (3600 * alarms) / seconds };
}

async function petsNormal(out: string, spec: ReturnType<typeof parseCameraSpec>, log: (m: string) => void) {
  const [first, second] = await petsHalves(datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4'), out);
  const file = join(out, 'pets09-model.json');
  writeFileSync(file, `${JSON.stringify(await learnUnusualFiles([first], spec, { cameraId: 'pets09', log }))}\n`);
  const [r] = await scoreUnusualFiles([second], spec, file);
  return summary([normalClip('PETS09-S2L1 second half', r!.frames, r!.events, spec.fps)]);
}
