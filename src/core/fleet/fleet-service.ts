import { privacyMasksOf } from '../analytics/privacy-masks.js';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { type Bus, FLEET_CHANGED } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { CameraFilter, CameraRecord, Repos, Store } from '../ports/store.js';
import type { SecretBox } from '../security/keys.js';
import { can, canSeeSector, type Principal, sectorScope } from '../users/principal.js';
import type { Camera, CameraParsed, CameraPatch, Sector } from './schemas.js';

export type CameraQuery = Omit<CameraFilter, 'sectorIds'>;

/**
 * What the legal register answers the registry (law.md L4): a camera's own retention stays within the one its
 * video_protection authorisation allows (409 naming both figures and the authorisation otherwise).
 */
export interface RetentionGuard {
  assertRetention(cameras: readonly { id: string; sectorId: string; retentionDays?: number }[]): Promise<void>;
}

/** `<id>-x<base36 time>`: a valid camera id (routes accept it), never taken by a camera (create refuses it). */
async function freeArchiveId(repos: Repos, id: string, atMs: number): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = `${id.slice(0, 44)}-x${atMs.toString(36)}${n ? `-${n}` : ''}`;
    if (!(await repos.cameras.get(candidate)) && !(await repos.cameras.getArchive(candidate))) return candidate;
  }
}

const toCamera = ({ credentialsCipher, ...c }: CameraRecord): Camera => ({
  ...c,
  hasCredentials: credentialsCipher !== null,
});

