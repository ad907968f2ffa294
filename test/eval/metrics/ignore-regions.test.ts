import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IdBox } from '../../../src/eval/metrics/clear-mot.js';
import { withoutIgnored } from '../../../src/eval/metrics/ignore-regions.js';
import type { MotRow } from '../../../src/eval/metrics/mot-format.js';
import type { ClipRun } from '../../../src/eval/own/run-clip.js';
import { scoreTracks } from '../../../src/eval/own/score-tracks.js';

const at = (frame: number, id: number, x: number): IdBox => ({ frame, id, box: [x, 0, 20, 40] });

test('a hypothesis half on an ignore box and on no true box is left out; one on a true box stays', () => {
  const gt = [at(1, 1, 0)];
  const ignore = [at(1, 9, 100), at(1, 8, 0)];
  const hyp = [at(1, 5, 0), at(1, 6, 105), at(1, 7, 111), at(1, 4, 300), at(2, 3, 100)];
  // 105: 15 of 20 columns on the ignore box (left out); 111: 9 of 20, under half (kept); 300: nowhere (kept);
  // frame 2 has no ignore box (kept); 0: on a true box although also on an ignore box (kept).
  assert.deepEqual(
    withoutIgnored(hyp, gt, ignore).map((h) => h.id),
    [5, 7, 4, 3],
  );
  assert.deepEqual(withoutIgnored(hyp, gt, []).length, hyp.length, 'no ignore box: all kept');
});

test('own-footage scoring: tracks on "not to consider" people are false for TrackEval, left out by the MOT16 rule', () => {
  const frames = [1, 2, 3, 4].map((frame) => ({
    frame,
    ms: frame * 200,
    motion: 0,
    detections: [],
    tracks: [
      { id: 1, box: [0, 0, 20, 40] as [number, number, number, number], score: 0.8, cls: 'person' },
      { id: 2, box: [200, 0, 20, 40] as [number, number, number, number], score: 0.7, cls: 'person' },
    ],
  }));
  const run = { frames } as unknown as ClipRun;
  const truth: MotRow[] = frames.flatMap(({ frame }) => [
    { frame, id: 1, box: [0, 0, 20, 40], score: 1 },
    { frame, id: 2, box: [202, 0, 20, 40], score: 0 },
  ]);
  const t = scoreTracks(run, truth, { scoreThreshold: 0.5, lowScoreThreshold: 0.1 }).tracking;
  assert.equal(t.mota, 0, 'TrackEval MOT15: 4 hits, 4 false positives on 4 considered boxes');
  assert.deepEqual(t.ignoringFlagged, { mota: 1, idf1: 1, fp: 0, leftOut: 4 });
  const plain = scoreTracks(
    run,
    truth.filter((r) => r.id === 1),
    { scoreThreshold: 0.5, lowScoreThreshold: 0.1 },
  );
  assert.equal(plain.tracking.ignoringFlagged.leftOut, 0, 'nothing flagged: nothing left out');
  assert.equal(plain.tracking.ignoringFlagged.mota, plain.tracking.mota);
});
