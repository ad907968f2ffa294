// The demo's legal register: illustrative authorisations, seeded before the demo analytics (the gate refuses analytics
// without a basis), dated relative to the day of the first start so that a newcomer sees, in one session, the gate
// refusing an analytic whose authorisation has ended and an authorisation ending today (its last-day warning; at
// midnight the analytic it alone covers stops by itself).
import { DomainError } from '../core/errors.js';
import type { AuthorisationInput } from '../core/legal/schemas.js';
import type { Services } from '../core/services.js';
import { SYSTEM } from '../core/users/principal.js';

/** Every demo authorisation names this authority: nobody may take them for a real prefect's orders. */
export const DEMO_AUTHORITY = 'Préfecture du Nord (ILLUSTRATIVE — demo data)';
/** The simulated camera looping PETS09 (its analytics: intrusion and wrong way). */
const FIRST_CAMERA = 'VAL-001';

/** YYYY-MM-DD plus n days (calendar arithmetic on UTC midnights: no time zone can shift a day). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The four demo authorisations, for a first start on `today`. */
export function demoAuthorisations(today: string, sectorIds: string[]): AuthorisationInput[] {
  const year = (d: string) => d.slice(0, 4);
  const common = {
    authority: DEMO_AUTHORITY,
    publishDocument: false,
    cameraIds: [] as string[],
    sectorIds: [] as string[],
  };
  const vpStart = addDays(today, -700);
  const apStart = addDays(today, -200);
  const lastDayStart = addDays(today, -60);
  return [
    {
      ...common,
      kind: 'video_protection',
      reference: `DEMO-VP-${year(vpStart)}-001`,
      signedOn: addDays(vpStart, -14),
      startsOn: vpStart,
      endsOn: addDays(vpStart, 5 * 365),
      purposes: ['public_safety', 'crime_prevention', 'traffic_regulation'],
      purposeText: 'ILLUSTRATIVE: video protection of the public highway of the city (invented order, demo data only).',
      sectorIds,
      // Not above the demo cameras' retention (the centre's default, 30): the authorisation binds, never widens.
      retentionDays: 30,
    },
    {
      ...common,
      kind: 'algorithmic_processing',
      reference: `DEMO-AP-${year(apStart)}-001`,
      signedOn: addDays(apStart, -7),
      startsOn: apStart,
      endsOn: addDays(today, 365),
      purposes: ['public_safety'],
      purposeText: 'ILLUSTRATIVE: detection of intrusions into no-entry areas (demo data only).',
      // Every demo sector: `--sim-cameras` past the pilot's ten puts footage cameras in other sectors.
      sectorIds,
      families: ['intrusion'],
    },
    {
      ...common,
      kind: 'algorithmic_processing',
      reference: `DEMO-AP-${year(apStart)}-002`,
      signedOn: addDays(apStart, -7),
      startsOn: apStart,
      // Ended yesterday: the demo's fire detection on VAL-001 is refused by the gate at the first start.
      endsOn: addDays(today, -1),
      purposes: ['rescue_and_fire_safety'],
      purposeText: 'ILLUSTRATIVE: detection of fire starts at the station forecourt, a trial that has ended.',
      cameraIds: [FIRST_CAMERA],
      families: ['fire'],
    },
    {
      ...common,
      kind: 'algorithmic_processing',
      reference: `DEMO-AP-${year(lastDayStart)}-003`,
      signedOn: addDays(lastDayStart, -3),
      startsOn: lastDayStart,
      // Ends today: its last-day warning is raised at start; after midnight VAL-001's one-way line loses its basis
      // and stops by itself (its intrusion rule, still covered, runs on) until a person renews and re-enables it.
      endsOn: today,
      purposes: ['traffic_regulation'],
      purposeText: 'ILLUSTRATIVE: wrong-way crossings of the one-way footbridge line, a trial ending today.',
      cameraIds: [FIRST_CAMERA],
      families: ['wrong_way'],
    },
  ];
}

/**
 * Records the demo authorisations through the register (validated, journaled) when the register is empty and the
 * demo fleet is there; never on a real register. Returns the references recorded.
 */
export async function seedDemoAuthorisations(services: Services): Promise<string[]> {
  const { legal, store } = services;
  if ((await legal.all()).length > 0) return [];
  const first = await store.cameras.get(FIRST_CAMERA);
  if (!first?.tags.includes('illustrative')) return [];
  const sectorIds = (await store.sectors.list()).map((s) => s.id);
  const out: string[] = [];
  for (const a of demoAuthorisations(legal.day(), sectorIds)) out.push((await legal.create(SYSTEM, a)).reference);
  return out;
}

/**
 * Asks once, through the API's service, for fire detection on top of VAL-001's demo analytics: its authorisation ended
 * yesterday, so the gate refuses it (409) and the camera keeps what it had. Returns the refusal, for the log.
 */
export async function demoGateRefusal(services: Services): Promise<string | undefined> {
  const current = await services.analytics.get(SYSTEM, FIRST_CAMERA);
  if (!current.enabled) return undefined;
  const pipeline = current.pipeline;
  const withFire = {
    ...current,
    pipeline: { ...pipeline, situations: { ...pipeline?.situations, fire: { enabled: true } } },
  };
  try {
    await services.analytics.put(SYSTEM, FIRST_CAMERA, withFire);
  } catch (e) {
    if (e instanceof DomainError && e.status === 409) return e.message;
    throw e;
  }
  // Never expected (the gate is tested): the demo must not run an analytic without a basis, so take it back.
  await services.analytics.put(SYSTEM, FIRST_CAMERA, current);
  return undefined;
}
