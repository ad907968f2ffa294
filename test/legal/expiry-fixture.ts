// What the expiry tests share: a centre that can be reopened on its data dir (a restart), authorisations dated
// around the test clock, and cameras with analytics switched on through the gate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Centre, createCentre } from '../../src/app/centre.js';
import { keysDir } from '../../src/app/keys.js';
import { parseConfig } from '../../src/config/load.js';
import type { AuthorisationInput } from '../../src/core/legal/schemas.js';
import type { VigieEvent } from '../../src/core/ports/recordings.js';
import type { LegalFamily } from '../../src/core/shared/law.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import type { TestClock } from '../support/centre.js';

export const DAY_MS = 86_400_000;

/**
 * The cheapest analytics that still run the whole chain: fire detection, on the sub stream, at 2 frames a second
 * (the expiry and cluster live tests share it).
 */
export const CHEAP_FIRE_SPEC = {
  enabled: true,
  stream: 'sub',
  fps: 2,
  width: 320,
  pipeline: {
    precision: 'int8',
    inputSize: 320,
    inputShape: 'fit',
    detectEvery: 3,
    classes: ['person'],
    situations: { fire: { enabled: true } },
  },
};

/** A centre on `dataDir` (made when absent), listening, its clock the one given: reopen it to test a restart. */
export async function openCentre(
  clock: TestClock,
  config: Record<string, unknown> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'vigie-expiry-')),
): Promise<{ centre: Centre; base: string; dataDir: string }> {
  const analytics = { modelCacheDir: TEST_MODEL_CACHE, enabled: false, ...(config.analytics as object) };
  const cfg = parseConfig({
    dataDir,
    http: { port: 0 },
    log: { level: 'silent' },
    ingest: { enabled: false },
    ...config,
    analytics,
  });
  const centre = await createCentre(cfg, { clock, logger: pino({ level: 'silent' }) });
  const base = await centre.server.listen({ host: '127.0.0.1', port: 0 });
  return { centre, base, dataDir };
}

export function removeDataDir(dataDir: string) {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(keysDir(dataDir), { recursive: true, force: true });
}

/** The clock moved to 08:00 UTC (10:00 in Paris) of a day. */
export const setDay = (clock: TestClock, day: string) => {
  clock.t = Date.parse(`${day}T08:00:00Z`);
};

const base = {
  authority: 'Préfet du Nord (test)',
  signedOn: '2026-01-01',
  startsOn: '2026-01-01',
  purposes: ['public_safety' as const],
  purposeText: 'expiry tests',
  cameraIds: [],
  sectorIds: [],
  publishDocument: false,
};

export const videoAuth = (sectorIds: string[], endsOn = '2027-12-31'): AuthorisationInput => ({
  ...base,
  kind: 'video_protection',
  reference: `VP-${sectorIds.join('-')}`,
  endsOn,
  sectorIds,
  retentionDays: 30,
});

export const algoAuth = (
  reference: string,
  sectorIds: string[],
  endsOn: string,
  families: LegalFamily[] = ['fire', 'intrusion'],
  startsOn = '2026-01-01',
): AuthorisationInput => ({
  ...base,
  kind: 'algorithmic_processing',
  reference,
  startsOn,
  endsOn,
  sectorIds,
  families,
});

/** Cameras in a sector; the stream goes nowhere unless given (the API and the register do not need one). */
export async function addCameras(centre: Centre, sectorId: string, ids: string[], streams?: (id: string) => object) {
  const { fleet } = centre.services;
  await fleet.upsertSector(SYSTEM, { id: sectorId, name: sectorId });
  for (const id of ids)
    await fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId,
      streams: (streams?.(id) as { main: string }) ?? { main: 'rtsp://127.0.0.1:9/none' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
}

/** Fire detection on: one legal family (fire), nothing else. */
export const FIRE_SPEC = { enabled: true, pipeline: { situations: { fire: { enabled: true } } } };

export const eventsOf = async (centre: Centre, kind: 'legal_basis_expired' | 'legal_basis_expiring') =>
  (await centre.services.store.events.search({ kinds: [kind], limit: 100 })) as VigieEvent[];

export const enabledIds = async (centre: Centre) =>
  (await centre.services.store.analytics.enabled()).map((r) => r.cameraId).sort();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
