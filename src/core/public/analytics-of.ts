// Which analytics a camera's spec runs, as the public register names them: event kind, family, model, figures.

import type { z } from 'zod';
import { type CameraAnalyticsSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import { familyOfKind } from '../shared/law.js';
import accuracyFile from './accuracy.json' with { type: 'json' };
import type { accuracySchema } from './register-schemas.js';

type Accuracy = z.output<typeof accuracySchema>;

/** The figures `vigie eval` measured for an event kind (null: not measured yet). */
export function accuracyOf(kind: string): Accuracy | null {
  return ((accuracyFile.kinds as Record<string, Accuracy | null>)[kind] ?? null) as Accuracy | null;
}

export const MODEL = accuracyFile.model;

/** L2: every analytic is an attention signal; a person decides. */
export const HUMAN_STEP =
  'An operator decides on every alarm (confirmed, false alarm or not actionable); nothing acts automatically on a person.';

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

/** Plain words for each kind, for the algorithm register entries. */
export const KIND_WORDS: Record<string, string> = {
  intrusion: 'Signals a person entering or staying in a zone drawn on the camera’s view (e.g. tracks, a closed site).',
  wrong_way: 'Signals a person moving against the direction drawn for a passage (e.g. an exit-only gate).',
  crowd_density: 'Signals more people in a zone than the limit set for it.',
  crowd_movement:
    'Signals sudden movement of a crowd as a whole (a rush, a dispersal), never about one identified person.',
  unusual: 'Signals motion unusual for this camera (learned from its own footage), as a crowd-level signal only.',
  abandoned_object: 'Signals an object left unattended in the view for longer than a set time.',
  person_on_ground: 'Signals a person lying on the ground after a fall.',
  fire: 'Signals flames or a fire start in the view.',
  weapon: 'Signals a weapon visible in the view.',
};