/** The camera registry: every read is filtered by the caller's sectors, every write journaled. */
export class FleetService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    /** Where committed changes are announced (the recording and analytics reconcilers follow them). */
    private readonly bus?: Bus,
    private readonly legal?: RetentionGuard,
  ) {}

  /** Announces a committed change (after the transaction, so listeners read what was written). */
  private changed<T>(result: T, cameraId?: string): T {
    this.bus?.publish(FLEET_CHANGED, cameraId ? { cameraId } : {});
    return result;
  }

  private now() {
    return new Date(this.clock.now()).toISOString();
  }

  private seal(id: string, creds: CameraParsed['credentials'] | null | undefined) {
    return creds ? this.box.seal(JSON.stringify(creds), `camera:${id}`) : null;
  }

  /** Decrypted credentials, for the media plane only (never exposed over the API). */
  async credentialsFor(id: string): Promise<{ username: string; password: string } | undefined> {
    const c = await this.store.cameras.get(id);
    return c?.credentialsCipher ? JSON.parse(this.box.open(c.credentialsCipher, `camera:${id}`)) : undefined;
  }

  private writer(p: Principal) {
    if (!can(p, 'fleet.write')) throw forbidden();
  }

  /** Out-of-scope cameras answer 404 exactly like missing ones, so their existence does not leak. */
  private async visible(p: Principal, id: string): Promise<CameraRecord> {
    const c = await this.store.cameras.get(id);
    if (!c || !canSeeSector(p, c.sectorId)) throw notFound(`camera ${id}`);
    return c;
  }

  async list(p: Principal, q: CameraQuery) {
    const scope = sectorScope(p);
    const r = await this.store.cameras.list({ ...q, ...(scope && { sectorIds: scope }) });
    return { items: r.items.map(toCamera), total: r.total };
  }

  async get(p: Principal, id: string): Promise<Camera> {
    return toCamera(await this.visible(p, id));
  }

  /**
   * Whose recorded history `id` names: a camera in the caller's scope, or, for admins and auditors only, a deleted
   * camera's archive (decommissioned, no stream); 404 otherwise, as for a missing camera.
   */
  async history(p: Principal, id: string): Promise<Camera> {
    const c = await this.store.cameras.get(id);
    if (c) {
      if (!canSeeSector(p, c.sectorId)) throw notFound(`camera ${id}`);
      return toCamera(c);
    }
    const a = sectorScope(p) === undefined ? await this.store.cameras.getArchive(id) : undefined;
    if (!a) throw notFound(`camera ${id}`);
    const at = new Date(a.deletedAtMs).toISOString();
    return {
      id: a.id,
      name: `${a.name} (camera ${a.cameraId} deleted ${at})`,
      sectorId: a.sectorId,
      streams: { main: '' },
      phase: 'replacement',
      status: 'decommissioned',
      tags: ['archived'],
      hasCredentials: false,
      createdAt: at,
      updatedAt: at,
    } as Camera;
  }

  private async requireSector(repos: Repos, sectorId: string) {
    if (!(await repos.sectors.get(sectorId))) throw badRequest(`sectorId: unknown sector ${sectorId}`);
  }

  async create(p: Principal, c: CameraParsed, ip = ''): Promise<Camera> {
    this.writer(p);
    await this.legal?.assertRetention([c]);
    const created = await this.store.transaction(async (tx) => {
      await this.requireSector(tx, c.sectorId);
      if (await tx.cameras.get(c.id)) throw conflict(`camera ${c.id} already exists`);
      await this.startClean(tx, c.id);
      const now = this.now();
      const { credentials, ...rest } = c;
      const rec: CameraRecord = {
        ...rest,
        credentialsCipher: this.seal(c.id, credentials),
        createdAt: now,
        updatedAt: now,
      };
      await tx.cameras.insert(rec);
      await this.journal.record({ actor: p.username, action: 'camera.create', target: c.id, ip }, tx.audit);
      return toCamera(rec);
    });
    return this.changed(created, c.id);
  }

  async update(p: Principal, id: string, patch: CameraPatch, ip = ''): Promise<Camera> {
    this.writer(p);
    // Only a change of retention or sector is checked: an authorisation that lowered the retention does not block
    // unrelated edits (the retention pass binds the camera to it meanwhile).
    if (this.legal && (patch.retentionDays !== undefined || patch.sectorId !== undefined)) {
      const cur = await this.store.cameras.get(id);
      if (cur) {
        const retentionDays = patch.retentionDays ?? cur.retentionDays;
        const sectorId = patch.sectorId ?? cur.sectorId;
        await this.legal.assertRetention([{ id, sectorId, ...(retentionDays !== undefined && { retentionDays }) }]);
      }
    }
    const updated = await this.store.transaction(async (tx) => {
      const cur = await tx.cameras.get(id);
      if (!cur) throw notFound(`camera ${id}`);
      if (patch.sectorId) await this.requireSector(tx, patch.sectorId);
      const { credentials, ...rest } = patch;
      const next: CameraRecord = {
        ...cur,
        ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
        credentialsCipher: credentials === undefined ? cur.credentialsCipher : this.seal(id, credentials),
        updatedAt: this.now(),
      };
      await tx.cameras.update(next);
      const changed = Object.keys(patch).map((k) => (k === 'credentials' ? 'credentials (value not journaled)' : k));
      await this.journal.record(
        { actor: p.username, action: 'camera.update', target: id, ip, details: { changed } },
        tx.audit,
      );
      return toCamera(next);
    });
    return this.changed(updated, id);
  }

  /**
   * Deletes a camera and archives its history (recordings, holds, events, alarms) under a new archive id, kept in
   * its old sector for admins and auditors and still aged out by retention: a camera later created with the same id
   * starts with no history, so its viewers never see another sector's footage (issue 18).
   */
  async remove(p: Principal, id: string, ip = '') {
    this.writer(p);
    await this.store.transaction(async (tx) => {
      const cur = await tx.cameras.get(id);
      if (!cur) throw notFound(`camera ${id}`);
      const deletedAtMs = this.clock.now();
      const archiveId = await freeArchiveId(tx, id, deletedAtMs);
      const privacyMasks = await privacyMasksOf(tx, id);
      const { name, sectorId, retentionDays } = cur;
      await tx.cameras.archive({
        id: archiveId,
        cameraId: id,
        name,
        sectorId,
        deletedAtMs,
        privacyMasks,
        ...(retentionDays !== undefined && { retentionDays }),
      });
      await tx.cameras.delete(id);
      await this.journal.record(
        { actor: p.username, action: 'camera.delete', target: id, ip, details: { archivedAs: archiveId } },
        tx.audit,
      );
    });
    this.changed(undefined, id);
  }

  /** A new camera takes no history: anything still filed under its id (written after the delete) goes to the archive. */
  private async startClean(repos: Repos, id: string) {
    if (await repos.cameras.getArchive(id)) throw conflict(`camera id ${id} names the archive of a deleted camera`);
    const last = (await repos.cameras.archivesOf(id)).at(-1);
    if (last) await repos.cameras.moveHistory(id, last.id);
  }

  /** All-or-nothing upsert of validated rows; unknown sectors fail the whole import; rows without credentials keep theirs. */
  async importMany(p: Principal, cameras: CameraParsed[], format: string, ip = '') {
    this.writer(p);
    await this.legal?.assertRetention(cameras);
    const imported = await this.store.transaction(async (tx) => {
      const known = new Set((await tx.sectors.list()).map((s) => s.id));
      const unknown = [...new Set(cameras.map((c) => c.sectorId).filter((s) => !known.has(s)))];
      if (unknown.length) throw badRequest(`unknown sectors: ${unknown.join(', ')} (create them first)`);
      const now = this.now();
      const records = cameras.map(({ credentials, ...c }) => ({
        ...c,
        credentialsCipher: this.seal(c.id, credentials),
        createdAt: now,
        updatedAt: now,
      }));
      // Checked in bulk (an import may carry 10 000 rows): only ids with archives need a closer look.
      const clash = await tx.cameras.archiveClash(records.map((c) => c.id));
      if (clash.archiveIds.length)
        throw conflict(`camera ids ${clash.archiveIds.join(', ')} name archives of deleted cameras`);
      for (const id of clash.withArchives) if (!(await tx.cameras.get(id))) await this.startClean(tx, id);
      await tx.cameras.upsertMany(records);
      await this.journal.record(
        { actor: p.username, action: 'fleet.import', target: format, ip, details: { cameras: cameras.length } },
        tx.audit,
      );
      return { imported: cameras.length };
    });
    return this.changed(imported);
  }

  /** The whole visible fleet (for export); journaled as a data access. */
  async exportAll(p: Principal, format: string, ip = ''): Promise<Camera[]> {
    const out = await this.all(sectorScope(p));
    await this.journal.record({
      actor: p.username,
      action: 'fleet.export',
      target: format,
      ip,
      details: { cameras: out.length },
    });
    return out;
  }

  /** Every camera in scope, page by page (internal use: the ingest supervisor, exports). */
  async all(scope?: string[]): Promise<Camera[]> {
    const out: Camera[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.store.cameras.list({ ...(scope && { sectorIds: scope }), limit: 1000, offset });
      out.push(...page.items.map(toCamera));
      if (page.items.length < 1000) break;
    }
    return out;
  }

  async listSectors(p: Principal): Promise<(Sector & { cameras: number })[]> {
    const counts = await this.store.cameras.countBySector();
    return (await this.store.sectors.list())
      .filter((s) => canSeeSector(p, s.id))
      .map((s) => ({ ...s, cameras: counts.get(s.id) ?? 0 }));
  }

  async getSector(p: Principal, id: string): Promise<Sector> {
    const s = await this.store.sectors.get(id);
    if (!s || !canSeeSector(p, id)) throw notFound(`sector ${id}`);
    return s;
  }

  async upsertSector(p: Principal, s: Sector, ip = '', create = false): Promise<Sector> {
    this.writer(p);
    const before = await this.store.sectors.get(s.id);
    if (create && before) throw conflict(`sector ${s.id} already exists`);
    await this.store.sectors.upsert(s);
    const privacy = (x?: Sector) => x?.privacy ?? 'inherit';
    const privacyChanged = !create && privacy(before) !== privacy(s);
    await this.journal.record({
      actor: p.username,
      action: create ? 'sector.create' : 'sector.update',
      target: s.id,
      ip,
      ...(privacyChanged && { details: { privacy: { from: privacy(before), to: privacy(s) } } }),
    });
    // Open live views of its cameras re-check what they are due (blurred or clear) at once.
    return privacyChanged ? this.changed(s) : s;
  }

  async removeSector(p: Principal, id: string, ip = '') {
    this.writer(p);
    if (!(await this.store.sectors.get(id))) throw notFound(`sector ${id}`);
    const n = (await this.store.cameras.countBySector()).get(id) ?? 0;
    if (n > 0) throw conflict(`sector ${id} still has ${n} cameras`);
    await this.store.sectors.delete(id);
    await this.journal.record({ actor: p.username, action: 'sector.delete', target: id, ip });
  }
}
