// Cost of the abandoned-object detector per frame at its working rate (5 fps), PETS09 decoded 320 wide gray, no
// person detector (its boxes are an input; the detector's own cost is in bench/detector.ts).
// followLook (an object followed by its look once verified, the default) next to the blob-only method, same run.
// Run: npx tsx bench/abandoned.ts
import { AbandonedObjectDetector } from '../src/analytics/abandoned/abandoned-detector.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { fmt, machine, median } from './lib.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');

/** Median ms per update over `runs` passes over the whole clip (the learning frames included). */
function cost(frames: Frame[], opts: { analysisWidth: number; followLook: boolean }, runs = 3): number {
  const per: number[] = [];
  for (let r = 0; r < runs; r++) {
    const d = new AbandonedObjectDetector({ staticSeconds: 15, ...opts });
    const t0 = performance.now();
    for (const f of frames) d.update(f, []);
    per.push((performance.now() - t0) / frames.length);
  }
  return median(per);
}

const frames: Frame[] = [];
for await (const f of new FrameSource({ cameraId: 'pets', input: PETS, width: 320, fps: 5 }).frames()) frames.push(f);
console.log(`abandoned-object detector, PETS09 ${frames[0]!.width}x${frames[0]!.height} gray, ${frames.length} frames`);
for (const analysisWidth of [320, 160]) {
  const old = cost(frames, { analysisWidth, followLook: false });
  const ms = cost(frames, { analysisWidth, followLook: true });
  const pct = (v: number) => `${fmt((v * 5) / 10, 2)} % of one core at 5 fps`;
  console.log(`  analysis ${analysisWidth} wide, blob only: ${fmt(old, 2)} ms/frame (${pct(old)})`);
  console.log(
    `  analysis ${analysisWidth} wide, followLook: ${fmt(ms, 2)} ms/frame (${pct(ms)}), ×${fmt(ms / old, 2)} the blob-only cost`,
  );
}
console.log(`  ${machine()}`);
