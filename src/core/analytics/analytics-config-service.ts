import type { AuditJournal } from '../audit/journal.js';
import { forbidden } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import { familiesOfSpec } from '../legal/families.js';
import type { LegalRegister } from '../legal/legal-register.js';
import { ANALYTICS_CHANGED, type Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { can, type Principal } from '../users/principal.js';
import { type AnalyticsConfig, analyticsConfigSchema } from './schemas.js';

/** Per-camera analytics configuration, in the database, validated by the same schema as the API. */
export class AnalyticsConfigService {
  constructor(
    private readonly store: Store,
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    /** The legal-basis register: analytics run only under an authorisation in force (law.md L4). */
    private readonly legal: LegalRegister,
    /** Where committed changes are announced (the analytics supervisor applies them at once). */
    private readonly bus?: Bus,
  ) {}

  async get(p: Principal, cameraId: string): Promise<AnalyticsConfig> {
    await this.fleet.get(p, cameraId);
    const rec = await this.store.analytics.get(cameraId);
    return analyticsConfigSchema.parse(rec ? JSON.parse(rec.config) : {});
  }

  async put(p: Principal, cameraId: string, input: unknown, ip = ''): Promise<AnalyticsConfig> {
    const camera = await this.fleet.get(p, cameraId);
    if (!can(p, 'fleet.write')) throw forbidden();
    const config = analyticsConfigSchema.parse(input);
    // The gate: switching analytics on, or changing them while on, needs a basis for each family they detect.
    // Switching them off never does (that is what an expiry or a revocation asks for).
    if (config.enabled) await this.legal.assertCovered(camera, familiesOfSpec(config));
    await this.store.transaction(async (tx) => {
      await tx.analytics.put({
        cameraId,
        config: JSON.stringify(config),
        enabled: config.enabled,
        updatedAt: new Date(this.clock.now()).toISOString(),
      });
      const zones = config.scene?.zones.length ?? 0;
      const rules = config.scene?.rules.map((r) => r.kind) ?? [];
      await this.journal.record(
        {
          actor: p.username,
          action: 'analytics.config',
          target: cameraId,
          ip,
          details: { enabled: config.enabled, zones, rules, masks: config.privacyMasks.length },
        },
        tx.audit,
      );
    });
    this.bus?.publish(ANALYTICS_CHANGED, { cameraId });
    return config;
  }

  /** Every camera with analytics on (for the analytics supervisor). */
  async enabled(): Promise<{ cameraId: string; config: AnalyticsConfig }[]> {
    return (await this.store.analytics.enabled()).map((r) => ({
      cameraId: r.cameraId,
      config: analyticsConfigSchema.parse(JSON.parse(r.config)),
    }));
  }
}
