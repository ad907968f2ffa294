// `vigie learn`: learns what is usual for a camera from files of its normal footage (its recordings), for
// `vigie analyze --usual-model` and the `situations.unusual.modelFile` setting.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { learnClip } from '../analytics/unusual/clips.js';
import { UsualModel } from '../analytics/unusual/model.js';

export async function runLearn(o: { inputs: string[]; out: string; fps?: number; cameraId?: string }) {
  const model = await UsualModel.create(o.cameraId ?? 'camera');
  try {
    let frames = 0;
    for (const input of o.inputs) {
      const n = await learnClip(model, input, o.fps ? { fps: o.fps } : {});
      process.stderr.write(`learn: ${input}: ${n} frames\n`);
      frames += n;
    }
    model.finalize();
    writeFileSync(o.out, `${JSON.stringify(model.toJSON())}\n`);
    process.stderr.write(`learn: ${frames} frames, threshold ${model.threshold.toFixed(3)} → ${o.out}\n`);
    return { frames, threshold: model.threshold };
  } finally {
    model.dispose();
  }
}

export function registerLearnCommand(program: Command) {
  program
    .command('learn')
    .description("learn a camera's usual motion from files of its normal footage (unusual-situation model, JSON)")
    .argument('<inputs...>', 'video files of normal footage from the one camera')
    .option('--out <file>', 'model file', 'usual-model.json')
    .option('--fps <n>', 'learn at this rate (score at the same rate)', (v) => {
      const n = Number(v);
      if (!(n > 0)) throw new Error(`--fps must be a positive number, got "${v}"`);
      return n;
    })
    .option('--camera <id>', 'camera id stored in the model', 'camera')
    .action(async (inputs: string[], c: { out: string; fps?: number; camera: string }) => {
      await runLearn({ inputs, out: c.out, ...(c.fps && { fps: c.fps }), cameraId: c.camera });
    });
}
