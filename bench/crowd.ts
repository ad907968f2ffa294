// Cost of the crowd-movement detector per frame at 5 fps (PETS09 at its full 768x576, gray): downscale, Farneback
// flow at 160x120, field analysis, learning. Run: npx tsx bench/crowd.ts
import { CrowdMovementDetector } from '../src/analytics/crowd/index.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { fmt, machine, median } from './lib.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');

const frames: Frame[] = [];
for await (const f of new FrameSource({ cameraId: 'bench', input: PETS, fps: 5 }).frames()) frames.push(f);
const det = await CrowdMovementDetector.create();
const times: number[] = [];
let events = 0;
for (const f of frames) {
  const t0 = performance.now();
  events += det.update(f).length;
  times.push(performance.now() - t0);
}
det.dispose();
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const p95 = [...times].sort((a, b) => a - b)[Math.floor(0.95 * (times.length - 1))]!;
console.log(`crowd movement, ${frames.length} frames ${frames[0]!.width}x${frames[0]!.height} at 5 fps (${machine()})`);
console.log(`ms/frame: median ${fmt(median(times), 2)}, mean ${fmt(mean, 2)}, p95 ${fmt(p95, 2)}; events ${events}`);
console.log(`one camera at 5 fps: ${fmt((mean * 5) / 10, 2)} % of a core`);
