// Cost of the tamper detector per frame at its working rate (320 wide gray, 5 fps): normal footage, where the shift
// search is skipped, and a moved view, where it runs on every frame. Run: npx tsx bench/tamper.ts

import { TamperDetector } from '../src/analytics/tamper/tamper-detector.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { fmt, machine, median } from './lib.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');

// The same picture panned by `dx` pixels (edge pixels repeated), as a camera turned aside would see it.
function shifted(f: Frame, dx: number): Frame {
  const data = new Uint8Array(f.data.length);
  for (let y = 0; y < f.height; y++) {
    const row = y * f.width;
    for (let x = 0; x < f.width; x++) data[row + x] = f.data[row + Math.min(f.width - 1, x + dx)]!;
  }
  return { ...f, data };
}

/** Median ms per update over `runs` passes; each pass learns on the first 30 frames (not timed), then times the rest. */
function cost(frames: Frame[], tampered: (f: Frame) => Frame, runs = 5): number {
  const per: number[] = [];
  for (let r = 0; r < runs; r++) {
    const d = new TamperDetector();
    for (const f of frames.slice(0, 30)) d.update(f);
    const rest = frames.slice(30).map(tampered);
    const t0 = performance.now();
    for (const f of rest) d.update(f);
    per.push((performance.now() - t0) / rest.length);
  }
  return median(per);
}

const frames: Frame[] = [];
for await (const f of new FrameSource({ cameraId: 'pets', input: PETS, width: 320, fps: 5 }).frames()) frames.push(f);
const normal = cost(frames, (f) => f);
const moved = cost(frames, (f) => shifted(f, Math.round(f.width * 0.15)));
console.log(`tamper detector, PETS09 ${frames[0]!.width}x${frames[0]!.height} gray, ${frames.length} frames at 5 fps`);
console.log(`  normal view: ${fmt(normal, 2)} ms/frame (${fmt((normal * 5) / 10, 2)} % of one core at 5 fps)`);
console.log(`  moved view (shift search every frame): ${fmt(moved, 2)} ms/frame`);
console.log(`  ${machine()}`);
