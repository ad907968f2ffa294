import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countError, countsPerFrame } from '../../../src/eval/metrics/counting.js';
import { matchEvents } from '../../../src/eval/metrics/event-match.js';
import { considered, formatMot, groupByFrame, parseMot } from '../../../src/eval/metrics/mot-format.js';
import { countsSvg, niceTicks, prCurveSvg } from '../../../src/eval/metrics/svg-plot.js';

test('MOT text round trip, ground-truth flags, grouping', () => {
  const text = '1,9,499,158,31.03,75.17,1,-4.1554,-7.3591,0\n2,12,648,115,19.885,58.973,0,3.7,-8.1,0\n\n';
  const rows = parseMot(text);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0]!.box, [499, 158, 31.03, 75.17]);
  assert.deepEqual(parseMot(formatMot(rows)), rows);
  assert.equal(considered(rows, 'all-rows').length, 2);
  assert.equal(considered(rows, 'drop-zero-flagged').length, 1);
  assert.equal(formatMot([{ frame: 3, id: 1, box: [1 / 3, 2, 3, 4], score: 0.5 }]), '3,1,0.3333,2,3,4,0.5,-1,-1,-1\n');
  assert.deepEqual([...groupByFrame(rows).keys()], [1, 2]);
  assert.throws(() => parseMot('1,2,3'), /line 1/);
});

test('count MAE, RMSE and bias per frame', () => {
  const truth = new Map([
    [1, 3],
    [2, 4],
    [3, 5],
  ]);
  const pred = new Map([
    [1, 3],
    [2, 6],
  ]); // frame 3 missing → 0
  const e = countError(pred, truth);
  assert.equal(e.mae, (0 + 2 + 5) / 3);
  assert.equal(e.bias, (0 + 2 - 5) / 3);
  assert.ok(Math.abs(e.rmse - Math.sqrt(29 / 3)) < 1e-12);
  assert.deepEqual(
    [...countsPerFrame([{ frame: 1 }, { frame: 1 }, { frame: 9 }], [1, 2])],
    [
      [1, 2],
      [2, 0],
    ],
  );
});

test('events match one-to-one by time overlap, per kind, with a timing tolerance', () => {
  const truth = [
    { startMs: 0, endMs: 1000, kind: 'intrusion' },
    { startMs: 5000, endMs: 5000, kind: 'wrong_way' },
    { startMs: 9000, endMs: 9500, kind: 'intrusion' },
  ];
  const pred = [
    { startMs: 500, endMs: 1500, kind: 'intrusion' }, // overlaps the first
    { startMs: 600, endMs: 800, kind: 'intrusion' }, // duplicate of the first: FP
    { startMs: 5200, endMs: 5200, kind: 'wrong_way' }, // 200 ms late: matches only with slack
    { startMs: 9100, endMs: 9200, kind: 'wrong_way' }, // wrong kind
  ];
  const strict = matchEvents(pred, truth);
  assert.deepEqual([strict.tp, strict.fp, strict.fn], [1, 3, 2]);
  const loose = matchEvents(pred, truth, { slackMs: 250 });
  assert.deepEqual([loose.tp, loose.fp, loose.fn], [2, 2, 1]);
  assert.equal(loose.precision, 0.5);
  assert.ok(Math.abs(loose.recall - 2 / 3) < 1e-12);
  assert.equal(matchEvents(pred, truth, { minTemporalIou: 0.5 }).tp, 0, 'the best overlap is 1/3');
  assert.deepEqual(matchEvents([], []), { tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, matches: [] });
});

test('SVG charts: well-formed, one path per series, text escaped', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(1, 795).slice(0, 3), [200, 400, 600]);
  const pr = prCurveSvg([{ score: 0.9, precision: 1, recall: 0.5, tp: 1, fp: 0 }], { title: 'AP <0.5>' });
  assert.match(pr, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(pr, /AP &lt;0.5&gt;/);
  assert.equal((pr.match(/<path /g) ?? []).length, 1);
  assert.ok(pr.trim().endsWith('</svg>'));
  const counts = countsSvg(
    new Map([
      [1, 2],
      [2, 3],
    ]),
    new Map([
      [1, 2],
      [2, 2],
    ]),
  );
  assert.equal((counts.match(/<path /g) ?? []).length, 2);
  assert.doesNotMatch(counts, /NaN|Infinity/);
});
