// Pool module (see analytics/pool/pipeline.ts): one live stream's privacy blur, run inside a pool worker so that
// the pictures and the detector never load the centre's event loop.
import { nanodetFactory } from '../../analytics/pipeline/camera-pipeline.js';
import { parsePipelineSettings } from '../../analytics/pipeline/settings.js';
import type { FramePipeline } from '../../analytics/pool/pipeline.js';
import { type BlurReport, type PrivacyBlurOptions, PrivacyBlurrer } from '../../analytics/privacy/privacy-blurrer.js';
import type { Frame } from '../../media/frames/frame.js';

export interface PrivacyModuleConfig {
  blur: PrivacyBlurOptions;
  /** The light detector pass: its input size and score threshold (recall first: lower than the analytics'). */
  detector: { inputSize: 320 | 416; scoreThreshold: number; classes: string[] } | null;
  modelCacheDir: string;
}

export type PrivacyResult = Omit<BlurReport, 'boxes'> & { boxes: number };

export async function createPipeline(_key: string, config: PrivacyModuleConfig): Promise<FramePipeline<PrivacyResult>> {
  let detector: Awaited<ReturnType<ReturnType<typeof nanodetFactory>>> | undefined;
  if (config.detector) {
    const s = parsePipelineSettings({
      lowScoreThreshold: config.detector.scoreThreshold,
      classes: config.detector.classes,
      threads: 1,
    });
    const size = config.detector.inputSize;
    detector = await nanodetFactory(s, config.modelCacheDir)({ width: size, height: size });
  }
  const blurrer = new PrivacyBlurrer(detector, config.blur);
  return {
    analyse(frame: Frame): PrivacyResult {
      const r = blurrer.apply(frame);
      return { ...r, boxes: r.boxes.length };
    },
    describe: () => ({ blur: config.blur, detector: config.detector }),
    close: () => blurrer.close(),
  };
}
