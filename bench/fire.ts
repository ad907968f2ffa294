// Cost of the fire detector per frame at its working rate (rgb24, 5 fps): PETS09 decoded at 320 wide (analysed at
// 160), the frames held in memory so only the detector is timed. Run: npx tsx bench/fire.ts

import { FireDetector } from '../src/analytics/fire/index.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { fmt, machine, median } from './lib.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');

function cost(frames: Frame[], runs = 5): number {
  const per: number[] = [];
  for (let r = 0; r < runs; r++) {
    const d = new FireDetector();
    const t0 = performance.now();
    for (const f of frames) d.update(f);
    per.push((performance.now() - t0) / frames.length);
  }
  return median(per);
}

for (const width of [320, 640]) {
  const frames: Frame[] = [];
  const src = new FrameSource({ cameraId: 'pets', input: PETS, width, fps: 5, format: 'rgb24' });
  for await (const f of src.frames()) frames.push(f);
  const ms = cost(frames);
  console.log(`fire detector, PETS09 ${frames[0]!.width}x${frames[0]!.height} rgb24, ${frames.length} frames at 5 fps`);
  console.log(`  ${fmt(ms, 2)} ms/frame (${fmt((ms * 5) / 10, 2)} % of one core at 5 fps)`);
}
console.log(`  ${machine()}`);
