// The record of processing activities (RGPD art. 30) and its DPIA annex, built from the live configuration: what the
// centre actually does today (cameras, authorisations, analytics running, roles, masks, keys), never a template. A
// city hands it to its DPO as is; it is dated, and the next build says what changed by differing.

import { analyticsConfigSchema } from '../analytics/schemas.js';
import type { AuditJournal } from '../audit/journal.js';
import { forbidden } from '../errors.js';
import type { Camera } from '../fleet/schemas.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { roles } from '../ports/store.js';
import type { LegalFamily } from '../shared/law.js';
import { LEGAL_RETENTION_CAP_DAYS } from '../shared/law.js';
import { can, type Principal } from '../users/principal.js';
import type { TotpService } from '../users/totp-service.js';
import { basesFor, inForce } from './coverage.js';
import { familiesOfSpec } from './families.js';
import type { LegalRegister } from './legal-register.js';
import { type DpiaItem, dpiaAnnex } from './processing-dpia.js';
import { AUTHORISATION_KINDS, type Authorisation } from './schemas.js';

/** What the configuration says (the wiring reads vigie.yaml; core never does). */
export interface ProcessingSettings {
  controller: { name: string | null; contact: string | null };
  timeZone: string;
  retentionDefaultDays: number;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  anchorIntervalMinutes: number;
  holdsMaxPercent: number;
  /** Hosts only: a URL's path or credentials are nobody's business in a register. */
  mqttHost: string | null;
  webhookHosts: string[];
}

export interface AuthorisationRef {
  id: string;
  kind: string;
  reference: string;
  authority: string;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  inForce: boolean;
  revoked: boolean;
}

export interface ProcessingRecord {
  generatedAt: string;
  /** The local day the record describes (authorisations are dated in local days). */
  day: string;
  controller: ProcessingSettings['controller'];
  purposes: { purpose: string; authorisations: string[] }[];
  purposeTexts: { reference: string; text: string }[];
  dataCategories: { category: string; detail: string }[];
  recipients: {
    roles: { role: string; users: number }[];
    integrations: { kind: 'mqtt' | 'webhook'; host: string }[];
  };
  retention: {
    capDays: number;
    defaultDays: number;
    groups: { days: number; boundBy: 'camera' | 'default' | 'authorisation'; cameras: string[]; sectors: string[] }[];
    camerasWithoutBasis: string[];
  };
  analytics: {
    family: LegalFamily;
    cameras: string[];
    authorisations: AuthorisationRef[];
  }[];
  authorisations: AuthorisationRef[];
  security: {
    users: number;
    sectorScopedUsers: number;
    totpUsers: number;
    adminsWithoutTotp: number;
    sessionTtlHours: number;
    login: { maxFailures: number; windowMinutes: number };
    journal: { entries: number; chain: string; anchorIntervalMinutes: number };
    privacyMasks: { cameraId: string; masks: number }[];
    credentials: { encryption: string; cameras: number };
    evidenceHolds: { active: number; maxPercentOfBudget: number };
  };
  dpia: DpiaItem[];
}

const ref = (a: Authorisation, day: string): AuthorisationRef => ({
  id: a.id,
  kind: a.kind,
  reference: a.reference,
  authority: a.authority,
  signedOn: a.signedOn,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  inForce: inForce(a, day),
  revoked: a.revokedAt !== null,
});

const DATA_CATEGORIES = [
  {
    category: 'images of people in public space',
    detail: 'video of the public highway and public buildings, recorded and shown live; private places masked',
  },
  {
    category: 'no biometric data',
    detail: 'no facial recognition, no biometric identification or categorisation, no search by appearance (law.md L1)',
  },
  {
    category: 'event metadata',
    detail: 'kind, time, camera, zone and snapshot of each attention signal, and its human disposition',
  },
  { category: 'operator journal', detail: 'who viewed, exported or changed what, when and from where (L7)' },
];

export class ProcessingRecordService {
  constructor(
    private readonly store: Store,
    private readonly legal: LegalRegister,
    private readonly totp: TotpService,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    private readonly settings: ProcessingSettings,
  ) {}

  /** The record as it is now (admins and auditors; the read is journaled: it lists the centre's weak points). */
  async build(p: Principal, format: string, ip = ''): Promise<ProcessingRecord> {
    if (!can(p, 'audit.read')) throw forbidden();
    const record = await this.facts();
    await this.journal.record({ actor: p.username, action: 'register.processing', target: format, ip });
    return record;
  }

  private async cameras(): Promise<Camera[]> {
    const out: Camera[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.store.cameras.list({ limit: 1000, offset });
      out.push(...page.items.map(({ credentialsCipher, ...c }) => ({ ...c, hasCredentials: !!credentialsCipher })));
      if (page.items.length < 1000) return out;
    }
  }

