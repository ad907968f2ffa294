// L4 "at the end date it stops by itself": a pass that switches off the analytics whose legal basis ended (or was
// revoked, or no longer lists a family they detect), and warns supervisors before an authorisation ends.
import { analyticsConfigSchema } from '../analytics/schemas.js';
import type { AuditJournal } from '../audit/journal.js';
import type { NewEvent } from '../events/event-service.js';
import { ANALYTICS_CHANGED, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { LEGAL_FAMILIES, type LegalFamily } from '../shared/law.js';
import { coversCamera, inForce } from './coverage.js';
import { expiryWarnings } from './expiry-warnings.js';
import { familiesOfSpec, withoutFamilies } from './families.js';
import type { LegalRegister } from './legal-register.js';

export interface ExpiryDeps {
  store: Store;
  register: LegalRegister;
  journal: AuditJournal;
  events: { emit(e: NewEvent): Promise<unknown> };
  clock: Clock;
  /** Days before an end at which supervisors are warned (legal.warnDays). */
  warnDays: readonly number[];
  /** Where a stop is announced: the analytics supervisor stops the camera's worker on it at once. */
  bus?: Bus;
}

/** What one pass did: cameras whose analytics it stopped, warnings it raised. */
export interface ExpiryPass {
  stopped: string[];
  warned: { authorisationId: string; level: number }[];
}

export class ExpiryWatch {
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(private readonly d: ExpiryDeps) {}

  /**
   * One pass, after any pass already running (a revocation arriving during the periodic pass must not stop a camera
   * twice nor raise two events).
   */
  run(): Promise<ExpiryPass> {
    const next = this.chain.then(() => this.pass());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Runs a pass every `intervalMs` until stop(); failures go to `onError` and the next pass tries again. */
  start(intervalMs: number, onError: (err: unknown) => void) {
    this.timer ??= setInterval(() => this.run().catch(onError), intervalMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private async pass(): Promise<ExpiryPass> {
    const stopped = await this.stopUncovered();
    const warned = await expiryWarnings(this.d);
    return { stopped, warned };
  }

  /**
   * Every camera whose analytics are on and detect a family no authorisation covers today is switched off, its spec
   * kept (a person re-enables it under a new basis: nothing here ever switches analytics on).
   */
  private async stopUncovered(): Promise<string[]> {
    const { store, register, journal, events, bus, clock } = this.d;
    const day = register.day();
    const all = await register.all();
    const stopped: string[] = [];
    for (const rec of await store.analytics.enabled()) {
      const camera = await store.cameras.get(rec.cameraId);
      if (!camera) continue;
      const spec = JSON.parse(rec.config);
      // A spec this version cannot read may detect anything: it then needs a basis for every family (L3).
      const parsed = analyticsConfigSchema.safeParse(spec);
      const families = parsed.success ? familiesOfSpec(parsed.data) : [...LEGAL_FAMILIES];
      const reasons = await register.missing(camera, families, day);
      if (!reasons.length) continue;
      // Only what lost its basis stops: the camera's other analytics, still covered, keep running. When none is left
      // (or the spec cannot be read), the camera's analytics are switched off whole, the spec kept.
      const uncovered: LegalFamily[] = [];
      for (const f of families) if ((await register.missing(camera, [f], day)).length) uncovered.push(f);
      const reduced = parsed.success ? withoutFamilies(spec, uncovered) : undefined;
      const kept = reduced ? familiesOfSpec(analyticsConfigSchema.parse(reduced)) : [];
      const next = kept.length ? reduced! : { ...spec, enabled: false };
      // The authorisations that did cover these analytics and no longer do: what the supervisor must renew.
      const lost = all.filter(
        (a) =>
          a.kind === 'algorithmic_processing' &&
          coversCamera(a, camera) &&
          a.families.some((f) => families.includes(f)) &&
          // Ended or revoked; one not yet started (a renewal recorded ahead) was never lost.
          !inForce(a, day) &&
          (a.revokedAt !== null || a.endsOn < day),
      );
      const authorisations = lost.map((a) => ({
        id: a.id,
        reference: a.reference,
        endsOn: a.endsOn,
        ...(a.revokedAt && { revokedAt: a.revokedAt }),
      }));
      const at = new Date(clock.now()).toISOString();
      const done = await store.transaction(async (tx) => {
        // Changed since it was read (a person switched it off, or changed it under a new basis): theirs to keep.
        const cur = await tx.analytics.get(rec.cameraId);
        if (!cur?.enabled || cur.config !== rec.config) return false;
        await tx.analytics.put({
          cameraId: rec.cameraId,
          config: JSON.stringify(next),
          enabled: kept.length > 0,
          updatedAt: at,
        });
        await journal.record(
          {
            actor: 'system',
            action: 'legal.analytics_stopped',
            target: rec.cameraId,
            details: { day, reasons, families: uncovered, kept, authorisations },
          },
          tx.audit,
        );
        return true;
      });
      if (!done) continue;
      bus?.publish(ANALYTICS_CHANGED, { cameraId: rec.cameraId });
      stopped.push(rec.cameraId);
      await events.emit({
        cameraId: rec.cameraId,
        kind: 'legal_basis_expired',
        ...(lost[0] && { authorisationId: lost[0].id }),
        details: {
          day,
          reasons,
          families: uncovered,
          kept,
          authorisationIds: lost.map((a) => a.id),
          references: lost.map((a) => a.reference),
          message: `${kept.length ? uncovered.join(', ') : 'analytics'} stopped on ${rec.cameraId}: ${reasons.join('; ')}`,
        },
      });
    }
    return stopped;
  }
}
