// Which analytics a camera's spec runs, as the public register names them: event kind, family, model, figures.

import type { z } from 'zod';
import { type CameraAnalyticsSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import { familyOfKind } from '../shared/law.js';
import accuracyFile from './accuracy.json' with { type: 'json' };
import { EN } from './algorithm-texts.js';
import type { accuracySchema } from './register-schemas.js';

type Accuracy = z.output<typeof accuracySchema>;

/** The figures `vigie eval` measured for an event kind (null: not measured yet). */
export function accuracyOf(kind: string): Accuracy | null {
  return ((accuracyFile.kinds as Record<string, Accuracy | null>)[kind] ?? null) as Accuracy | null;
}

export const MODEL = accuracyFile.model;

/** L2: every analytic is an attention signal; a person decides. */
export const HUMAN_STEP = EN.humanIntervention;

/** The event kinds with a legal family the spec raises (technical kinds such as tamper need no authorisation). */
export function kindsOfSpec(spec: CameraAnalyticsSpec): string[] {
  const out = new Set<string>();
  for (const r of spec.scene?.rules ?? []) out.add(r.kind);
  const s = pipelineSettingsOf(spec).situations;
  if (s.crowd.enabled) out.add('crowd_movement');
  if (s.unusual.enabled) out.add('unusual');
  if (s.abandoned.enabled) out.add('abandoned_object');
  if (s.ground.enabled) out.add('person_on_ground');
  if (s.fire.enabled) out.add('fire');
  return [...out].filter((k) => familyOfKind(k)).sort();
}

/** What the public register says of one analytic. */
export function publicAnalytic(kind: string) {
  return {
    family: familyOfKind(kind) ?? kind,
    kind,
    model: MODEL.name,
    modelVersion: MODEL.version,
    accuracy: accuracyOf(kind),
    humanStep: HUMAN_STEP,
  };
}
