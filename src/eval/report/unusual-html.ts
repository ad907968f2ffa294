// The self-contained HTML page of `vigie eval --dataset ucsd-ped2` (ROC curve, per-clip table, normal footage).
import { rocCurve } from '../../analytics/unusual/roc.js';
import { lineChartSvg } from '../metrics/svg-plot.js';

interface Report {
  dataset: string;
  spec: { fps: number };
  auc: { pooled: number; tuneTest001to003: number; validateTest004to006: number };
  operatingPoint: {
    frameRecall: number;
    perClip: { clip: string; auc: number | null; recall: number; alarms: number; reasons: string[] }[];
  };
  unseenNormal: Record<string, { seconds: number; alarms: number; alarmsPerCameraHour: number }>;
}

const f3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function unusualHtml(r: Report, pooled: { s: number[]; l: number[] }): string {
  const roc = rocCurve(pooled.s, pooled.l).map((p) => [p.fpr, p.tpr] as const);
  const svg = lineChartSvg(
    [
      { name: `Vigie, AUC ${r.auc.pooled.toFixed(3)}`, points: roc },
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
  const rows = r.operatingPoint.perClip.map(
    (c) =>
      `<tr><td>${c.clip}</td><td>${f3(c.auc)}</td><td>${f3(c.recall)}</td><td>${c.alarms}</td><td>${esc(c.reasons.join('; '))}</td></tr>`,
  );
  const normal = Object.entries(r.unseenNormal).map(
    ([k, v]) =>
      `<li>${k}: ${v.seconds.toFixed(0)} s, ${v.alarms} alarm(s), ${v.alarmsPerCameraHour.toFixed(1)} per camera-hour</li>`,
  );
  return `<!doctype html><meta charset="utf-8"><title>Vigie eval: unusual situations, UCSD Ped2</title>
<h1>Unusual situations on UCSD Ped2</h1><p>${r.dataset}, ${r.spec.fps} fps, through the camera pipeline.
Pooled frame-level AUC <b>${f3(r.auc.pooled)}</b> (Test001-003 ${f3(r.auc.tuneTest001to003)}, Test004-006 ${f3(r.auc.validateTest004to006)});
frame recall at the threshold ${f3(r.operatingPoint.frameRecall)}.</p>
${svg}<table border="1"><tr><th>clip</th><th>AUC</th><th>recall at threshold</th><th>alarms</th><th>reasons</th></tr>${rows.join('')}</table>
<h2>Normal footage never learned</h2><ul>${normal.join('')}</ul>\n`;
}
