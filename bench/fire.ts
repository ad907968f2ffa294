// Cost of the fire detector per frame at its working rate (rgb24, 5 fps): PETS09 decoded at 320 and 640 wide
// (analysed at 160), the frames held in memory so only the detector is timed. The flicker evidence (default) and the
// first method (flame colour above a background, `evidence: 'aboveBackground'`) run in the same process, interleaved,
// so their ratio holds on a busy machine. Run: npx tsx bench/fire.ts

import { FireDetector, type FireOptionsInput } from '../src/analytics/fire/index.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { fmt, machine, median } from './lib.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');

const METHODS: [string, FireOptionsInput][] = [
  ['flicker evidence (new default)', {}],
  ['above background (old)', { evidence: 'aboveBackground' }],
];

function costs(frames: Frame[], runs = 5): number[] {
  const per: number[][] = METHODS.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [i, [, opts]] of METHODS.entries()) {
      const d = new FireDetector(opts);
      const t0 = performance.now();
      for (const f of frames) d.update(f);
      per[i]!.push((performance.now() - t0) / frames.length);
    }
  }
  return per.map(median);
}

for (const width of [320, 640]) {
  const frames: Frame[] = [];
  const src = new FrameSource({ cameraId: 'pets', input: PETS, width, fps: 5, format: 'rgb24' });
  for await (const f of src.frames()) frames.push(f);
  const ms = costs(frames);
  console.log(`fire detector, PETS09 ${frames[0]!.width}x${frames[0]!.height} rgb24, ${frames.length} frames at 5 fps`);
  for (const [i, [name]] of METHODS.entries()) {
    const v = ms[i]!;
    const ratio = i > 0 ? '' : ` (x${fmt(v / ms[1]!, 2)} the old method)`;
    console.log(`  ${name}: ${fmt(v, 2)} ms/frame, ${fmt((v * 5) / 10, 2)} % of one core at 5 fps${ratio}`);
  }
}
console.log(`  ${machine()}`);
