// Pool module (see analytics/frames/pipeline.ts): one camera's full analysis, run inside an analysis worker.
import type { Frame } from '../../analytics/frames/frame.js';
import type { FramePipeline } from '../../analytics/frames/pipeline.js';
import { CameraPipeline, defaultModelCacheDir } from '../../analytics/pipeline/camera-pipeline.js';
import type { PipelineFrame } from '../../analytics/pipeline/pipeline-types.js';
import { parsePipelineSettings } from '../../analytics/pipeline/settings.js';
import { sharedBatchingFactory } from './shared-gpu-detector.js';

export interface PipelineModuleConfig {
  settings: unknown;
  scene?: unknown;
}

/** The per-frame result, reduced to what the centre uses (it crosses the thread boundary). */
export type CentreFrameResult = Pick<
  PipelineFrame,
  'seq' | 'tMs' | 'ruleEvents' | 'situationEvents' | 'motionScore' | 'gated'
> & {
  tracks: number;
};

export async function createPipeline(
  cameraId: string,
  config: PipelineModuleConfig,
): Promise<FramePipeline<CentreFrameResult>> {
  const settings = parsePipelineSettings(config.settings);
  // CUDA: the cameras of this worker share one batching session; CPU: each camera its own small session.
  const gpu = settings.executionProvider === 'cuda';
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const p = await CameraPipeline.create(settings, {
    cameraId,
    ...(config.scene !== undefined && { scene: config.scene }),
    ...(gpu && { detectorFactory: sharedBatchingFactory(settings, defaultModelCacheDir(), log) }),
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
      };
    },
    close: () => p.close(),
  };
}