  async facts(): Promise<ProcessingRecord> {
    const s = this.settings;
    const now = this.clock.now();
    const day = this.legal.day(now);
    // A stable order (kind, start, reference): two records of the same configuration read, and diff, the same.
    const all = [...(await this.legal.all())].sort(
      (a, b) =>
        AUTHORISATION_KINDS.indexOf(a.kind) - AUTHORISATION_KINDS.indexOf(b.kind) ||
        a.startsOn.localeCompare(b.startsOn) ||
        a.reference.localeCompare(b.reference),
    );
    const current = all.filter((a) => inForce(a, day));
    const cameras = await this.cameras();

    const purposes = new Map<string, string[]>();
    for (const a of current) for (const x of a.purposes) purposes.set(x, [...(purposes.get(x) ?? []), a.reference]);

    // Retention: the camera's own or the default, never past the cap, and bound by its authorisation when stricter.
    const groups = new Map<string, ProcessingRecord['retention']['groups'][number]>();
    const withoutBasis: string[] = [];
    // Only cameras that film (active, in maintenance): a planned or removed one records nothing.
    for (const c of cameras.filter((x) => x.status === 'active' || x.status === 'maintenance')) {
      const vp = basesFor(all, 'video_protection', c, day);
      if (vp.length === 0) withoutBasis.push(c.id);
      const own = Math.min(c.retentionDays ?? s.retentionDefaultDays, LEGAL_RETENTION_CAP_DAYS);
      const authorised = vp.flatMap((a) => a.retentionDays ?? []);
      const bound = authorised.length ? Math.min(...authorised) : undefined;
      const days = bound !== undefined && bound < own ? bound : own;
      const boundBy = bound !== undefined && bound < own ? 'authorisation' : c.retentionDays ? 'camera' : 'default';
      const key = `${days}/${boundBy}`;
      const g = groups.get(key) ?? { days, boundBy, cameras: [], sectors: [] };
      g.cameras.push(c.id);
      if (!g.sectors.includes(c.sectorId)) g.sectors.push(c.sectorId);
      groups.set(key, g);
    }

    // Analytics running now (enabled), per family, with the authorisations that cover each camera for it today.
    const perFamily = new Map<LegalFamily, { cameras: string[]; auth: Map<string, AuthorisationRef> }>();
    const byId = new Map(cameras.map((c) => [c.id, c]));
    for (const rec of await this.store.analytics.enabled()) {
      const c = byId.get(rec.cameraId);
      if (!c) continue;
      const spec = analyticsConfigSchema.parse(JSON.parse(rec.config));
      for (const f of familiesOfSpec(spec)) {
        const e = perFamily.get(f) ?? { cameras: [] as string[], auth: new Map<string, AuthorisationRef>() };
        e.cameras.push(c.id);
        for (const a of basesFor(all, 'algorithmic_processing', c, day, f)) e.auth.set(a.id, ref(a, day));
        perFamily.set(f, e);
      }
    }

    const users = (await this.store.users.list()).filter((u) => !u.disabled);
    let totpUsers = 0;
    let adminsWithoutTotp = 0;
    for (const u of users) {
      const on = await this.totp.enabled(u.id);
      if (on) totpUsers++;
      else if (u.role === 'admin') adminsWithoutTotp++;
    }
    const privacyMasks: { cameraId: string; masks: number }[] = [];
    for (const c of cameras) {
      const rec = await this.store.analytics.get(c.id);
      const masks = rec ? ((JSON.parse(rec.config).privacyMasks as unknown[] | undefined)?.length ?? 0) : 0;
      if (masks) privacyMasks.push({ cameraId: c.id, masks });
    }
    const head = await this.store.audit.last();

    const record: Omit<ProcessingRecord, 'dpia'> = {
      generatedAt: new Date(now).toISOString(),
      day,
      controller: s.controller,
      purposes: [...purposes].sort().map(([purpose, refs]) => ({ purpose, authorisations: refs })),
      purposeTexts: current.filter((a) => a.purposeText).map((a) => ({ reference: a.reference, text: a.purposeText })),
      dataCategories: DATA_CATEGORIES,
      recipients: {
        roles: roles.map((role) => ({ role, users: users.filter((u) => u.role === role).length })),
        integrations: [
          ...(s.mqttHost ? [{ kind: 'mqtt' as const, host: s.mqttHost }] : []),
          ...s.webhookHosts.map((host) => ({ kind: 'webhook' as const, host })),
        ],
      },
      retention: {
        capDays: LEGAL_RETENTION_CAP_DAYS,
        defaultDays: s.retentionDefaultDays,
        groups: [...groups.values()].sort((a, b) => b.days - a.days || a.boundBy.localeCompare(b.boundBy)),
        camerasWithoutBasis: withoutBasis,
      },
      analytics: [...perFamily]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([family, e]) => ({ family, cameras: e.cameras.sort(), authorisations: [...e.auth.values()] })),
      authorisations: all.map((a) => ref(a, day)),
      security: {
        users: users.length,
        sectorScopedUsers: users.filter((u) => (u.role === 'operator' || u.role === 'supervisor') && u.sectorIds.length)
          .length,
        totpUsers,
        adminsWithoutTotp,
        sessionTtlHours: s.sessionTtlHours,
        login: { maxFailures: s.loginMaxFailures, windowMinutes: s.loginWindowMinutes },
        journal: {
          entries: head?.seq ?? 0,
          chain: 'HMAC-SHA256 hash chain, head anchored outside the database',
          anchorIntervalMinutes: s.anchorIntervalMinutes,
        },
        privacyMasks,
        credentials: {
          encryption: 'AES-256-GCM (SecretBox), key outside the data dir',
          cameras: cameras.filter((c) => c.hasCredentials).length,
        },
        evidenceHolds: { active: (await this.store.holds.active()).length, maxPercentOfBudget: s.holdsMaxPercent },
      },
    };
    return { ...record, dpia: dpiaAnnex(record) };
  }
}
