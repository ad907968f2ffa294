// Learning and scoring the unusual-situation model from files THROUGH the camera pipeline (decoder, detector,
// tracker, scene analytics at the camera's settings), as the centre runs it: `vigie learn`, `vigie eval`, the tests.

import { FrameSource } from '../../media/decode/frame-source.js';
import type { Frame } from '../../media/frames/frame.js';
import type { SituationEvent } from '../situations/situation-types.js';
import type { UsualModelJson } from '../unusual/serialize.js';
import { cameraDecodeOptions } from './camera-decode.js';
import type { CameraPipeline } from './camera-pipeline.js';
import { type CameraAnalyticsSpec, parseCameraSpec } from './camera-spec.js';
import { pipelineFromSpec } from './from-spec.js';

/** The camera's spec with the unusual analytic on: learning (no model file) or scoring with `modelFile`. */
export function unusualSpec(spec: CameraAnalyticsSpec, modelFile?: string): CameraAnalyticsSpec {
  const p = spec.pipeline ?? ({} as NonNullable<CameraAnalyticsSpec['pipeline']>);
  // Learning starts from nothing: a model file the camera's spec already names (one running) is not loaded.
  const { modelFile: _running, ...own } = p.situations?.unusual ?? {};
  const unusual = {
    ...(modelFile ? p.situations?.unusual : own),
    enabled: true,
    ...(modelFile ? { modelFile } : { learnMinutes: 24 * 60 }),
  };
  return parseCameraSpec({ ...spec, pipeline: { ...p, situations: { ...p.situations, unusual } } });
}

/** A file's frames as the centre decodes a camera with this spec (camera-decode.ts): its rate, its width. */
export function cameraFrames(file: string, spec: CameraAnalyticsSpec): AsyncGenerator<Frame> {
  return new FrameSource({
    cameraId: 'file',
    input: file,
    ...cameraDecodeOptions(spec),
  }).frames() as AsyncGenerator<Frame>;
}

/** Learns one model from files of the camera's normal footage, each a stream of its own (tracks never cross). */
export async function learnUnusualFiles(
  files: string[],
  spec: CameraAnalyticsSpec,
  o: { cameraId?: string; log?: (m: string) => void } = {},
): Promise<UsualModelJson> {
  const p = await pipelineFromSpec(unusualSpec(spec), { cameraId: o.cameraId ?? 'camera' });
  try {
    for (const file of files) {
      await p.newStream();
      let n = 0;
      for await (const f of cameraFrames(file, spec)) {
        await p.process(f);
        n++;
      }
      o.log?.(`learned ${file}: ${n} frames`);
    }
    return p.finishUnusualLearning(o.cameraId ?? 'camera');
  } finally {
    await p.close();
  }
}

export interface ScoredFrame {
  seq: number;
  ptsMs: number;
  /** The smoothed score over the model's threshold (1 = at it). */
  ratio: number;
}

/** Scores files with a learned model, each as a stream of its own; per file its frames and `unusual` events. */
export async function scoreUnusualFiles(
  files: string[],
  spec: CameraAnalyticsSpec,
  modelFile: string,
): Promise<{ file: string; frames: ScoredFrame[]; events: SituationEvent[] }[]> {
  const p: CameraPipeline = await pipelineFromSpec(unusualSpec(spec, modelFile));
  const out = [];
  try {
    for (const file of files) {
      await p.newStream();
      const frames: ScoredFrame[] = [];
      const events: SituationEvent[] = [];
      for await (const f of cameraFrames(file, spec)) {
        const r = await p.process(f);
        frames.push({ seq: f.seq, ptsMs: f.ptsMs, ratio: r.unusualScore ?? 0 });
        events.push(...r.situationEvents.filter((e) => e.kind === 'unusual'));
      }
      events.push(...p.finishSituations().filter((e) => e.kind === 'unusual'));
      out.push({ file, frames, events });
    }
  } finally {
    await p.close();
  }
  return out;
}
