// Scene rules an operator may enable on a camera. Only families of the law's list exist here (law.md L3):
// intrusion, wrong way, excessive density. Loitering is NOT a family of its own: it is an intrusion rule with a
// minimum dwell time (minDwellSeconds > 0), reported as `intrusion`.
import { z } from 'zod';
import { SceneIdSchema } from './scene-schema.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SPEED_UNITS = ['box_heights_per_s', 'm_per_s'] as const;

const common = {
  id: SceneIdSchema,
  name: z.string().min(1).max(120).optional().describe('Label shown to operators (default: the id).'),
  enabled: z.boolean().default(true).describe('A disabled rule is kept in the configuration but never evaluated.'),
  severity: z
    .enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` })
    .default('medium')
    .describe("How urgent an alarm from this rule is in the operators' queue."),
  classes: z
    .array(z.string().min(1, 'a class name cannot be empty'))
    .min(1, 'classes needs at least one object class')
    .default(['person'])
    .describe('Object classes the rule applies to (detector class names, e.g. person, car, bicycle).'),
};

const zoneId = SceneIdSchema.describe('Id of the zone (in this scene) the rule watches.');

export const IntrusionRuleSchema = z
  .strictObject({
    kind: z.literal('intrusion').describe('Someone enters a zone where they should not be.'),
    ...common,
    zoneId,
    minDwellSeconds: z
      .number()
      .min(0, 'minDwellSeconds cannot be negative')
      .max(86_400, 'minDwellSeconds is at most one day')
      .default(0)
      .describe('0: alarm on entry. > 0: only after this long inside (how loitering is expressed; law.md L3).'),
  })
  .describe('Intrusion into a zone: one situation per object per zone, from entry (or dwell) until it leaves.');

export const WrongWayRuleSchema = z
  .strictObject({
    kind: z.literal('wrong_way').describe('Movement against the allowed direction.'),
    ...common,
    lineId: SceneIdSchema.optional().describe('Watch crossings of this line (its allowedDirection is the right way).'),
    zoneId: SceneIdSchema.optional().describe('Or: watch the direction of movement inside this zone.'),
    allowedDirectionDegrees: z
      .number()
      .min(0, 'allowedDirectionDegrees must be in [0, 360)')
      .lt(360, 'allowedDirectionDegrees must be in [0, 360)')
      .optional()
      .describe('Zone form: the right way, in degrees on screen: 0 = rightwards, 90 = upwards, 180 = leftwards.'),
    toleranceDegrees: z
      .number()
      .gt(0, 'toleranceDegrees must be above 0')
      .max(179, 'toleranceDegrees must be at most 179')
      .optional()
      .describe('Zone form: a movement more than this far from the allowed direction is the wrong way (default 90).'),
    minSpeed: z
      .number()
      .gt(0, 'minSpeed must be above 0')
      .optional()
      .describe('Zone form: slower movement is ignored (standing people sway); unit given by speedUnit.'),
    speedUnit: z
      .enum(SPEED_UNITS, { error: `speedUnit must be one of ${SPEED_UNITS.join(', ')}` })
      .default('box_heights_per_s')
      .describe(
        "box_heights_per_s: the object's own height per second (works without calibration, walking ≈ 0.8); m_per_s needs a calibration.",
      ),
  })
  .superRefine((r, ctx) => {
    const onLine = r.lineId !== undefined;
    const onZone = r.zoneId !== undefined;
    if (onLine === onZone) {
      ctx.addIssue({
        code: 'custom',
        path: ['lineId'],
        message: `wrong_way rule "${r.id}" needs exactly one of lineId or zoneId`,
      });
      return;
    }
    const zoneFields = ['allowedDirectionDegrees', 'toleranceDegrees', 'minSpeed'] as const;
    if (onLine) {
      for (const f of zoneFields) {
        if (r[f] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [f],
            message: `wrong_way rule "${r.id}" on a line takes no ${f} (the line's allowedDirection applies)`,
          });
      }
    } else {
      for (const f of ['allowedDirectionDegrees', 'minSpeed'] as const) {
        if (r[f] === undefined)
          ctx.addIssue({ code: 'custom', path: [f], message: `wrong_way rule "${r.id}" on a zone needs ${f}` });
      }
    }
  })
  .describe("Wrong way: crossing a line against its allowed direction, or moving against a zone's direction.");

export const CrowdDensityRuleSchema = z
  .strictObject({
    kind: z.literal('crowd_density').describe('Too many people in a zone.'),
    ...common,
    zoneId,
    maxPeople: z
      .number()
      .int('maxPeople must be a whole number')
      .min(1, 'maxPeople must be at least 1')
      .optional()
      .describe('Alarm when MORE than this many are in the zone.'),
    maxPerSquareMetre: z
      .number()
      .gt(0, 'maxPerSquareMetre must be above 0')
      .max(10, 'maxPerSquareMetre above 10 is not a physical crowd')
      .optional()
      .describe('Or: alarm when the density exceeds this many per m² (needs the scene calibration).'),
    forSeconds: z
      .number()
      .min(0, 'forSeconds cannot be negative')
      .max(3600, 'forSeconds is at most one hour')
      .default(0)
      .describe('The excess must last this long before an alarm (brief surges are normal).'),
  })
  .superRefine((r, ctx) => {
    if ((r.maxPeople === undefined) === (r.maxPerSquareMetre === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxPeople'],
        message: `crowd_density rule "${r.id}" needs exactly one of maxPeople or maxPerSquareMetre`,
      });
    }
  })
  .describe('Excessive density in a zone: one situation while the count stays above the threshold.');

export const RuleSchema = z
  .discriminatedUnion('kind', [IntrusionRuleSchema, WrongWayRuleSchema, CrowdDensityRuleSchema], {
    error: (iss) =>
      iss.code === 'invalid_union' ? 'rule kind must be one of intrusion, wrong_way, crowd_density' : undefined,
  })
  .describe('One analytic rule of the scene.');

export type IntrusionRule = z.output<typeof IntrusionRuleSchema>;
export type WrongWayRule = z.output<typeof WrongWayRuleSchema>;
export type CrowdDensityRule = z.output<typeof CrowdDensityRuleSchema>;
export type SceneRule = z.output<typeof RuleSchema>;
export type SceneRuleKind = SceneRule['kind'];
export type Severity = (typeof SEVERITIES)[number];
