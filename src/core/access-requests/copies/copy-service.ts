// Anonymised copies for right-of-access requests (law.md L7, issue 21): the supervisor points at the requester on a
// picture of the window, the tracker follows them, and the copy hides everyone else. Every pick, copy and download
// is journaled; a refused attempt too, with nothing produced.
//
// Why files under the data dir and not store tables: the follow record is per-picture boxes (tens of thousands of
// rows for an hour), working data that only the copy reads, made again from the footage at will, and gone with the
// footage's retention; the copy itself is a file. The register (store) keeps what is legal record: the request, its
// steps, and in the answer step the ids of the copies given.
import { randomUUID } from 'node:crypto';
import { privacyMasksOf } from '../../analytics/privacy-masks.js';
import type { AuditJournal } from '../../audit/journal.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { ClipSlots } from '../../recordings/clip-slots.js';
import { isoRange, type PlaybackService } from '../../recordings/playback.js';
import { DAY_MS, type RetentionRule, retentionDaysOf } from '../../recordings/retention.js';
import { can, type Principal } from '../../users/principal.js';
import type { AccessRequestService } from '../access-request-service.js';
import { pending } from '../schemas.js';
import { type CopyManifest, manifestOf } from './copy-manifest.js';
import type { AccessCopyEngine, AccessCopyFiles } from './copy-ports.js';
import { CopyWork } from './copy-work.js';
import {
  keptOn,
  nearestFrame,
  type PickInput,
  presenceOf,
  type RequesterPick,
  stretchAround,
  trackedOn,
  trackNear,
  wallMs,
} from './follow.js';

/**
 * Longest window a copy follows per camera. The follow pass (detector and tracker on every picture) runs within the
 * HTTP call, at about the footage's own speed on one core: an hour is already a long wait (a background job would
 * lift it).
 */
export const MAX_FOLLOW_MS = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();

export class AccessCopyService {
  constructor(
    private readonly o: {
      store: Store;
      journal: AuditJournal;
      clock: Clock;
      requests: AccessRequestService;
      playback: PlaybackService;
      engine: AccessCopyEngine;
      files: AccessCopyFiles;
      retention: RetentionRule;
      version: string;
      /** The exports' concurrency limits, per user and centre (429 past them): a follow pass or a copy takes one. */
      slots?: ClipSlots;
    },
  ) {
    this.work = new CopyWork({
      ...o,
      refused: (p, target, e) => this.refused(p, '', target, e, { attempt: 'access copy work' }),
    });
  }

  private readonly work: CopyWork;

  /** A refused attempt (a 4xx) is journaled as the register journals its own; anything else is thrown as it is. */
  private async refused(p: Principal, ip: string, target: string, e: unknown, details: object): Promise<never> {
    if (e instanceof DomainError && e.status < 500) return this.o.requests.refuse(p, ip, target, e, details);
    throw e;
  }

  /**
   * The request and its camera's plan, when the caller may work on it: 404 outside their sectors (the request and
   * the camera read alike), 400 for a camera the request does not name or a window reaching past the camera's
   * retention now (the footage is gone), 409 once the request is answered.
   */
  private async target(p: Principal, id: string, cameraId: string, ip: string, what: string) {
    if (!can(p, 'access_requests.handle')) throw forbidden();
    try {
      const r = await this.o.requests.get(p, id);
      if (!r.cameraIds.includes(cameraId))
        throw badRequest(`cameraId: camera ${cameraId} is not one of this request's (${r.cameraIds.join(', ')})`);
      if (!pending(r)) throw conflict(`the request is ${r.state.replace('_', ' ')}: no more ${what}`);
      const fromMs = Date.parse(r.from);
      if (Date.parse(r.to) - fromMs > MAX_FOLLOW_MS)
        throw badRequest(
          `the request's window spans ${((Date.parse(r.to) - fromMs) / 3_600_000).toFixed(1)} h: an anonymised copy ` +
            `follows at most ${MAX_FOLLOW_MS / 3_600_000} h per camera (answer partially, or register the hours apart)`,
        );
      const days = await retentionDaysOf(this.o.store, cameraId, this.o.retention);
      const oldest = this.o.clock.now() - days * DAY_MS;
      if (fromMs < oldest)
        throw badRequest(
          `camera ${cameraId} keeps ${days} days of footage: the window starts before ${iso(oldest)}, which no longer exists`,
          { cameraId, retentionDays: days },
        );
      const { camera, plan } = await this.o.playback.plan(p, cameraId, fromMs, Date.parse(r.to), 'recordings.export');
      return { r, camera, plan };
    } catch (e) {
      return this.refused(p, ip, id, e, { cameraId, attempt: what });
    }
  }

