// The near-field pass: NanoDet scores people who are tall in its input poorly. Measured on near-field views of PETS09
// (crops scaled ×3 with ffmpeg, scripts/near-field.ts): at a 416 input the median score of the true person falls
// from 0.73 at 112-125 input pixels tall to 0.45 at 125-140 and 0.23 at ~170, while the same people seen at 320 keep
// 0.77-0.79. So a person close to the camera (over ~40 % of a 4:3 frame's height at 416) drops under the 0.5
// threshold however clearly visible. When something that tall is in view, the whole frame is also run at a smaller
// input (people ~0.6x as tall there) and the large boxes of that pass join the others; small ones stay the main
// pass's, which sees them better. Costs nothing on scenes where everyone is far.
import { z } from 'zod';
import type { Detection } from '../detect/nanodet-decoder.js';
import { fittedInput, type InputShape } from '../detect/preprocess.js';
import { type Box, boxArea, boxIntersection, boxIou } from '../geometry/box.js';

export const NearFieldSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Also run the full frame at nearSize when a detection or track is tall in the model input (people close ' +
          'to the camera, whom the detector scores low at the main size); false: the main pass alone.',
      ),
    nearSize: z
      .number()
      .int()
      .min(128)
      .max(416)
      .multipleOf(32)
      .default(256)
      .describe(
        'Long side of the near-field pass input (frame aspect kept): people appear nearSize/inputSize as tall. ' +
          '256 at 416 keeps people up to ~2/3 of a 4:3 frame under the height the detector scores well.',
      ),
    minInputHeight: z
      .number()
      .min(16)
      .max(416)
      .default(112)
      .describe(
        'A box this tall in the main pass input (pixels) calls the near-field pass; that pass contributes only ' +
          'boxes at least this tall (at the main scale). Scores fall from ~125 px; 96 gave the same recall on the ' +
          'tuning view for more detector work (1.22 against 1.19 full-frame runs a frame).',
      ),
  })
  .describe('Near-field pass: a second, smaller full-frame input for people close to the camera.');

export type NearFieldSettings = z.output<typeof NearFieldSchema>;

/** The near pass input for a frame: nearSize on the long side, the frame's aspect (no padding to compute). */
export function nearShape(width: number, height: number, s: NearFieldSettings): InputShape {
  return fittedInput(width, height, s.nearSize);
}

/** Whether any of `boxes` (frame pixels) is at least minInputHeight tall at the main pass scale. */
export function needsNearPass(boxes: readonly Readonly<Box>[], mainScale: number, s: NearFieldSettings): boolean {
  return s.enabled && boxes.some((b) => b[3] * mainScale >= s.minInputHeight);
}

// Two boxes of a class this much inside one another (share of the smaller) show one person, whatever their IoU.
const SAME_COVER = 0.7;

function samePerson(a: Detection, b: Detection, nmsIou: number): boolean {
  if (a.cls !== b.cls) return false;
  return (
    boxIou(a.box, b.box) > nmsIou ||
    boxIntersection(a.box, b.box) >= SAME_COVER * Math.min(boxArea(a.box), boxArea(b.box))
  );
}

/**
 * The main pass's detections, with the near pass's tall ones where they add something: a near box replaces the main
 * box of the same person only when that one is under `trusted` and scored lower (the main pass's confident boxes are
 * placed at its finer scale: letting a coarser box with a higher score win them cost recall on a ×2 view, 0.915 →
 * 0.903); a near box of nobody the main pass saw is added.
 */
export function mergeNear(
  main: readonly Detection[],
  near: readonly Detection[],
  mainScale: number,
  s: NearFieldSettings,
  trusted: number,
  nmsIou: number,
): Detection[] {
  const out = [...main];
  const tall = near.filter((d) => d.box[3] * mainScale >= s.minInputHeight).sort((a, b) => b.score - a.score);
  for (const n of tall) {
    const i = out.findIndex((m) => samePerson(m, n, nmsIou));
    if (i < 0) out.push(n);
    else if (out[i]!.score < trusted && out[i]!.score < n.score) out[i] = n;
  }
  return out;
}
