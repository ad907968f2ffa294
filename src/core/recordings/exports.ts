import { randomUUID } from 'node:crypto';
import { type MaskPolygons, privacyMasksOf } from '../analytics/privacy-masks.js';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, DomainError, notFound } from '../errors.js';
import type { AuthorisationRef } from '../legal/schemas.js';
import type { ClipMaker, ExportStore } from '../ports/clips.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { Principal } from '../users/principal.js';
import type { ClipSlots } from './clip-slots.js';
import { holdCovers } from './holds.js';
import { isoRange, type PlaybackService } from './playback.js';
import { DAY_MS, type RetentionRule, retentionDaysOf } from './retention.js';
import { formatBytes, type StorageBudget } from './storage-budget.js';

/** Which authorisations covered a camera's footage over a range (the legal register answers). */
export type BasesOver = (
  c: { id: string; sectorId: string },
  fromMs: number,
  toMs: number,
) => Promise<AuthorisationRef[]>;

/** The exports' own budget and retention (never paid for with recordings), and who hears when they change. */
export interface ExportLimits {
  budget: StorageBudget;
  retentionDays: number;
  onChange?: () => void;
}

const insufficient = (why: string) => new DomainError(507, 'insufficient_storage', why);

/** A failed export, said: 507 on a full disk, 409 when footage went meanwhile, else 500 with the tool's words. */
export function exportError(e: unknown): DomainError {
  // The tool's own words say what is wrong; the server's paths are no business of the caller.
  const msg = (e instanceof Error ? e.message : String(e)).replace(/(?:\/[^\s/'"|]+)+\/([^\s/'"|]+)/g, '$1');
  if (/ENOSPC|No space left/i.test(msg))
    return insufficient('export failed: the exports volume is full (nothing was kept); try again later');
  if (/No such file or directory|ENOENT/i.test(msg))
    return new DomainError(
      409,
      'conflict',
      'export failed: part of the footage was deleted meanwhile (retention); nothing was kept, try again',
    );
  return new DomainError(500, 'export_failed', `export failed, nothing was kept: ${msg.slice(0, 300)}`);
}

export interface ExportManifest {
  id: string;
  cameraId: string;
  cameraName: string;
  requested: { from: string; to: string };
  /** What the file shows, in order; offsetSeconds is where each range starts inside the file. */
  covered: { from: string; to: string; offsetSeconds: number }[];
  /** Parts of the requested range with no recording: the file jumps over them. */
  gaps: { from: string; to: string }[];
  file: string;
  bytes: number;
  sha256: string;
  durationSeconds: number;
  segments: number;
  exportedBy: string;
  exportedAt: string;
  reason: string;
  note: string;
  /** Privacy masks burned into the file (0: a stream copy of the recording). */
  privacyMasks: number;
  /**
   * The authorisations the footage was recorded and analysed under (law.md L4): the camera's video_protection ones
   * over the range and those its events name; empty when none covered it. Absent in manifests made before.
   */
  authorisations?: AuthorisationRef[];
  /** Set when retention deleted the MP4 (footage past its retention, under no hold); the manifest stays as the record. */
  purgedAt: string | null;
}

const MASKED_NOTE =
  "The camera's privacy masks are burned in: the video is re-encoded (H.264), any sound copied. The start is cut at the keyframe at or before the requested start, so covered may begin slightly earlier; gaps were not recorded.";

const NOTE =
  'Stream copy, no re-encoding. The start is cut at the keyframe at or before the requested start, so covered may begin slightly earlier; gaps were not recorded.';

/** Exports: one MP4 by stream copy plus a manifest with its SHA-256; creation and downloads journaled (L7). */
export class ExportService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly playback: PlaybackService,
    private readonly clips: ClipMaker,
    private readonly files: ExportStore,
    private readonly clock: Clock,
    /** The centre's default days, or the rule that also binds cameras to their authorisation (law.md L4). */
    private readonly defaultDays: number | RetentionRule,
    private readonly limits?: ExportLimits,
    /** Concurrent exports per user and per centre (429 past them). */
    private readonly slots?: ClipSlots,
    /** Names in each manifest the authorisations the footage was recorded under (law.md L4). */
    private readonly basesOver?: BasesOver,
  ) {}

  /** Bytes of exports being written, counted against the budget until their file is there. */
  private reserved = 0;
  private checking: Promise<unknown> = Promise.resolve();

  /** One export at a time per slot: 429 past the per-user or per-centre limit, the slot held until the file is made. */
  async create(
    p: Principal,
    cameraId: string,
    fromMs: number,
    toMs: number,
    reason: string,
    ip = '',
  ): Promise<ExportManifest> {
    const release = this.slots?.acquire(p.userId) ?? (() => {});
    try {
      return await this.make(p, cameraId, fromMs, toMs, reason, ip);
    } finally {
      release();
    }
  }

  private async make(
    p: Principal,
    cameraId: string,
    fromMs: number,
    toMs: number,
    reason: string,
    ip: string,
  ): Promise<ExportManifest> {
    const why = reason.trim();
    if (why.length < 3) throw badRequest('reason: say why the footage is exported (e.g. a requisition number)');
    // Reading the footage can fail too (a segment deleted meanwhile, a damaged file): said, never a bare 500.
    const { camera, plan } = await this.playback
      .plan(p, cameraId, fromMs, toMs, 'recordings.export')
      .catch((e) => Promise.reject(e instanceof DomainError ? e : exportError(e)));
    const id = randomUUID();
    // The camera's privacy masks are burned into the export: private areas never leave the centre (law, L6).
    const masks = await privacyMasksOf(this.store, cameraId);
    const reserved = await this.reserve(cameraId, fromMs, toMs);
    // Once written, the file counts for itself.
    const { bytes, sha256 } = await this.write(id, plan.parts, masks).finally(() => (this.reserved -= reserved));
    const m: ExportManifest = {
      id,
      cameraId,
      cameraName: camera.name,
      requested: isoRange(plan.requested),
      covered: plan.covered.map((c) => ({ ...isoRange(c), offsetSeconds: c.offsetMs / 1000 })),
      gaps: plan.gaps.map(isoRange),
      file: `${id}.mp4`,
      bytes,
      sha256,
      durationSeconds: plan.durationMs / 1000,
      segments: plan.segments,
      exportedBy: p.username,
      exportedAt: new Date(this.clock.now()).toISOString(),
      reason: why,
      note: masks.length > 0 ? MASKED_NOTE : NOTE,
      privacyMasks: masks.length,
      ...(this.basesOver && { authorisations: await this.basesOver(camera, fromMs, toMs) }),
      purgedAt: null,
    };
    try {
      await this.files.writeManifest(id, JSON.stringify(m, null, 2));
      await this.journal.record({
        actor: p.username,
        action: 'export.create',
        target: cameraId,
        ip,
        details: { exportId: id, sha256, bytes, ...m.requested, covered: m.covered, gaps: m.gaps, reason: why },
      });
    } catch (e) {
      // An export nobody journaled must not exist.
      await this.files.removeMp4(id);
      throw e;
    }
    this.limits?.onChange?.();
    return m;
  }

  /**
   * Refused before any byte is written when the footage (its recorded bytes) would not fit the export budget;
   * otherwise those bytes are reserved until the file is written, so exports made at once cannot together pass it.
   */
  private reserve(cameraId: string, fromMs: number, toMs: number): Promise<number> {
    const run = this.checking.then(() => this.checkBudget(cameraId, fromMs, toMs));
    this.checking = run.catch(() => {});
    return run;
  }

  private async checkBudget(cameraId: string, fromMs: number, toMs: number): Promise<number> {
    if (!this.limits) return 0;
    const estimate = (await this.store.segments.summary(cameraId, fromMs, toMs)).bytes;
    const f = await this.limits.budget.figures();
    const used = f.exportsBytes + this.reserved;
    if (used + estimate <= f.exportsLimit) {
      this.reserved += estimate;
      return estimate;
    }
    throw insufficient(
      `export budget full: exports use ${formatBytes(used)} of their ${formatBytes(f.exportsLimit)} budget ` +
        `(exports.maxBytes) and this one needs about ${formatBytes(estimate)}; exports are kept ${this.limits.retentionDays} days ` +
        '(exports.retentionDays), recordings are never deleted to make room for them.',
    );
  }

  /** Writes the MP4; a failure leaves no half file and says what went wrong (507 on a full disk). */
  private async write(id: string, parts: Parameters<ClipMaker['toFile']>[0], masks: MaskPolygons) {
    try {
      return await this.clips.toFile(parts, await this.files.mp4Path(id), { masks });
    } catch (e) {
      await this.files.removeMp4(id).catch(() => {});
      throw exportError(e);
    }
  }

  /** A manifest, if the caller may export footage of its camera (404 otherwise, as for a missing one). */
  async get(p: Principal, id: string): Promise<ExportManifest> {
    const raw = await this.files.readManifest(id);
    if (!raw) throw notFound(`export ${id}`);
    // Manifests written before masks were burned in have no count: those files are stream copies.
    const m = { privacyMasks: 0, ...JSON.parse(raw) } as ExportManifest;
    // An export made before its camera was deleted belongs to that camera's archive, not to a re-created namesake.
    const owner = await this.store.cameras.ownerAt(m.cameraId, Date.parse(m.exportedAt));
    await this.playback.camera(p, owner, 'recordings.export').catch((e) => {
      throw e instanceof DomainError && e.status === 404 ? notFound(`export ${id}`) : e;
    });
    return m;
  }

  async download(p: Principal, id: string, ip = '') {
    const m = await this.get(p, id);
    const file = m.purgedAt ? undefined : await this.files.open(id);
    if (!file)
      throw new DomainError(410, 'gone', `export ${id} was deleted by retention at ${m.purgedAt ?? 'an unknown time'}`);
    await this.journal.record({
      actor: p.username,
      action: 'export.download',
      target: m.cameraId,
      ip,
      details: { exportId: id, sha256: m.sha256 },
    });
    return { manifest: m, ...file };
  }

  /** Deletes export MP4s whose footage is past its camera's retention and under no active hold (L5); returns how many. */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    let n = 0;
    for (const id of await this.files.list()) {
      const raw = await this.files.readManifest(id);
      const m = raw ? (JSON.parse(raw) as ExportManifest) : undefined;
      if (!m || m.purgedAt) continue;
      const fromMs = Date.parse(m.covered[0]?.from ?? m.requested.from);
      const toMs = Date.parse(m.covered.at(-1)?.to ?? m.requested.to);
      // An export made before its camera was deleted belongs to that camera's archive, not to a re-created namesake.
      const cam = await this.store.cameras.ownerAt(m.cameraId, Date.parse(m.exportedAt));
      // Its footage past the camera's retention (copies do not extend it), or the export past its own retention.
      const footageDue = now - toMs > (await retentionDaysOf(this.store, cam, this.defaultDays)) * DAY_MS;
      const own = this.limits?.retentionDays;
      const exportDue = own !== undefined && now - Date.parse(m.exportedAt) > own * DAY_MS;
      if (!footageDue && !exportDue) continue;
      if ((await this.store.holds.active(cam)).some((h) => holdCovers(h, cam, fromMs, toMs))) continue;
      await this.files.removeMp4(id);
      const purgedAt = new Date(now).toISOString();
      await this.files.writeManifest(id, JSON.stringify({ ...m, purgedAt }, null, 2));
      await this.journal.record({
        actor: 'system',
        action: 'retention.delete',
        target: 'export',
        details: {
          reason: footageDue ? 'age' : 'export_age',
          exportId: id,
          cameras: [m.cameraId],
          oldest: m.covered[0]?.from,
          newest: m.covered.at(-1)?.to,
          bytes: m.bytes,
        },
      });
      n++;
    }
    return n;
  }
}
