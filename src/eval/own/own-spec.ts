// The spec an own-footage evaluation runs: the camera's stored analytics spec (the JSON `PUT
// /api/cameras/:id/analytics` takes), or pipeline settings made into one as `vigie analyze` does; flags on top.
import { readFileSync } from 'node:fs';
import {
  type CameraAnalyticsSpec,
  parseCameraSpec,
  pipelineSettingsOf,
  specFromSettings,
} from '../../analytics/pipeline/camera-spec.js';
import { parsePipelineSettings } from '../../analytics/pipeline/settings.js';

/** `--analytic` names → the situations setting that switches each on. */
export const ANALYTIC_SETTINGS = {
  camera_tamper: 'tamper',
  crowd_movement: 'crowd',
  unusual: 'unusual',
  person_on_ground: 'ground',
  abandoned_object: 'abandoned',
  fire: 'fire',
} as const;
export type AnalyticName = keyof typeof ANALYTIC_SETTINGS;

export interface OwnSpecOptions {
  /** A camera's analytics spec as JSON (what the API stores). */
  cameraSpec?: string;
  /** Pipeline settings as JSON (PipelineSettingsSchema), when no camera spec is given. */
  settings?: string;
  /** Scene analytics to switch on besides the spec's own. */
  analytics?: string[];
  /** An unusual-situation model file: switches `unusual` on with it. */
  usualModel?: string;
  fps?: number;
  width?: number;
}

function json(flag: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${flag} ${file}: ${(e as Error).message}`);
  }
}

export function ownSpec(o: OwnSpecOptions): CameraAnalyticsSpec {
  if (o.cameraSpec && o.settings) throw new Error('give --camera-spec or --settings, not both');
  const fromSettings = o.settings ? parsePipelineSettings(json('--settings', o.settings)) : undefined;
  const base = o.cameraSpec
    ? parseCameraSpec(json('--camera-spec', o.cameraSpec))
    : specFromSettings(fromSettings ?? {});
  // A settings file's rate is the camera's analysis rate (a spec keeps it at its top level).
  if (fromSettings?.fps) base.fps = Math.min(15, Math.max(0.5, fromSettings.fps));
  const settings = pipelineSettingsOf(base);
  const situations: Record<string, unknown> = { ...settings.situations };
  for (const a of o.analytics ?? []) {
    const key = ANALYTIC_SETTINGS[a as AnalyticName];
    if (!key) throw new Error(`--analytic ${a}: unknown (one of ${Object.keys(ANALYTIC_SETTINGS).join(', ')})`);
    situations[key] = { ...(situations[key] as object), enabled: true };
  }
  if (o.usualModel) situations.unusual = { ...(situations.unusual as object), enabled: true, modelFile: o.usualModel };
  const { masks: _m, fps: _f, ...tuning } = settings;
  return parseCameraSpec({
    ...base,
    ...(o.fps && { fps: o.fps }),
    ...(o.width && { width: o.width }),
    pipeline: { ...tuning, situations },
  });
}
