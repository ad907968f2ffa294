// The legal-basis register (law.md L4): authorisations, each journaled, and the answers the centre asks of them
// (may this analytic run here today, under which authorisation was this event produced, how long may we keep).
import { createHash, randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../errors.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { LegalDocuments } from '../ports/legal.js';
import type { Store } from '../ports/store.js';
import { familyOfKind, type LegalFamily } from '../shared/law.js';
import { can, type Principal } from '../users/principal.js';
import { basesOverRange, retentionExcess } from './bounds.js';
import { basesFor, type CameraRef, dayOf, missingBasis } from './coverage.js';
import type { Authorisation, AuthorisationInput, AuthorisationRef } from './schemas.js';

/** Published (payload `{ id }`) when an authorisation is created, changed, revoked or given a document. */
export const LEGAL_CHANGED = 'legal.changed';

export class LegalRegister {
  private cache: Authorisation[] | undefined;

  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    /** Authorisations are dated in the centre's local days (e.g. Europe/Paris). */
    readonly timeZone: string,
    private readonly documents: LegalDocuments,
    /** Largest document accepted (legal.documentMaxBytes). */
    readonly documentMaxBytes: number,
    private readonly bus?: Bus,
  ) {
    // Another process (distributed mode) or this one changed the register: read it again at the next question.
    bus?.subscribe(LEGAL_CHANGED, () => (this.cache = undefined));
  }

  /** Today in the centre's time zone (or the day of `ms`). */
  day(ms = this.clock.now()): string {
    return dayOf(ms, this.timeZone);
  }

  /** Every authorisation, from memory (the register is small: tens, not thousands). */
  async all(): Promise<Authorisation[]> {
    this.cache ??= await this.store.authorisations.list();
    return this.cache;
  }

  private reader(p: Principal) {
    if (!can(p, 'legal.read')) throw forbidden();
  }

  private writer(p: Principal) {
    if (!can(p, 'legal.write')) throw forbidden('only an admin keeps the legal register');
  }

  async list(p: Principal): Promise<Authorisation[]> {
    this.reader(p);
    return this.all();
  }

  async get(p: Principal, id: string): Promise<Authorisation> {
    this.reader(p);
    const a = (await this.all()).find((x) => x.id === id);
    if (!a) throw notFound(`authorisation ${id}`);
    return a;
  }

  /** Cameras and sectors of a perimeter must exist: a typo would leave the camera it meant without a basis. */
  private async checkPerimeter(input: AuthorisationInput) {
    const unknownCameras: string[] = [];
    for (const id of input.cameraIds) if (!(await this.store.cameras.get(id))) unknownCameras.push(id);
    const sectors = new Set((await this.store.sectors.list()).map((s) => s.id));
    const unknownSectors = input.sectorIds.filter((id) => !sectors.has(id));
    const problems = [
      ...(unknownCameras.length ? [`unknown cameras: ${unknownCameras.slice(0, 20).join(', ')}`] : []),
      ...(unknownSectors.length ? [`unknown sectors: ${unknownSectors.slice(0, 20).join(', ')}`] : []),
    ];
    if (problems.length) throw badRequest(`perimeter: ${problems.join('; ')}`, { unknownCameras, unknownSectors });
  }

  private changed(id: string) {
    this.cache = undefined;
    this.bus?.publish(LEGAL_CHANGED, { id });
  }

  async create(p: Principal, input: AuthorisationInput, ip = ''): Promise<Authorisation> {
    this.writer(p);
    await this.checkPerimeter(input);
    const now = new Date(this.clock.now()).toISOString();
    const a: Authorisation = {
      ...input,
      id: randomUUID(),
      families: input.families ?? [],
      document: null,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
      createdAt: now,
      createdBy: p.username,
      updatedAt: now,
    };
    await this.store.transaction(async (tx) => {
      await tx.authorisations.insert(a);
      await this.journal.record(
        { actor: p.username, action: 'legal.create', target: a.id, ip, details: summary(a) },
        tx.audit,
      );
    });
    this.changed(a.id);
    return a;
  }

  /**
   * A correction may lower the authorised retention below a camera's own setting: it is recorded (the register says
   * what the prefect decided; refusing it would leave the register wrong), and the effective retention follows it at
   * the next retention pass (retentionDaysOf takes the shorter); the camera's setting is refused at its next change.
   */
  async update(p: Principal, id: string, input: AuthorisationInput, ip = ''): Promise<Authorisation> {
    this.writer(p);
    const cur = await this.get(p, id);
    if (cur.revokedAt) throw conflict(`authorisation ${cur.reference} was revoked: record a new one`);
    await this.checkPerimeter(input);
    const a: Authorisation = {
      ...cur,
      ...input,
      families: input.families ?? [],
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    if (input.retentionDays === undefined) delete a.retentionDays;
    await this.store.transaction(async (tx) => {
      await tx.authorisations.update(a);
      await this.journal.record(
        { actor: p.username, action: 'legal.update', target: id, ip, details: summary(a) },
        tx.audit,
      );
    });
    this.changed(id);
    return a;
  }

  async revoke(p: Principal, id: string, reason: string, ip = ''): Promise<Authorisation> {
    this.writer(p);
    const cur = await this.get(p, id);
    if (cur.revokedAt) throw conflict(`authorisation ${cur.reference} is already revoked`);
    const now = new Date(this.clock.now()).toISOString();
    const a = { ...cur, revokedAt: now, revokedBy: p.username, revokeReason: reason, updatedAt: now };
    await this.store.transaction(async (tx) => {
      await tx.authorisations.update(a);
      await this.journal.record(
        { actor: p.username, action: 'legal.revoke', target: id, ip, details: { reference: a.reference, reason } },
        tx.audit,
      );
    });
    this.changed(id);
    return a;
  }

  /** Attaches the signed document (a PDF, checked by its signature and size), kept by its SHA-256. */
  async attachDocument(p: Principal, id: string, bytes: Buffer, name: string, ip = ''): Promise<Authorisation> {
    this.writer(p);
    const cur = await this.get(p, id);
    if (bytes.length === 0) throw badRequest('the document is empty');
    if (bytes.length > this.documentMaxBytes)
      throw new DomainError(
        413,
        'too_large',
        `the document is ${bytes.length} bytes; at most ${this.documentMaxBytes}`,
      );
    // The content decides, not the name or the declared type: a PDF starts with "%PDF-".
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new DomainError(415, 'unsupported_media_type', 'the document must be a PDF (it does not start with %PDF-)');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.documents.put(sha256, bytes);
    const doc = { sha256, size: bytes.length, name, uploadedAt: new Date(this.clock.now()).toISOString() };
    const a = { ...cur, document: doc, updatedAt: doc.uploadedAt };
    await this.store.transaction(async (tx) => {
      await tx.authorisations.update(a);
      await this.journal.record(
        { actor: p.username, action: 'legal.document', target: id, ip, details: { ...doc } },
        tx.audit,
      );
    });
    this.changed(id);
    return a;
  }

  /** The document's bytes (legal.read; the public register serves only those an admin chose to publish). */
  async document(p: Principal | 'public', id: string): Promise<{ a: Authorisation; bytes: Buffer }> {
    const a = p === 'public' ? (await this.all()).find((x) => x.id === id) : await this.get(p, id);
    if (!a?.document || (p === 'public' && !a.publishDocument)) throw notFound('document');
    const bytes = await this.documents.read(a.document.sha256);
    if (!bytes) throw notFound('document');
    return { a, bytes };
  }

  /** Why these families may not run on the camera on `day` (one line each), empty when each is covered. */
  async missing(c: CameraRef, families: LegalFamily[], day = this.day()): Promise<string[]> {
    const all = await this.all();
    return families.flatMap((f) => missingBasis(all, c, f, day) ?? []);
  }

  /** The gate: refuses (409, every missing basis named) analytics the register does not cover today. */
  async assertCovered(c: CameraRef, families: LegalFamily[]): Promise<void> {
    const why = await this.missing(c, families);
    if (why.length) throw conflict(why.join('; '));
  }

  /** The video_protection authorisations in force covering the camera on `day` (none: it films without a basis). */
  async videoBases(c: CameraRef, day = this.day()): Promise<Authorisation[]> {
    return basesFor(await this.all(), 'video_protection', c, day);
  }

  /** The longest retention the camera's authorisation allows today; undefined when none covers it. */
  async authorisedRetention(c: CameraRef, day = this.day()): Promise<number | undefined> {
    const days = (await this.videoBases(c, day)).flatMap((a) => a.retentionDays ?? []);
    // Two overlapping authorisations (a renewal): the stricter one binds until the older ends.
    return days.length ? Math.min(...days) : undefined;
  }

  /** Refuses (409, the first cameras named) cameras whose own retention exceeds their authorisation's. */
  async assertRetention(cameras: readonly (CameraRef & { retentionDays?: number })[]): Promise<void> {
    const [all, day] = [await this.all(), this.day()];
    const why = cameras.flatMap((c) => retentionExcess(all, c, day) ?? []);
    if (why.length)
      throw conflict(why.slice(0, 20).join('; ') + (why.length > 20 ? ` (and ${why.length - 20} more)` : ''));
  }

  /**
   * The authorisations footage of the camera between two instants was recorded and analysed under (for an export's
   * manifest): the video_protection ones in force on any day of the range (a revoked one until its revocation), and
   * those its events in the range name (algorithmic_processing for analytic events).
   */
  async basesOver(c: CameraRef, fromMs: number, toMs: number): Promise<AuthorisationRef[]> {
    const events = await this.store.events.search({ cameraIds: [c.id], fromMs, toMs, limit: 10_000 });
    const named = new Set(events.flatMap((e) => e.authorisationId ?? []));
    return basesOverRange(await this.all(), c, { fromMs, toMs, from: this.day(fromMs), to: this.day(toMs) }, named);
  }

  /** The authorisation an event of this kind on this camera at `atMs` is produced under (none: undefined). */
  async basisOf(c: CameraRef, kind: string, atMs: number): Promise<string | undefined> {
    const family = familyOfKind(kind);
    const day = this.day(atMs);
    const all = await this.all();
    const found = family
      ? basesFor(all, 'algorithmic_processing', c, day, family)
      : basesFor(all, 'video_protection', c, day);
    return found[0]?.id;
  }
}

const summary = (a: Authorisation) => ({
  kind: a.kind,
  authority: a.authority,
  reference: a.reference,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  cameras: a.cameraIds.length,
  sectors: a.sectorIds,
  families: a.families,
  ...(a.retentionDays !== undefined && { retentionDays: a.retentionDays }),
});
