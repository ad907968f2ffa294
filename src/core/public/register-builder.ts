// Builds the public register from the live configuration: the published cameras (never the withheld ones), what
// films and runs on each and under which authorisation, the contracts and the monthly statistics. Nothing personal:
// no user names, no snapshots, no stream URLs.
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { analyticsConfigSchema } from '../analytics/schemas.js';
import { basesFor, coversCamera, inForce } from '../legal/coverage.js';
import type { LegalRegister } from '../legal/legal-register.js';
import type { Authorisation } from '../legal/schemas.js';
import type { Clock } from '../ports/clock.js';
import type { CameraRecord, Store } from '../ports/store.js';
import { LEGAL_RETENTION_CAP_DAYS } from '../shared/law.js';
import { kindsOfSpec, publicAnalytic } from './analytics-of.js';
import type { MonthStatistics, PublicCamera, PublicRegisterDoc, PublicStatistics } from './register-schemas.js';
import { lastMonths, monthStatistics } from './statistics.js';

export interface RegisterOptions {
  minCount: number;
  timeZone: string;
  /** retention.days: a camera without its own retention keeps this long. */
  defaultRetentionDays: number;
  cityName?: string;
  contactEmail?: string;
  contactUrl?: string;
  /** Months of statistics in the register (the current one included). */
  months: number;
}

export const documentUrl = (a: Authorisation) =>
  a.document && a.publishDocument ? `/public/documents/${a.id}.pdf` : null;

const ref = (a: Authorisation) => ({
  id: a.id,
  kind: a.kind,
  reference: a.reference,
  authority: a.authority,
  signedOn: a.signedOn,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  sha256: a.document?.sha256 ?? null,
  documentUrl: documentUrl(a),
});

export interface BuiltRegister {
  register: PublicRegisterDoc;
  /** Every camera of the fleet's analytics kinds, withheld ones included (only for the algorithms' status). */
  kindsInUse: Set<string>;
  /** Published cameras per analytic kind. */
  publishedPerKind: Map<string, number>;
  inForce: Authorisation[];
}

export class RegisterBuilder {
  constructor(
    private readonly store: Store,
    private readonly legal: LegalRegister,
    private readonly clock: Clock,
    readonly o: RegisterOptions,
  ) {}

  /** The published cameras and whether each is published, in one pass over the fleet. */
  private async fleet(): Promise<{ all: CameraRecord[]; published: CameraRecord[]; covers: Map<string, string> }> {
    const { items: all } = await this.store.cameras.list({ limit: 10_000_000 });
    const rows = new Map((await this.store.publication.list()).map((r) => [r.cameraId, r]));
    const covers = new Map<string, string>();
    for (const [id, r] of rows) if (r.covers) covers.set(id, r.covers);
    return { all, published: all.filter((c) => rows.get(c.id)?.published !== false), covers };
  }

  async statistics(months: string[], cameras?: number): Promise<PublicStatistics> {
    const now = this.clock.now();
    const n = cameras ?? (await this.store.cameras.list({ limit: 1 })).total;
    const out: MonthStatistics[] = [];
    for (const m of months) {
      // The embedded SQLite answers synchronously, so awaiting it never lets a request in: a month at a time does.
      await yieldToRequests();
      out.push(await monthStatistics(this.store.publicStats, m, now, n, this.o));
    }
    return {
      generatedAt: new Date(now).toISOString(),
      minCount: this.o.minCount,
      timeZone: this.o.timeZone,
      months: out,
    };
  }

  async build(): Promise<BuiltRegister> {
    const now = this.clock.now();
    const day = this.legal.day(now);
    const { all, published, covers } = await this.fleet();
    const sectors = new Map((await this.store.sectors.list()).map((s) => [s.id, s.name]));
    const auths = await this.legal.all();
    const live = auths.filter((a) => inForce(a, day));
    const enabled = new Map<string, string[]>();
    let n = 0;
    for (const r of await this.store.analytics.enabled()) {
      // Parsing a spec takes ~0.15 ms: thousands of them in one go would hold up the requests served meanwhile.
      if (++n % 100 === 0) await yieldToRequests();
      enabled.set(r.cameraId, kindsOfSpec(analyticsConfigSchema.parse(JSON.parse(r.config))));
    }
    const kindsInUse = new Set([...enabled.values()].flat());
    const publishedPerKind = new Map<string, number>();

    const cameras: PublicCamera[] = published.map((c) => {
      const mine = live.filter((a) => coversCamera(a, c));
      const video = basesFor(live, 'video_protection', c, day);
      const authorised = video.flatMap((a) => a.retentionDays ?? []);
      const kinds = enabled.get(c.id) ?? [];
      for (const k of kinds) publishedPerKind.set(k, (publishedPerKind.get(k) ?? 0) + 1);
      return {
        id: c.id,
        name: c.name,
        sector: sectors.get(c.sectorId) ?? c.sectorId,
        lat: c.position?.lat ?? null,
        lon: c.position?.lon ?? null,
        covers: covers.get(c.id) ?? null,
        phase: c.phase,
        installedAt: c.installedAt ?? null,
        purposes: [...new Set(mine.flatMap((a) => a.purposes))].sort(),
        retentionDays: Math.min(
          c.retentionDays ?? this.o.defaultRetentionDays,
          LEGAL_RETENTION_CAP_DAYS,
          ...authorised,
        ),
        videoProtectionInForce: video.length > 0,
        authorisations: mine.map(ref),
        analytics: kinds.map(publicAnalytic),
      };
    });

    // A sector holding only withheld cameras is not named either: its name could point at them.
    const publicSectors = new Set(published.map((c) => c.sectorId));
    const contracts = (await this.store.contracts.list()).map((c) => ({
      id: c.id,
      vendor: c.vendor,
      object: c.object,
      amountCents: c.amountCents ?? null,
      currency: c.currency,
      signedOn: c.signedOn,
      durationMonths: c.durationMonths ?? null,
      maintenance: c.maintenance,
    }));
    const register: PublicRegisterDoc = {
      generatedAt: new Date(now).toISOString(),
      city: this.o.cityName ?? null,
      contact: { email: this.o.contactEmail ?? null, url: this.o.contactUrl ?? null },
      cameras,
      authorisations: live.map((a) => ({
        ...ref(a),
        purposes: a.purposes,
        purposeText: a.purposeText,
        families: a.families,
        retentionDays: a.retentionDays ?? null,
        cameras: published.filter((c) => coversCamera(a, c)).length,
        sectors: a.sectorIds.filter((s) => publicSectors.has(s)).map((s) => sectors.get(s) ?? s),
      })),
      contracts,
      // Withheld cameras still count: the statistics are the whole centre's.
      statistics: await this.statistics(lastMonths(now, this.o.timeZone, this.o.months), all.length),
    };
    return { register, kindsInUse, publishedPerKind, inForce: live };
  }
}
