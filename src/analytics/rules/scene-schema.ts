// Geometry of a camera's scene as drawn by an operator: zones, lines and an optional ground-plane calibration,
// all in NORMALISED image coordinates ([0, 1] on both axes) so that they survive a change of stream resolution.
import { z } from 'zod';
import { Homography } from '../geometry/homography.js';
import { type Polygon, polygonProblem } from '../geometry/polygon.js';

const coord = (axis: 'x' | 'y') =>
  z
    .number({ error: `${axis} must be a number` })
    .min(0, `${axis} is outside the frame: normalised coordinates lie in [0, 1]`)
    .max(1, `${axis} is outside the frame: normalised coordinates lie in [0, 1]`)
    .describe(
      `${axis === 'x' ? 'Horizontal' : 'Vertical'} position, 0 = ${axis === 'x' ? 'left' : 'top'} edge, 1 = ${axis === 'x' ? 'right' : 'bottom'} edge.`,
    );

export const NormPointSchema = z
  .tuple([coord('x'), coord('y')])
  .describe('Image point [x, y] in normalised coordinates (fractions of the frame width and height, y downwards).');

export const GroundPointSchema = z
  .tuple([
    z.number().describe('Ground X in metres (any local frame, e.g. east).'),
    z.number().describe('Ground Y in metres (same frame, e.g. north).'),
  ])
  .describe('Point on the ground plane, [X, Y] in metres.');

export const SceneIdSchema = z
  .string()
  .min(1, 'an id cannot be empty')
  .max(64, 'an id has at most 64 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'an id may only contain letters, digits, "_", "." and "-"')
  .describe('Identifier, unique within its list (letters, digits, _ . -).');

const name = z.string().min(1, 'a name cannot be empty').max(120, 'a name has at most 120 characters');

const inFrame = (p: readonly unknown[]): p is [number, number] =>
  p.length === 2 && p.every((v) => typeof v === 'number' && v >= 0 && v <= 1);

export const ZoneSchema = z
  .strictObject({
    id: SceneIdSchema,
    name: name.describe('Label shown to operators.'),
    polygon: z
      .array(NormPointSchema)
      .min(3, { error: (iss) => `a zone polygon needs at least 3 points, got ${(iss.input as unknown[]).length}` })
      .max(256, 'a zone polygon has at most 256 points')
      .describe('Outline of the zone, ≥ 3 normalised points in drawing order (closed implicitly, either winding).'),
  })
  .superRefine((zone, ctx) => {
    // Only judge the shape once every vertex is a valid in-frame point (zod runs this even after point errors).
    if (zone.polygon.length < 3 || !zone.polygon.every(inFrame)) return;
    const problem = polygonProblem(zone.polygon as Polygon);
    if (problem) ctx.addIssue({ code: 'custom', path: ['polygon'], message: `zone "${zone.id}": ${problem}` });
  })
  .describe('An area of the image (a road, a restricted yard) that rules watch, judged by where people stand.');

export const LINE_DIRECTIONS = ['left_to_right', 'right_to_left', 'both'] as const;

export const LineSchema = z
  .strictObject({
    id: SceneIdSchema,
    name: name.describe('Label shown to operators.'),
    from: NormPointSchema.describe('First end of the line (normalised); with `to` it gives the line an orientation.'),
    to: NormPointSchema.describe('Second end of the line (normalised).'),
    allowedDirection: z
      .enum(LINE_DIRECTIONS, { error: `allowedDirection must be one of ${LINE_DIRECTIONS.join(', ')}` })
      .describe(
        'The right way to cross, as seen on screen standing on `from` facing `to`: left_to_right = from the left ' +
          "hand side to the right hand side. A line drawn upwards (from bottom to top) has the screen's left and " +
          'right. `both`: no wrong way (a counting line).',
      ),
  })
  .superRefine((line, ctx) => {
    if (!inFrame(line.from) || !inFrame(line.to)) return;
    if (Math.hypot(line.to[0] - line.from[0], line.to[1] - line.from[1]) < 0.01) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `line "${line.id}": its two points (nearly) coincide` });
    }
  })
  .describe('A segment people cross (a gate, a one-way passage), oriented from `from` to `to`.');

export const CalibrationSchema = z
  .strictObject({
    points: z
      .array(
        z
          .strictObject({
            image: NormPointSchema.describe('A mark visible in the image (normalised).'),
            ground: GroundPointSchema.describe('The same mark on the ground, in metres.'),
          })
          .describe('One correspondence between the image and the ground plane.'),
      )
      .min(4, { error: (iss) => `a calibration needs at least 4 point pairs, got ${(iss.input as unknown[]).length}` })
      .max(32, 'a calibration has at most 32 point pairs')
      .describe('≥ 4 image ↔ ground correspondences on the ground plane, no three of them on one line.'),
  })
  .superRefine((cal, ctx) => {
    if (cal.points.length < 4 || !cal.points.every((p) => inFrame(p.image))) return;
    try {
      Homography.fromPointPairs(cal.points);
    } catch (e) {
      const why = (e as Error).message.replace(/^homography: /, '');
      ctx.addIssue({ code: 'custom', path: ['points'], message: `calibration unusable: ${why}` });
    }
  })
  .describe('Ground-plane calibration: lets rules work in metres (densities per m², speeds in m/s).');

export type NormPoint = z.output<typeof NormPointSchema>;
export type Zone = z.output<typeof ZoneSchema>;
export type SceneLine = z.output<typeof LineSchema>;
export type Calibration = z.output<typeof CalibrationSchema>;

/** Homography from NORMALISED image coordinates to ground metres. */
export function calibrationHomography(cal: Calibration): Homography {
  return Homography.fromPointPairs(cal.points);
}
