// Unusual situations: the analytic's own cost per frame at the live rate (5 fps, UCSD Ped2 360x240), the new model
// (motion cells + the tracker's objects) next to the old one (motion cells only) and the cheap one (objects only),
// in the same run on the same frames and tracks. Detection and tracking are not counted: the pipeline runs them for
// every camera anyway. Accuracy figures come from `vigie eval --dataset ucsd-ped2` (through the pipeline).
// Run: npx tsx bench/unusual.ts
import { parseCameraSpec } from '../src/analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../src/analytics/pipeline/from-spec.js';
import { UsualModel } from '../src/analytics/unusual/model.js';
import type { TrackLike } from '../src/analytics/unusual/objects.js';
import type { UsualOptions } from '../src/analytics/unusual/options.js';
import { datasetPath, hasDataset } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';

const FPS = 5;
const clip = (kind: 'train' | 'test', name: string) => datasetPath('ucsd-ped2', kind, `${name}.mp4`);

/** A clip's frames with the tracks the camera pipeline (default spec) gives them. */
async function tracked(file: string): Promise<{ frame: Frame; tracks: TrackLike[] }[]> {
  const p = await pipelineFromSpec(parseCameraSpec({ fps: FPS }));
  const out = [];
  for await (const f of new FrameSource({ cameraId: 'b', input: file, format: 'yuv420p', fps: FPS }).frames()) {
    out.push({ frame: f as Frame, tracks: [...(await p.process(f as Frame)).tracks] });
  }
  await p.close();
  return out;
}

// A fresh frame object each time: the gray picture is cached per frame object, and each model must pay for its own.
const fresh = (f: Frame): Frame => ({ ...f });

async function cost(
  cues: UsualOptions['cues'],
  learn: Awaited<ReturnType<typeof tracked>>[],
  score: Awaited<ReturnType<typeof tracked>>,
) {
  const m = await UsualModel.create('bench', { cues });
  for (const c of learn) for (const x of c) m.learn(fresh(x.frame), x.tracks);
  m.finalize();
  const t0 = performance.now();
  for (const x of score) m.score(fresh(x.frame), x.tracks);
  const ms = (performance.now() - t0) / score.length;
  m.dispose();
  return ms;
}

async function main(): Promise<void> {
  if (!hasDataset('ucsd-ped2')) throw new Error('UCSD Ped2 not found beside the checkout (../shared/datasets)');
  const learn = [await tracked(clip('train', 'Train001')), await tracked(clip('train', 'Train002'))];
  const test = await tracked(clip('test', 'Test002'));
  await cost('motion', learn, test); // warm-up (JIT, opencv-js)
  const rows: [string, number][] = [];
  for (const cues of ['motion', 'both', 'objects'] as const) rows.push([cues, await cost(cues, learn, test)]);
  const old = rows[0]![1];
  console.log(`# unusual: score() per frame, UCSD Ped2 Test002 at ${FPS} fps (360x240), ${test.length} frames`);
  for (const [cues, ms] of rows) {
    const core = (ms * FPS) / 1000;
    console.log(
      `${cues.padEnd(8)} ${ms.toFixed(2)} ms/frame, ${(100 * core).toFixed(2)} % of a core per camera at ${FPS} fps, ` +
        `${(ms / old).toFixed(2)}x the motion-only (old) model`,
    );
  }
}

await main();
