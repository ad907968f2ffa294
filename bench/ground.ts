// Cost of the person-on-the-ground detector per frame at 5 fps: the PETS09 ground-truth tracks (up to 8 people a
// frame), replayed many times so the timer sees more than noise. Run: npx tsx bench/ground.ts
import { readFileSync } from 'node:fs';
import { GroundDetector } from '../src/analytics/fall/index.js';
import type { RuleTrack } from '../src/analytics/rules/rule-types.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { fmt, machine, median } from './lib.js';

const byFrame = new Map<number, RuleTrack[]>();
for (const line of readFileSync(datasetPath('pets09-s2l1', 'gt.txt'), 'utf8').split('\n')) {
  const f = line.split(',').map(Number);
  if (f.length < 7 || f[6] === 0) continue;
  const l = byFrame.get(f[0]!) ?? [];
  l.push({ id: f[1]!, cls: 'person', box: [f[2]!, f[3]!, f[4]!, f[5]!], score: 1 });
  byFrame.set(f[0]!, l);
}
// The 7 fps clip resampled to 5 fps: every 7th frame of 5 seconds' worth kept 5 times.
const frames = [...byFrame.keys()].sort((a, b) => a - b).filter((n) => (n * 5) % 7 < 5);
const per: number[] = [];
for (let r = 0; r < 5; r++) {
  const d = new GroundDetector({}, 576);
  let t = 0;
  const t0 = performance.now();
  for (let rep = 0; rep < 20; rep++) {
    for (const n of frames) {
      t += 200;
      d.update(byFrame.get(n)!, t);
    }
  }
  per.push((performance.now() - t0) / (20 * frames.length));
}
const people = frames.reduce((a, n) => a + byFrame.get(n)!.length, 0) / frames.length;
console.log(`ground detector, PETS09 ground truth, ${frames.length} frames at 5 fps, ${fmt(people)} people/frame`);
console.log(`  ${fmt(median(per) * 1000, 1)} µs/frame (${fmt(median(per), 4)} ms/frame)`);
console.log(`  ${machine()}`);
