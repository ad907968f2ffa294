// report.html: one self-contained page (inline SVG, no script, no external asset) drawn from report.json alone.
import { lineChartSvg, type Series } from '../metrics/svg-plot.js';
import type { EvalReport, VariantMetrics } from './report-types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : String(v));
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

type Row = [string, (v: VariantMetrics) => string];

const ROWS: Row[] = [
  ['Person detection AP@0.5', (v) => f3(v.detection.ap)],
  [
    'Precision / recall at the operating score',
    (v) => `${f3(v.detection.precision)} / ${f3(v.detection.recall)} (≥ ${v.detection.operatingScore})`,
  ],
  ['MOTA', (v) => f3(v.tracking.mota)],
  ['MOTP (mean IoU of matches)', (v) => f3(v.tracking.motp)],
  ['IDF1', (v) => f3(v.tracking.idf1)],
  ['ID switches', (v) => String(v.tracking.idSwitches)],
  ['FP / FN boxes', (v) => `${v.tracking.fp} / ${v.tracking.fn}`],
  [
    'Mostly tracked / partly / mostly lost',
    (v) =>
      `${v.tracking.mostlyTracked} / ${v.tracking.partiallyTracked} / ${v.tracking.mostlyLost} of ${v.tracking.gtTrajectories}`,
  ],
  [
    'MOTA / IDF1, "do not consider" rows dropped',
    (v) => `${f3(v.tracking.motaDropZeroFlagged)} / ${f3(v.tracking.idf1DropZeroFlagged)}`,
  ],
  [
    'People count per frame: MAE (bias)',
    (v) => `${f3(v.counting.mae)} (${v.counting.bias >= 0 ? '+' : ''}${f3(v.counting.bias)})`,
  ],
  [
    'Events: precision / recall (tp/fp/fn)',
    (v) => `${f3(v.events.precision)} / ${f3(v.events.recall)} (${v.events.tp}/${v.events.fp}/${v.events.fn})`,
  ],
  ['Analysis fps per core (CPU time)', (v) => f1(v.speed.fpsPerCore) + (v.speed.cachedShare > 0 ? ' †' : '')],
  ['Analysis fps (wall clock)', (v) => f1(v.speed.fps) + (v.speed.cachedShare > 0 ? ' †' : '')],
  ['Frames reaching the detector', (v) => pct(v.speed.detectorFrameShare)],
  ['Detector cost per frame (full-frame runs)', (v) => f3(v.speed.detectorCostPerFrame)],
  [
    'ms per frame by stage (wall)',
    (v) =>
      Object.entries(v.speed.msPerFrame)
        .map(([k, ms]) => `${k} ${f1(ms)}`)
        .join(', '),
  ],
];

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map(
    (r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
  );
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs.join('\n')}</tbody></table>`;
}

function eventsTable(variants: VariantMetrics[]): string {
  const rules = [...new Set(variants.flatMap((v) => Object.keys(v.events.byRule)))].sort();
  const rows = rules.map((rule) => [
    rule,
    ...variants.map((v) => {
      const m = v.events.byRule[rule];
      return m ? `P ${f3(m.precision)} R ${f3(m.recall)} (${m.tp}/${m.fp}/${m.fn})` : '—';
    }),
  ]);
  return table(['rule', ...variants.map((v) => v.label)], rows);
}

/** Every event left unmatched, so that each error can be looked up in the video. */
function unmatchedTable(variants: VariantMetrics[]): string {
  const rows = variants.flatMap((v) => [
    ...v.events.unmatched.predicted.map((u) => [
      v.id,
      'predicted, no true event',
      u.ruleId,
      `${u.startS.toFixed(1)}-${u.endS.toFixed(1)} s`,
      `tracks ${u.trackIds.join(', ')} (true ${u.trueIds?.map((t) => t ?? 'none').join(', ') ?? '—'})`,
    ]),
    ...v.events.unmatched.truth.map((u) => [
      v.id,
      'true, not predicted',
      u.ruleId,
      `${u.startS.toFixed(1)}-${u.endS.toFixed(1)} s`,
      `people ${u.trackIds.join(', ')}`,
    ]),
  ]);
  return rows.length ? table(['run', 'error', 'rule', 'when', 'who'], rows) : '<p>None.</p>';
}

function countingSection(r: EvalReport): string {
  const c = r.counting;
  if (!c) return '';
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${f1(v)}`;
  const rows = c.methods.map((m) => [
    m.label,
    f3(m.error.mae),
    f3(m.error.rmse),
    signed(m.error.bias),
    `${f1(m.halves.A.mae)} (${signed(m.halves.A.bias)})`,
    `${f1(m.halves.B.mae)} (${signed(m.halves.B.bias)})`,
    m.bands.map((b) => `${f1(b.mae)} (${signed(b.bias)})`).join(' / '),
    f1(m.meanPredicted),
    pct(m.ratio),
    f1(m.msPerImage),
  ]);
  const order = c.methods[0]?.images.map((x, i) => [x[1], i] as const).sort((a, b) => a[0] - b[0]) ?? [];
  const series: Series[] = [
    { name: 'truth', color: '#333', points: order.map(([t], k) => [k + 1, t]) },
    ...c.methods.map((m) => ({
      name: m.id,
      points: order.map(([, i], k): [number, number] => [k + 1, m.images[i]![2]]),
    })),
  ];
  return `<h2>Crowd counting: ${esc(c.dataset)} (${c.images} images)</h2>
<p>Mean true count ${f1(c.methods[0]?.meanTrue ?? 0)}. Halves: A = images 1, 3, 5, … in name order, B = 2, 4, 6, …
(the dense count's settings were chosen on A: B is held out). MAE (mean bias) per half and per true-count band
(${c.methods[0]?.bands.map((b) => `${esc(b.band)}: ${b.images} images`).join(', ') ?? ''}).</p>
${table(['method', 'MAE', 'RMSE', 'mean bias', 'half A', 'half B', 'by band', 'mean counted', 'counted / true', 'ms per image'], rows)}
${lineChartSvg(series, { title: 'people per image (sorted by true count)', xLabel: 'image', yLabel: 'people', width: 720 })}`;
}

