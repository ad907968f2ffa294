// A camera's whole scene configuration (zones, lines, calibration, rules) and the checks that span its parts:
// unique ids, rules pointing at existing zones and lines, metric options only with a calibration.
import { z } from 'zod';
import { polygonArea } from '../geometry/polygon.js';
import { parseOrExplain } from '../parse-settings.js';
import { RuleSchema } from './rule-schema.js';
import {
  type Calibration,
  CalibrationSchema,
  calibrationHomography,
  LineSchema,
  type Zone,
  ZoneSchema,
} from './scene-schema.js';

export const SCENE_CONFIG_VERSION = 1;

export const SceneConfigSchema = z
  .strictObject({
    version: z
      .literal(SCENE_CONFIG_VERSION, { error: `version must be ${SCENE_CONFIG_VERSION}` })
      .default(SCENE_CONFIG_VERSION)
      .describe('Format version of this scene configuration.'),
    zones: z.array(ZoneSchema).max(64, 'a scene has at most 64 zones').default([]).describe('Zones of the scene.'),
    lines: z.array(LineSchema).max(64, 'a scene has at most 64 lines').default([]).describe('Lines of the scene.'),
    calibration: CalibrationSchema.optional().describe('Ground-plane calibration; needed for rules in metres.'),
    rules: z
      .array(RuleSchema)
      .max(128, 'a scene has at most 128 rules')
      .default([])
      .describe('Rules evaluated on this camera.'),
  })
  .superRefine((scene, ctx) => {
    for (const [list, what] of [
      [scene.zones, 'zone'],
      [scene.lines, 'line'],
      [scene.rules, 'rule'],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id))
          ctx.addIssue({
            code: 'custom',
            path: [`${what}s`, i, 'id'],
            message: `${what} id "${item.id}" is used twice`,
          });
        seen.add(item.id);
      });
    }
    const zones = new Map(scene.zones.map((z) => [z.id, z]));
    const lines = new Map(scene.lines.map((l) => [l.id, l]));
    scene.rules.forEach((rule, i) => {
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: ['rules', i, field], message });
      if ('zoneId' in rule && rule.zoneId !== undefined && !zones.has(rule.zoneId)) {
        issue('zoneId', `rule "${rule.id}" refers to zone "${rule.zoneId}", which this scene does not define`);
      }
      if (rule.kind === 'wrong_way' && rule.lineId !== undefined) {
        const line = lines.get(rule.lineId);
        if (!line)
          issue('lineId', `rule "${rule.id}" refers to line "${rule.lineId}", which this scene does not define`);
        else if (line.allowedDirection === 'both') {
          issue(
            'lineId',
            `rule "${rule.id}": line "${line.id}" allows both directions, so nothing on it is the wrong way`,
          );
        }
      }
      const metric =
        (rule.kind === 'crowd_density' && rule.maxPerSquareMetre !== undefined) ||
        (rule.kind === 'wrong_way' && rule.zoneId !== undefined && rule.speedUnit === 'm_per_s');
      if (metric && !scene.calibration) {
        issue(
          rule.kind === 'crowd_density' ? 'maxPerSquareMetre' : 'speedUnit',
          `rule "${rule.id}" works in metres and needs the scene's calibration`,
        );
      }
      if (rule.kind === 'crowd_density' && rule.maxPerSquareMetre !== undefined && scene.calibration) {
        const zone = zones.get(rule.zoneId);
        if (zone && !(zoneAreaSquareMetres(zone, scene.calibration) > 0)) {
          issue(
            'zoneId',
            `rule "${rule.id}": zone "${zone.id}" does not lie on the calibrated ground (it reaches the horizon)`,
          );
        }
      }
    });
  })
  .describe('Scene configuration of one camera: where the zones and lines are, and which rules run on them.');

export type SceneConfig = z.output<typeof SceneConfigSchema>;
export type SceneConfigInput = z.input<typeof SceneConfigSchema>;

/** Validates a scene (from the API, the DB or a file); throws an error listing every problem. */
export function parseSceneConfig(input: unknown): SceneConfig {
  return parseOrExplain(SceneConfigSchema, input, 'scene configuration');
}

/**
 * Ground area of a zone in m² (NaN when part of it maps beyond the horizon). A homography maps straight edges to
 * straight edges, so the ground polygon of the mapped vertices is exact.
 */
export function zoneAreaSquareMetres(zone: Zone, calibration: Calibration): number {
  let h: ReturnType<typeof calibrationHomography>;
  try {
    h = calibrationHomography(calibration);
  } catch {
    return Number.NaN;
  }
  const m = h.matrix;
  const w = zone.polygon.map(([x, y]) => m[6] * x + m[7] * y + m[8]);
  // All vertices must be on the same side of the horizon line as the calibration marks themselves.
  const [cx, cy] = calibration.points[0]!.image;
  const ref = Math.sign(m[6] * cx + m[7] * cy + m[8]);
  if (w.some((v) => Math.sign(v) !== ref || Math.abs(v) < 1e-9)) return Number.NaN;
  return polygonArea(zone.polygon.map(([x, y]) => h.imageToGround(x, y)));
}
