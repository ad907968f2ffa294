// Which legal families (L3) a camera's analytics spec would detect: what the gate checks against the register.
import { type CameraAnalyticsSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import type { LegalFamily } from '../shared/law.js';

/** The families the spec's rules and scene analytics raise events of, in a stable order; tamper needs none. */
export function familiesOfSpec(spec: CameraAnalyticsSpec): LegalFamily[] {
  const out = new Set<LegalFamily>();
  for (const r of spec.scene?.rules ?? []) out.add(r.kind);
  const s = pipelineSettingsOf(spec).situations;
  if (s.crowd.enabled || s.unusual.enabled) out.add('crowd_movement');
  if (s.abandoned.enabled) out.add('abandoned_object');
  if (s.ground.enabled) out.add('person_on_ground');
  if (s.fire.enabled) out.add('fire');
  return [...out].sort();
}