function accessCopySection(r: EvalReport): string {
  const a = r.accessCopy;
  if (!a) return '';
  const rows = a.cases.map((c) => [
    `${c.half} half`,
    `person ${c.requesterId} (picture ${c.pickedFrame}, track ${c.trackId})`,
    `${f3(c.requesterClearShare)} of ${c.requesterFrames}`,
    f3(c.meanRequesterClear),
    `${f3(c.othersCoveredShare)} of ${c.otherPersonFrames}`,
    f3(c.meanOthersCovered),
    pct(c.cellsShare),
  ]);
  return `<h2>Access copy (anonymised copy for a right-of-access request)</h2>
<p>${a.frames} pictures followed in ${(a.followMs / 1000).toFixed(0)} s (detector and tracker on every picture), copies
written in ${(a.copyMs / 1000).toFixed(0)} s; cells of ${a.cellPx} px. Goals: the requester ≥ 90 % clear on ≥
${pct(a.goals.requesterClear)} of the pictures where the tracker had them; every other person ≥ 90 % pixelated on ≥
${pct(a.goals.othersCovered)} of person-frames. Read off each copy's pictures against gt.txt.</p>
${table(['requester picked in', 'who', 'requester ≥ 90 % clear', 'mean clear', 'others ≥ 90 % hidden', 'mean hidden', 'picture pixelated'], rows)}`;
}

export function renderHtmlReport(r: EvalReport): string {
  const v = r.variants;
  const d = r.dataset;
  const pr = lineChartSvg(
    v.map((x) => ({ name: x.id, points: x.curves.pr })),
    {
      title: 'person detection: precision / recall',
      xLabel: 'recall',
      yLabel: 'precision',
      xRange: [0, 1],
      yRange: [0, 1],
    },
  );
  const counts = lineChartSvg(
    [
      { name: 'truth', color: '#333', points: r.truthCounts.map((c, i): [number, number] => [i + 1, c]) },
      ...v.map((x) => ({ name: x.id, points: x.curves.counts.map((c, i): [number, number] => [i + 1, c]) })),
    ],
    { title: 'people in view per frame', xLabel: 'frame', yLabel: 'people', width: 900 },
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigie evaluation: ${esc(d.name)}</title>
<style>body{font:14px sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}thead th{background:#f3f3f3}
pre{background:#f7f7f7;padding:1em;overflow:auto}svg{margin:0.5em 1em 0.5em 0}</style></head><body>
<h1>Vigie evaluation: ${esc(d.name)}</h1>
<p>${d.frames} frames of ${d.width}x${d.height} at ${d.fps} fps (analysed at ${r.analysisFps ?? d.fps} fps, decoded ${r.analysisWidth} px wide, boxes scored
in the video's own pixels), ${d.gtRows} ground-truth boxes (every row, as in the
MOT15 file; IoU 0.5). Scene rules: <code>${esc(r.scene)}</code>, true events derived from the ground truth.
Machine: ${esc(r.machine)}. ${esc(r.createdAt)}.</p>
${table(
  ['', ...v.map((x) => x.label)],
  ROWS.map(([name, get]) => [name, ...v.map(get)]),
)}
${v.some((x) => x.speed.cachedShare > 0) ? '<p>† detector outputs and their times replayed from the detection cache of an earlier run.</p>' : ''}
${pr}
${counts}
<h2>Events per rule (precision, recall, tp/fp/fn)</h2>
${eventsTable(v)}
<h3>Events left unmatched (a track's true person: the one it follows most during the event)</h3>
${unmatchedTable(v)}
${countingSection(r)}
${accessCopySection(r)}
<h2>Notes</h2>
<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('\n')}</ul>
<h2>Pipeline settings of the Vigie runs</h2>
<pre>${esc(JSON.stringify(r.settings, null, 2))}</pre>
</body></html>
`;
}