  /** The tracked boxes of the picture nearest `at` (fractions of the picture), for the supervisor to click one. */
  async boxesAt(p: Principal, id: string, cameraId: string, at: string, ip = '') {
    const { r, plan } = await this.target(p, id, cameraId, ip, 'picks');
    const rec = await this.work.follow(p, r, cameraId, plan);
    const i = nearestFrame(rec, Date.parse(at));
    return { cameraId, at: iso(wallMs(rec.covered, rec.frames[i]!.o)), tracks: trackedOn(rec, i) };
  }

  async picks(p: Principal, id: string): Promise<RequesterPick[]> {
    if (!can(p, 'access_requests.read')) throw forbidden();
    await this.o.requests.get(p, id);
    return (await this.o.files.readJson<RequesterPick[]>(id, 'picks')) ?? [];
  }

  /** The requester picked on one picture: the track under the point or box, followed through the window. */
  async pick(p: Principal, id: string, input: PickInput, ip = ''): Promise<RequesterPick> {
    const { r, plan } = await this.target(p, id, input.cameraId, ip, 'picks');
    const atMs = Date.parse(input.at);
    const fail = (e: DomainError) => this.refused(p, ip, id, e, { cameraId: input.cameraId, at: input.at });
    if (atMs < Date.parse(r.from) || atMs > Date.parse(r.to))
      return fail(badRequest(`at: ${input.at} is outside the request's window (${r.from} to ${r.to})`));
    const rec = await this.work.follow(p, r, input.cameraId, plan);
    const found = trackNear(rec, atMs, input);
    const hit = found?.box;
    if (!hit)
      return fail(
        new DomainError(422, 'no_track', `no tracked person there at ${input.at}: try another picture, or draw a box`),
      );
    const presence = presenceOf(rec, hit.t).map(isoRange);
    const segments = [isoRange(stretchAround(rec, hit.t, found.i))];
    const now = iso(this.o.clock.now());
    const pk: RequesterPick = {
      id: randomUUID(),
      cameraId: input.cameraId,
      trackId: hit.t,
      cls: hit.c,
      at: input.at,
      box: input.box ?? [input.point![0], input.point![1], 0, 0],
      presence,
      segments,
      manual: false,
      by: p.username,
      createdAt: now,
    };
    await this.work.update<RequesterPick[]>(id, 'picks', (all = []) => [...all, pk]);
    await this.o.journal.record({
      actor: p.username,
      action: 'access_request.pick',
      target: id,
      ip,
      details: { pickId: pk.id, cameraId: pk.cameraId, trackId: pk.trackId, at: pk.at, segments },
    });
    return pk;
  }

