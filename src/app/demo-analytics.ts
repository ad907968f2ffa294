// Analytics of the simulated demo cameras, suited to the footage each one loops, so that the demo shows analytic
// alarms out of the box. Every zone, line and rule is invented for the demo and named "Illustrative: …".
import { basename } from 'node:path';
import type { AnalyticsConfigService } from '../core/analytics/analytics-config-service.js';
import { DomainError } from '../core/errors.js';
import type { Store } from '../core/ports/store.js';
import { SYSTEM } from '../core/users/principal.js';

const PETS09 = {
  enabled: true,
  stream: 'sub',
  fps: 5,
  scene: {
    zones: [
      {
        id: 'demo-signpost',
        name: 'Illustrative: no entry around the signpost',
        polygon: [
          [0.45, 0.4],
          [0.62, 0.37],
          [0.68, 0.52],
          [0.5, 0.56],
        ],
      },
    ],
    lines: [
      {
        id: 'demo-one-way',
        name: 'Illustrative: one-way crossing (west to east only)',
        from: [0.4, 0.8],
        to: [0.4, 0.3],
        allowedDirection: 'left_to_right',
      },
    ],
    // On PETS09 at 5 fps these two fire every 10-20 s of the 113 s loop (vigie analyze): an alarm comes quickly.
    rules: [
      {
        id: 'demo-signpost-intrusion',
        name: 'Illustrative: someone in the no-entry area',
        kind: 'intrusion',
        zoneId: 'demo-signpost',
        classes: ['person'],
        severity: 'medium',
      },
      {
        id: 'demo-one-way-wrong-way',
        name: 'Illustrative: crossing the one-way line westwards',
        kind: 'wrong_way',
        lineId: 'demo-one-way',
        classes: ['person'],
        severity: 'medium',
      },
    ],
  },
};

// UCSD Ped2's walkway is for pedestrians; its test clips show bikes, skateboards and a cart among them. Crowd movement
// and unusual situations are left off on purpose: the simulator loops clips of 15-18 s and the cut at each loop
// looks like a sudden jump (unusual fired at every loop point of Train001, normal footage, with a model learned on
// Ped2's train clips; crowd movement raised a counter-flow there, docs/analytics-ii.md).
const PED2 = {
  enabled: true,
  stream: 'sub',
  fps: 5,
  scene: {
    zones: [
      {
        id: 'demo-walkway',
        name: 'Illustrative: pedestrian walkway',
        polygon: [
          [0, 0.45],
          [1, 0.42],
          [1, 0.88],
          [0, 0.97],
        ],
      },
    ],
    rules: [
      {
        id: 'demo-walkway-vehicles',
        name: 'Illustrative: cycle or vehicle on the pedestrian walkway',
        kind: 'intrusion',
        zoneId: 'demo-walkway',
        classes: ['bicycle', 'motorcycle', 'car', 'truck'],
        severity: 'low',
      },
    ],
  },
  // Tamper (covered, blinded, moved) suits any fixed camera and raised nothing on Ped2 (docs/analytics-ii.md).
  pipeline: { situations: { tamper: { enabled: true } } },
};

/** The demo's analytics for a camera looping `footage` (API format); none for generated scenes (boxes, nobody). */
export function demoAnalyticsFor(footage: string | undefined): Record<string, unknown> | undefined {
  if (!footage) return undefined;
  // Debian's opencv-doc ships the same PETS09 view as vtest.avi: the same zones fit.
  if (['PETS09-S2L1.mp4', 'vtest.avi'].includes(basename(footage))) return PETS09;
  if (/ucsd-ped2/.test(footage)) return PED2;
  return undefined;
}

/**
 * Stores the demo analytics of each simulated camera that has no analytics configuration yet, through the same
 * service (validation, journal) as the API; a configuration an operator has saved, even disabled, is kept.
 */
export async function seedDemoAnalytics(
  store: Store,
  analytics: AnalyticsConfigService,
  cameras: { id: string; source?: string }[],
  /** A camera the legal gate refused (no authorisation covers it, e.g. the admin revoked the demo's): it is skipped. */
  onRefused: (cameraId: string, why: string) => void = () => {},
): Promise<string[]> {
  const seeded: string[] = [];
  for (const c of cameras) {
    const config = demoAnalyticsFor(c.source);
    if (!config || (await store.analytics.get(c.id))) continue;
    try {
      await analytics.put(SYSTEM, c.id, config);
    } catch (e) {
      if (!(e instanceof DomainError && e.status === 409)) throw e;
      onRefused(c.id, e.message);
      continue;
    }
    seeded.push(c.id);
  }
  return seeded;
}
