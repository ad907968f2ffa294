// report.html of an own-footage evaluation: self-contained (no script, no external file), the headline figures,
// then the operating-point table with the camera's present setting marked, for an admin choosing one.
import type { OperatingRow } from './operating-point.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'number'
      ? Number.isInteger(v)
        ? String(v)
        : v.toFixed(3)
      : esc(String(v));

function table(head: string[], rows: unknown[][], marked: boolean[] = []): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map(
    (r, i) => `<tr${marked[i] ? ' class="current"' : ''}>${r.map((c) => `<td>${fmt(c)}</td>`).join('')}</tr>`,
  );
  return `<table><tr>${th}</tr>${tr.join('')}</table>`;
}

const LABELS: Record<string, string> = {
  fp: 'false positives',
  falsePositiveRate: 'false-positive rate',
  eventRecall: 'situations reached',
  mota: 'MOTA',
  idf1: 'IDF1',
  mae: 'count MAE',
  bias: 'count bias',
  raised: 'events kept',
};

/** The threshold table: the row of the present setting marked ("current"), extra figures as further columns. */
export function operatingTable(title: string, thresholdName: string, rows: OperatingRow[]): string {
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
    (k) => !['threshold', 'current', 'precision', 'recall'].includes(k),
  );
  const head = [thresholdName, 'precision', 'recall', ...extra.map((k) => LABELS[k] ?? k), 'setting'];
  const body = rows.map((r) => [
    r.threshold.toFixed(2),
    r.precision,
    r.recall,
    ...extra.map((k) => r[k]),
    r.current ? '◀ current' : '',
  ]);
  return `<h2>${esc(title)}</h2>${table(
    head,
    body,
    rows.map((r) => r.current),
  )}`;
}

type Rec = Record<string, unknown>;

/** The figures with tracks on "not to consider" truth left out, when the truth flags any that tracks lay on. */
function flaggedNote(ig: Rec): string[] {
  if (!ig || !(Number(ig.leftOut) > 0)) return [];
  const f = (v: unknown) => Number(v).toFixed(3);
  return [
    `<p>${ig.leftOut} track boxes lie on people the truth marks "not to consider" (column 7 = 0) and count above as ` +
      `false positives (TrackEval, MOT15). Left out instead (MOT16 rule): MOTA ${f(ig.mota)}, IDF1 ${f(ig.idf1)}.</p>`,
  ];
}

function sections(r: Rec): string {
  const out: string[] = [];
  if (r.tracks) {
    const t = r.tracks as Rec & { detection: Rec; tracking: Rec };
    out.push(
      table(
        ['class', 'frames', 'truth boxes', 'detection AP@0.5', 'MOTA', 'IDF1', 'precision', 'recall', 'id switches'],
        [
          [
            t.cls,
            t.frames,
            t.truthBoxes,
            t.detection.ap,
            t.tracking.mota,
            t.tracking.idf1,
            t.tracking.precision,
            t.tracking.recall,
            t.tracking.idSwitches,
          ],
        ],
      ),
      ...flaggedNote(t.tracking.ignoringFlagged as Rec),
      operatingTable('Detections by detector score (IoU ≥ 0.5)', 'score ≥', t.detection.rows as OperatingRow[]),
      operatingTable(
        'Tracks shown by their mean score (0: all, as now)',
        'track score ≥',
        t.tracking.rows as OperatingRow[],
      ),
    );
  }
  if (r.labels) {
    const l = r.labels as Rec & { alarms: Rec };
    out.push(
      table(
        [
          'frames',
          'abnormal frames',
          'true situations',
          'frame AUC',
          'baseline AUC (motion share)',
          'alarms raised',
          'situations found',
          'event recall',
          'false alarms',
        ],
        [
          [
            l.frames,
            l.abnormalFrames,
            l.truthEvents,
            l.auc,
            l.motionAuc,
            l.alarms.raised,
            l.alarms.truthFound,
            l.alarms.eventRecall,
            l.alarms.falseAlarms,
          ],
        ],
      ),
      operatingTable('Frames by unusual score (1 = the camera threshold)', 'score ≥', l.rows as OperatingRow[]),
    );
  }
  if (r.boxes) {
    const b = r.boxes as { slackS: number; kinds: (Rec & { rows: OperatingRow[] })[] };
    out.push(
      `<p>A raised event matches a true one of its kind overlapping it in time (± ${b.slackS} s) and in the picture when both have a box.</p>`,
      table(
        [
          'analytic',
          'true events',
          'raised',
          'matched',
          'event precision',
          'event recall',
          'frame precision',
          'frame recall',
          'delays (s)',
        ],
        b.kinds.map((k) => [
          k.kind,
          k.truthEvents,
          k.raised,
          k.tp,
          k.eventPrecision,
          k.eventRecall,
          k.framePrecision,
          k.frameRecall,
          (k.delaysS as number[]).join(', '),
        ]),
      ),
      ...b.kinds.map((k) => operatingTable(`${k.kind}: events kept by score`, 'event score ≥', k.rows)),
    );
  }
  if (r.heads) {
    const h = r.heads as { method: string; images: Rec[]; vigie: Rec; baseline: Rec; rows: OperatingRow[] };
    out.push(
      table(
        ['method', 'MAE', 'RMSE', 'bias'],
        [
          [`Vigie (camera spec, counting by ${h.method})`, h.vigie.mae, h.vigie.rmse, h.vigie.bias],
          ['baseline: mean of the other images', h.baseline.mae, h.baseline.rmse, h.baseline.bias],
        ],
      ),
      operatingTable('Count error by detector score', 'score ≥', h.rows),
      table(
        ['image', 'annotated', 'counted', 'baseline'],
        h.images.map((i) => [i.name, i.truth, i.counted, i.baseline]),
      ),
    );
  }
  return out.join('\n');
}

export function ownReportHtml(r: Rec): string {
  const notes = (r.notes as string[]).map((n) => `<li>${esc(n)}</li>`).join('');
  const what = r.clip
    ? `clip ${esc(String(r.clip))}, truth ${esc(String(r.truth))}`
    : `images in ${esc(String(r.imageDir))}`;
  return `<!doctype html><meta charset="utf-8"><title>Vigie eval: own footage</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:2px 8px;text-align:right}tr.current{background:#ffe9a8;font-weight:bold}</style>
<h1>Own footage: ${esc(String(r.truthFormat))}</h1><p>${what}; created ${esc(String(r.createdAt))}.</p>
${sections(r)}
${notes ? `<ul>${notes}</ul>` : ''}
<details><summary>Camera spec evaluated</summary><pre>${esc(JSON.stringify(r.spec, null, 2))}</pre></details>\n`;
}
