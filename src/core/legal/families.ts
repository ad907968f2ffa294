// Which legal families (L3) a camera's analytics spec would detect: what the gate checks against the register.
import { type CameraAnalyticsSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import type { LegalFamily } from '../shared/law.js';

/** The families the spec's rules and scene analytics raise events of, in a stable order; tamper needs none. */
export function familiesOfSpec(spec: CameraAnalyticsSpec): LegalFamily[] {
  const out = new Set<LegalFamily>();
  // A disabled rule never runs: it needs no basis (an expiry disables a rule rather than deleting it).
  for (const r of spec.scene?.rules ?? []) if (r.enabled) out.add(r.kind);
  const s = pipelineSettingsOf(spec).situations;
  if (s.crowd.enabled || s.unusual.enabled) out.add('crowd_movement');
  if (s.abandoned.enabled) out.add('abandoned_object');
  if (s.ground.enabled) out.add('person_on_ground');
  if (s.fire.enabled) out.add('fire');
  return [...out].sort();
}

/** Which scene analytic (pipeline.situations key) detects a family; rules carry their family as their kind. */
const SITUATIONS_OF: Partial<Record<LegalFamily, string[]>> = {
  crowd_movement: ['crowd', 'unusual'],
  abandoned_object: ['abandoned'],
  person_on_ground: ['ground'],
  fire: ['fire'],
};

/**
 * The stored spec (raw JSON, as the API saved it) with the analytics of these families switched off — their rules
 * disabled, their scene analytics off — and everything else as it was: what an ended authorisation stops, no more.
 * A person re-enables them (the rule's `enabled`, the analytic's switch) under a new basis.
 */
export function withoutFamilies(raw: Record<string, any>, families: readonly LegalFamily[]): Record<string, any> {
  const spec = structuredClone(raw);
  for (const rule of spec.scene?.rules ?? []) if (families.includes(rule.kind)) rule.enabled = false;
  const situations = spec.pipeline?.situations;
  for (const f of families)
    for (const name of SITUATIONS_OF[f] ?? []) if (situations?.[name]) situations[name].enabled = false;
  return spec;
}
