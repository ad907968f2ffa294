// ONE camera's analytics contract: what the API stores, what the centre's worker runs, and what `vigie analyze`,
// `vigie eval` and the benchmarks build from their flags. Defined once here, next to the pipeline it configures;
// core re-exports it for the API.
import { z } from 'zod';
import { PrivacyMasksSchema } from '../masks/mask-schema.js';
import { parseOrExplain } from '../parse-settings.js';
import { SceneConfigSchema } from '../rules/scene-config.js';
import {
  type PipelineSettings,
  type PipelineSettingsInput,
  PipelineTuningSchema,
  parsePipelineSettings,
} from './settings.js';

export const CameraAnalyticsSpecSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Run the analytics on this camera.'),
    stream: z
      .enum(['sub', 'main'])
      .default('sub')
      .describe('Stream decoded for analysis (the sub stream costs far less).'),
    fps: z.number().min(0.5).max(15).default(5).describe('Frames analysed per second.'),
    width: z
      .number()
      .int()
      .min(160)
      .max(1920)
      .default(640)
      .describe('Decode width in pixels; the height keeps the aspect.'),
    privacyMasks: PrivacyMasksSchema,
    scene: SceneConfigSchema.optional().describe('Zones, lines, calibration and rules.'),
    pipeline: PipelineTuningSchema.optional().describe(
      'Detector, tracker and scene-analytics settings (input size, precision, cpu|cuda, detectEvery, classes, ' +
        'situations); defaults when absent.',
    ),
  })
  .describe('Analytics configuration of one camera.');

export type CameraAnalyticsSpec = z.output<typeof CameraAnalyticsSpecSchema>;
export type CameraAnalyticsSpecInput = z.input<typeof CameraAnalyticsSpecSchema>;

/** Validates a spec (from the API, the store, a file or CLI flags); throws one error listing every problem. */
export function parseCameraSpec(input: unknown = {}): CameraAnalyticsSpec {
  return parseOrExplain(CameraAnalyticsSpecSchema, input, 'camera analytics');
}

/** The pipeline's settings of a spec: its tuning, with the spec's masks and rate. */
export function pipelineSettingsOf(spec: CameraAnalyticsSpec): PipelineSettings {
  return parsePipelineSettings({ ...spec.pipeline, masks: spec.privacyMasks, fps: spec.fps });
}

/**
 * The spec of a pipeline configured by settings (a CLI's flags, a settings file): masks to the spec's top, the scene
 * beside them. The rate stays the caller's business (a file is decoded at any rate, up to every frame).
 */
export function specFromSettings(settings: PipelineSettingsInput, scene?: unknown): CameraAnalyticsSpec {
  const { masks, fps: _rate, ...pipeline } = settings;
  return parseCameraSpec({
    ...(masks && { privacyMasks: masks }),
    pipeline,
    ...(scene !== undefined && { scene }),
  });
}
