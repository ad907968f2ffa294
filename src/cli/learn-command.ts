// `vigie learn`: learns what is usual for a camera from files of its normal footage (its recordings), for
// `vigie analyze --usual-model` and the `situations.unusual.modelFile` setting. The files go through the camera
// pipeline (detector, tracker) as live frames would: the model learns what the tracker sees move, not only motion.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseCameraSpec } from '../analytics/pipeline/camera-spec.js';
import { learnUnusualFiles } from '../analytics/pipeline/unusual-files.js';

export async function runLearn(o: { inputs: string[]; out: string; fps?: number; cameraId?: string; spec?: string }) {
  // The camera's spec (a file, as the API stores it) or the centre's default one; the rate is the analysis rate.
  const base = o.spec ? JSON.parse(readFileSync(o.spec, 'utf8')) : {};
  const spec = parseCameraSpec({ ...base, ...(o.fps && { fps: o.fps }) });
  const model = await learnUnusualFiles(o.inputs, spec, {
    cameraId: o.cameraId ?? 'camera',
    log: (m) => process.stderr.write(`learn: ${m}\n`),
  });
  writeFileSync(o.out, `${JSON.stringify(model)}\n`);
  const frames = model.calibration.frames;
  process.stderr.write(`learn: ${frames} frames, threshold ${model.calibration.threshold.toFixed(3)} → ${o.out}\n`);
  return { frames, threshold: model.calibration.threshold };
}

export function registerLearnCommand(program: Command) {
  program
    .command('learn')
    .description("learn a camera's usual motion and objects from files of its normal footage (unusual model, JSON)")
    .argument('<inputs...>', 'video files of normal footage from the one camera')
    .option('--out <file>', 'model file', 'usual-model.json')
    .option('--fps <n>', "analysis rate (default: the camera spec's, 5); score at the same rate", (v) => {
      const n = Number(v);
      if (!(n > 0)) throw new Error(`--fps must be a positive number, got "${v}"`);
      return n;
    })
    .option('--spec <file>', "the camera's analytics spec (JSON, as the API stores it); default: the centre's")
    .option('--camera <id>', 'camera id stored in the model', 'camera')
    .action(async (inputs: string[], c: { out: string; fps?: number; spec?: string; camera: string }) => {
      await runLearn({
        inputs,
        out: c.out,
        ...(c.fps && { fps: c.fps }),
        ...(c.spec && { spec: c.spec }),
        cameraId: c.camera,
      });
    });
}
