// REAL tracks: the PETS09-S2L1 ground-truth boxes (people walking and standing, 7 fps) fed as tracker output, and a
// CONSTRUCTED case on them: one real track's box turned into a lying box (width↔height, bottom kept) held 15 s.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { GroundDetector, type GroundEvent } from '../../../src/analytics/fall/index.js';
import type { RuleTrack } from '../../../src/analytics/rules/rule-types.js';
import { PETS09_DIR, pets09Missing } from '../helpers/pets09.js';

const FPS = 7;
const tOf = (frame: number) => ((frame - 1) * 1000) / FPS;
type Box = [number, number, number, number];

function loadGt(): Map<number, RuleTrack[]> {
  const byFrame = new Map<number, RuleTrack[]>();
  for (const line of readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8').split('\n')) {
    const f = line.split(',').map(Number);
    if (f.length < 7 || f[6] === 0) continue;
    const list = byFrame.get(f[0]!) ?? [];
    list.push({ id: f[1]!, cls: 'person', box: [f[2]!, f[3]!, f[4]!, f[5]!], score: 1 });
    byFrame.set(f[0]!, list);
  }
  return byFrame;
}

/** Feeds frames 1..last; `edit` may rewrite a frame's tracks. */
function replay(gt: Map<number, RuleTrack[]>, last: number, edit?: (n: number, tracks: RuleTrack[]) => RuleTrack[]) {
  const det = new GroundDetector({}, 576);
  const events: { t: number; e: GroundEvent }[] = [];
  for (let n = 1; n <= last; n++) {
    const tracks = edit ? edit(n, [...(gt.get(n) ?? [])]) : (gt.get(n) ?? []);
    for (const e of det.update(tracks, tOf(n))) events.push({ t: tOf(n), e });
  }
  for (const e of det.flush(tOf(last + 1))) events.push({ t: tOf(last + 1), e });
  return events;
}

const skip = pets09Missing();

test('real PETS09 ground truth (795 frames, walking and standing people): no person on the ground', { skip }, () => {
  const gt = loadGt();
  assert.deepEqual(replay(gt, 795), []);
});

// Several people at different image heights, so that no single track's numbers are tuned for.
for (const [id, from] of [
  [1, 300],
  [9, 150],
  [13, 200],
  [3, 600],
] as const) {
  test(`constructed on PETS09: track ${id} lies down at frame ${from} and stays 15 s → one event within T+2 s`, {
    skip,
  }, (t) => {
    const gt = loadGt();
    const at = gt.get(from)!.find((x) => x.id === id)!.box;
    const [x, y, w, h] = at;
    const lying: Box = [x + w / 2 - h / 2, y + h - w, h, w];
    const until = from + 15 * FPS;
    const events = replay(gt, until, (n, tracks) => {
      const others = tracks.filter((tr) => tr.id !== id);
      return n < from ? tracks : [...others, { id, cls: 'person', box: lying, score: 1 }];
    });
    const starts = events.filter((e) => e.e.phase === 'start');
    for (const e of starts) t.diagnostic(`raised ${((e.t - tOf(from)) / 1000).toFixed(1)} s after lying down`);
    assert.equal(starts.length, 1, JSON.stringify(starts));
    assert.deepEqual(starts[0]!.e.trackIds, [id]);
    assert.equal(starts[0]!.e.details.fallSeen, true);
    const delay = (starts[0]!.t - tOf(from)) / 1000;
    assert.ok(delay >= 10 && delay <= 12, `raised ${delay.toFixed(1)} s after lying down`);
  });
}
