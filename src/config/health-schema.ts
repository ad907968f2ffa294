import { z } from 'zod';

/** When a recording stream counts as degraded in the camera health history (issue 24). */
export const healthSchema = z
  .strictObject({
    degradedFps: z
      .number()
      .min(0)
      .max(120)
      .default(5)
      .describe(
        'A recording camera delivering fewer frames per second than this for degradedAfterSeconds is marked degraded in its health history (0: not checked). Degraded is reported, not counted as down.',
      ),
    degradedBitrateKbps: z
      .number()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('Likewise for the recorded bitrate, in kbit/s, measured per segment (0, the default: not checked).'),
    degradedAfterSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(30)
      .describe(
        'How long a stream must stay under a floor before it is marked degraded; it is sampled every third of this (at most every 5 s).',
      ),
  })
  .describe('Camera health history: availability counts offline and tampered time; degraded streams are flagged.');
