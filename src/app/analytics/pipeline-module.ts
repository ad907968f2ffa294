// Pool module (see analytics/pool/pipeline.ts): one camera's full analysis, run inside an analysis worker, built
// from the camera's whole analytics spec exactly as the API stored it.

import { defaultModelCacheDir } from '../../analytics/pipeline/camera-pipeline.js';
import { type CameraAnalyticsSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec, type RunningSpec, runningSpecOf } from '../../analytics/pipeline/from-spec.js';
import type { PipelineFrame } from '../../analytics/pipeline/pipeline-types.js';
import type { FramePipeline } from '../../analytics/pool/pipeline.js';
import type { Frame } from '../../media/frames/frame.js';
import { sharedBatchingFactory } from './shared-gpu-detector.js';

export interface PipelineModuleConfig {
  /** The camera's parsed spec (structured-cloned into the worker: plain data). */
  spec: CameraAnalyticsSpec;
  /** Where converted detector models are kept (the centre's data dir). */
  modelCacheDir?: string;
}

/** The per-frame result, reduced to what the centre uses (it crosses the thread boundary). */
export type CentreFrameResult = Pick<
  PipelineFrame,
  'seq' | 'tMs' | 'ruleEvents' | 'situationEvents' | 'motionScore' | 'gated'
> & {
  tracks: number;
  /** Detector work on this frame, in full-frame runs (0: gated or skipped), and its time. */
  detectorCost: number;
  detectorMs: number;
};

/** A centre pipeline: it says what it runs (the spec it received, the precision in use). */
export type CentrePipeline = Omit<FramePipeline<CentreFrameResult>, 'describe'> & { describe(): RunningSpec };

export async function createPipeline(cameraId: string, config: PipelineModuleConfig): Promise<CentrePipeline> {
  const settings = pipelineSettingsOf(config.spec);
  const cacheDir = config.modelCacheDir ?? defaultModelCacheDir();
  // CUDA: the cameras of this worker share one batching session; CPU: each camera its own small session.
  const gpu = settings.executionProvider === 'cuda';
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const p = await pipelineFromSpec(config.spec, {
    cameraId,
    modelCacheDir: cacheDir,
    ...(gpu && { detectorFactory: sharedBatchingFactory(settings, cacheDir, log) }),
  });
  return {
    async analyse(frame: Frame) {
      const r = await p.process(frame);
      return {
        seq: r.seq,
        tMs: r.tMs,
        ruleEvents: r.ruleEvents,
        situationEvents: r.situationEvents,
        motionScore: r.motionScore,
        gated: r.gated,
        tracks: r.tracks.length,
        detectorCost: r.detector.cost,
        detectorMs: r.detector.ms,
      };
    },
    describe: () => runningSpecOf(config.spec, p),
    close: () => p.close(),
  };
}
