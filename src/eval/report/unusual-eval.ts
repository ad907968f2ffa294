// `vigie eval --dataset ucsd-ped2`: the unusual-situation model on UCSD Ped2 — frame-level ROC AUC on Test001-006
// (frames pooled, learned on Train001-016), the operating point and false alarms on unseen normal footage
// (learned on Train001-012, scored on Train013-016). Writes report.json and a self-contained report.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { learnClip, readFrameLabels, scoreClip } from '../../analytics/unusual/clips.js';
import { UsualModel } from '../../analytics/unusual/model.js';
import { operatingPoint, rocAuc, rocCurve } from '../../analytics/unusual/roc.js';
import { datasetPath, hasDataset } from '../datasets/paths.js';
import { lineChartSvg } from '../metrics/svg-plot.js';

const NATIVE_FPS = 10;
const name = (kind: 'train' | 'test', i: number) =>
  `${kind === 'train' ? 'Train' : 'Test'}${String(i).padStart(3, '0')}`;
const clip = (kind: 'train' | 'test', i: number) => datasetPath('ucsd-ped2', kind, `${name(kind, i)}.mp4`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

export interface UnusualEvalOptions {
  out: string;
  fps?: number;
  log?: (m: string) => void;
}

async function learned(trains: number[], fps: number | undefined, log: (m: string) => void): Promise<UsualModel> {
  const m = await UsualModel.create('ucsd-ped2');
  for (const i of trains) {
    await learnClip(m, clip('train', i), fps ? { fps } : {});
    log(`learned ${name('train', i)}`);
  }
  m.finalize();
  return m;
}

async function scoredTests(m: UsualModel, fps: number | undefined) {
  const out: { clip: string; scores: number[]; labels: number[] }[] = [];
  for (const i of range(1, 6)) {
    const labels = readFrameLabels(clip('test', i).replace('.mp4', '.labels.txt'));
    const s = await scoreClip(m, clip('test', i), fps ? { fps } : {});
    // A frame kept at a lower rate is numbered as the source frame it is (seq), so it takes that frame's label.
    const l = s.map((x) => labels[Math.min(labels.length - 1, x.seq)]!);
    out.push({ clip: name('test', i), scores: s.map((x) => x.score), labels: l });
  }
  return out;
}

export async function runUnusualEval(o: UnusualEvalOptions) {
  const log = o.log ?? ((m: string) => process.stderr.write(`eval: ${m}\n`));
  if (!hasDataset('ucsd-ped2', 'test', 'Test001.mp4'))
    throw new Error(
      'UCSD Ped2 not found: the datasets live in ../shared/datasets beside the checkout (or VIGIE_DATASETS)',
    );
  const fps = o.fps && o.fps !== NATIVE_FPS ? o.fps : undefined;
  const all = await learned(range(1, 16), fps, log);
  const tests = await scoredTests(all, fps);
  all.dispose();
  const pooled = { scores: tests.flatMap((t) => t.scores), labels: tests.flatMap((t) => t.labels) };
  const auc = rocAuc(pooled.scores, pooled.labels);
  log(`AUC pooled over Test001-006: ${auc.toFixed(3)}`);
  const m = await learned(range(1, 12), fps, log);
  const unseen = [];
  for (const i of range(13, 16)) {
    const s = await scoreClip(m, clip('train', i), fps ? { fps } : {});
    unseen.push({
      clip: name('train', i),
      frames: s.length,
      maxScore: Math.max(...s.map((x) => x.score)),
      alarms: s.filter((x) => x.alarmStarted).length,
    });
  }
  const t12 = await scoredTests(m, fps);
  const sc = t12.flatMap((t) => t.scores);
  const lb = t12.flatMap((t) => t.labels);
  const op = operatingPoint(sc, lb, m.threshold);
  const unseenSeconds = unseen.reduce((n, u) => n + u.frames, 0) / (fps ?? NATIVE_FPS);
  const report = {
    createdAt: new Date().toISOString(),
    dataset: 'UCSD Ped2 (learned on Train clips only, frame-level labels of Test001-006)',
    fps: fps ?? NATIVE_FPS,
    settings: all.options,
    auc: {
      pooled: auc,
      perClip: Object.fromEntries(
        tests.map((t) => [t.clip, t.labels.some((l) => !l) ? rocAuc(t.scores, t.labels) : null]),
      ),
    },
    operatingPoint: {
      learnedOn: 'Train001-012',
      threshold: m.threshold,
      aucPooled: rocAuc(sc, lb),
      frameRecall: op.recall,
      frameFalsePositiveRate: op.fpr,
    },
    unseenNormal: {
      clips: unseen,
      alarms: unseen.reduce((n, u) => n + u.alarms, 0),
      seconds: unseenSeconds,
      falseAlarmsPerCameraHour: (3600 * unseen.reduce((n, u) => n + u.alarms, 0)) / unseenSeconds,
    },
  };
  m.dispose();
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const roc = rocCurve(pooled.scores, pooled.labels).map((p) => [p.fpr, p.tpr] as const);
  const svg = lineChartSvg(
    [
      { name: `Vigie, AUC ${auc.toFixed(3)}`, points: roc },
      {
        name: 'chance',
        points: [
          [0, 0],
          [1, 1],
        ],
      },
    ],
    {
      title: 'Frame-level ROC, UCSD Ped2 Test001-006 (pooled)',
      xLabel: 'false-positive rate',
      yLabel: 'true-positive rate',
      xRange: [0, 1],
      yRange: [0, 1],
    },
  );
  const rows = Object.entries(report.auc.perClip).map(
    ([c, a]) => `<tr><td>${c}</td><td>${a === null ? '—' : a.toFixed(3)}</td></tr>`,
  );
  writeFileSync(
    join(o.out, 'report.html'),
    `<!doctype html><meta charset="utf-8"><title>Vigie eval: unusual situations, UCSD Ped2</title>
<h1>Unusual situations on UCSD Ped2</h1><p>${report.dataset}, ${report.fps} fps. Pooled frame-level AUC <b>${auc.toFixed(3)}</b>.</p>
${svg}<table border="1"><tr><th>clip</th><th>AUC</th></tr>${rows.join('')}</table>
<p>Operating point (learned on Train001-012): threshold ${m.threshold.toFixed(3)}, frame recall ${op.recall.toFixed(3)}, false-positive rate ${op.fpr.toFixed(3)};
unseen normal Train013-016 (${unseenSeconds.toFixed(0)} s): ${report.unseenNormal.alarms} alarm(s).</p>\n`,
  );
  log(`wrote ${join(o.out, 'report.json')} and report.html`);
  return report;
}