  /** The segments where a pick is kept clear, set by hand (the tracker lost them, or followed someone else). */
  async setSegments(p: Principal, id: string, pickId: string, segments: { from: string; to: string }[], ip = '') {
    const all = await this.picks(p, id);
    const pk = all.find((x) => x.id === pickId);
    if (!pk) throw notFound(`pick ${pickId}`);
    const { r } = await this.target(p, id, pk.cameraId, ip, 'segment changes');
    const fail = (e: DomainError) => this.refused(p, ip, id, e, { pickId, segments });
    for (const s of segments) {
      if (Date.parse(s.from) >= Date.parse(s.to)) return fail(badRequest(`segments: ${s.from} is not before ${s.to}`));
      if (Date.parse(s.from) < Date.parse(r.from) || Date.parse(s.to) > Date.parse(r.to))
        return fail(badRequest(`segments: ${s.from} to ${s.to} is outside the request's window`));
    }
    const next = {
      ...pk,
      segments: segments.map((s) => ({ from: iso(Date.parse(s.from)), to: iso(Date.parse(s.to)) })),
      manual: true,
    };
    await this.work.update<RequesterPick[]>(id, 'picks', (all = []) => all.map((x) => (x.id === pickId ? next : x)));
    await this.o.journal.record({
      actor: p.username,
      action: 'access_request.segments',
      target: id,
      ip,
      details: { pickId, before: pk.segments, after: next.segments },
    });
    return next;
  }

  /** Writes the anonymised copy of one camera's window and its manifest (journaled). */
  async create(p: Principal, id: string, cameraId: string, ip = ''): Promise<CopyManifest> {
    const { r, camera, plan } = await this.target(p, id, cameraId, ip, 'copies');
    const picks = (await this.picks(p, id)).filter((x) => x.cameraId === cameraId);
    if (picks.length === 0)
      return this.refused(p, ip, id, conflict(`pick the requester on camera ${cameraId} first`), { cameraId });
    const rec = await this.work.follow(p, r, cameraId, plan);
    const masks = await privacyMasksOf(this.o.store, cameraId);
    const copyId = randomUUID();
    const banner = `copie pour demande d'accès ${r.reference} / copy for access request ${r.reference}`;
    const out = await this.o.files.mp4Path(id, copyId);
    const res = await this.work.slot(p, id, () =>
      this.o.engine.produce(plan.parts, out, {
        masks,
        banner,
        frames: rec.frames,
        keep: (i) => keptOn(rec, i, picks),
      }),
    );
    const m = manifestOf({
      copyId,
      r,
      camera,
      plan,
      picks,
      res,
      banner,
      masks: masks.length,
      by: p.username,
      at: iso(this.o.clock.now()),
      version: this.o.version,
    });
    await this.o.files.writeJson(id, `copy-${copyId}`, m);
    await this.work.update<string[]>(id, 'copies', (list = []) => [...list, copyId]);
    await this.o.journal.record({
      actor: p.username,
      action: 'access_request.copy',
      target: id,
      ip,
      details: { copyId, cameraId, sha256: res.sha256, bytes: res.bytes, picks: picks.map((x) => x.id) },
    });
    return m;
  }

  async list(p: Principal, id: string): Promise<CopyManifest[]> {
    await this.picks(p, id); // rights and scope
    const ids = (await this.o.files.readJson<string[]>(id, 'copies')) ?? [];
    const out: CopyManifest[] = [];
    for (const c of ids) {
      const m = await this.o.files.readJson<CopyManifest>(id, `copy-${c}`);
      if (m) out.push(m);
    }
    return out;
  }

  async manifest(p: Principal, id: string, copyId: string): Promise<CopyManifest> {
    const m = (await this.list(p, id)).find((x) => x.id === copyId);
    if (!m) throw notFound(`copy ${copyId}`);
    return m;
  }

  /** Whether a copy of this request exists (the answer step names the copies given). */
  async has(requestId: string, copyId: string): Promise<boolean> {
    return ((await this.o.files.readJson<string[]>(requestId, 'copies')) ?? []).includes(copyId);
  }

  /** The copy's MP4, journaled before its first byte leaves. */
  async open(p: Principal, id: string, copyId: string, ip = '') {
    if (!can(p, 'access_requests.handle')) throw forbidden();
    const m = await this.manifest(p, id, copyId);
    const f = await this.o.files.open(id, copyId);
    if (!f) throw notFound(`copy ${copyId}'s file`);
    await this.o.journal.record({
      actor: p.username,
      action: 'access_request.copy_download',
      target: id,
      ip,
      details: { copyId, sha256: m.sha256 },
    });
    return { ...f, manifest: m };
  }
}
