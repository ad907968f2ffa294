/** Hard legal cap on keeping recordings (CSI L252-5): no configuration may exceed it. */
export const LEGAL_RETENTION_CAP_DAYS = 30;

/**
 * The event families real-time analytics may detect (décret 2023-828 art. 3, ../shared/design/law.md L3): what an
 * `algorithmic_processing` authorisation lists, and what the gate checks a camera's analytics against.
 */
export const LEGAL_FAMILIES = [
  'abandoned_object',
  'weapon',
  'wrong_way',
  'intrusion',
  'person_on_ground',
  'crowd_movement',
  'crowd_density',
  'fire',
] as const;
export type LegalFamily = (typeof LEGAL_FAMILIES)[number];

/**
 * The family an event kind belongs to, or undefined for technical events (tamper, offline, storage…), which need no
 * algorithmic authorisation. `unusual` is filed under crowd movement (L3: never about one identified person): it
 * says what moves unlike the scene's usual traffic (a speed, a size, a class at a place) and where, never who; its
 * events carry no track id.
 */
export function familyOfKind(kind: string): LegalFamily | undefined {
  if (kind === 'unusual') return 'crowd_movement';
  return (LEGAL_FAMILIES as readonly string[]).includes(kind) ? (kind as LegalFamily) : undefined;
}
