import { z } from 'zod';
import { maskProblem } from '../../analytics/masks/mask-polygon.js';
import { PipelineSettingsSchema } from '../../analytics/pipeline/settings.js';
import { SceneConfigSchema } from '../../analytics/rules/scene-config.js';

/** A privacy mask: the masked pixels never reach any analytic, snapshot or output (law L6). */
export const privacyMaskSchema = z
  .strictObject({
    name: z.string().max(200).optional().describe('What is masked, e.g. "windows of no. 12".'),
    points: z
      .array(z.tuple([z.number(), z.number()]))
      .max(256)
      .describe('Polygon vertices as [x, y] fractions of the frame width and height.'),
  })
  .superRefine((m, ctx) => {
    const why = maskProblem(m);
    if (why) ctx.addIssue({ code: 'custom', path: ['points'], message: why });
  });

export const analyticsConfigSchema = z
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
    privacyMasks: z.array(privacyMaskSchema).max(64).default([]).describe('Private areas, masked before any analysis.'),
    scene: SceneConfigSchema.optional().describe('Zones, lines, calibration and rules.'),
    pipeline: PipelineSettingsSchema.optional().describe(
      'Detector and tracker settings (input size, threads, cpu|cuda, thresholds, gating); defaults when absent.',
    ),
  })
  .describe('Analytics configuration of one camera.');

export type AnalyticsConfig = z.output<typeof analyticsConfigSchema>;
