// What the route × role matrix calls with: two sectors (nord: the scoped roles' own, sud: another), a camera in each
// with a recorded segment, an event with a snapshot, an alarm, a hold and an export, and per route a request that is
// valid for an allowed caller (fresh fixtures for the routes that consume them: deletes, releases, alarm steps).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Role } from '../../src/core/ports/store.js';
import { base32Decode, hotp, totpStep } from '../../src/core/security/totp.js';
import { type Principal, SYSTEM } from '../../src/core/users/principal.js';
import { makeSegments, placeSegment, SEG_MS } from '../recordings/helpers.js';
import { Client, PASSWORD, type TestCentre } from '../support/centre.js';
import type { RoleName } from './rights-table.js';

export type Where = 'in' | 'out';
/** Text found only in the other sector's data: a scoped caller must never see it. */
export const SECRET = 'SUD-SECRET';

export interface Caller {
  client: Client;
  userId: string;
  username: string;
  principal?: Principal;
}

export interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Another client than the role's session (a logout ends the session it is sent with). */
  client?: Client;
}

interface PerSector {
  camera: string;
  event: string;
  alarm: string;
  hold: string;
  export: string;
}

export class Fixtures {
  readonly callers = {} as Record<RoleName, Caller>;
  readonly at: Record<Where, PerSector> = { in: {} as PerSector, out: {} as PerSector };
  T0 = 0;
  /** An authorisation with a document, for the register's reads and its document routes. */
  authorisation = '';
  /** An authorisation whose document an admin published (its id). */
  publicDocument = '';
  /** An access request over the own sector's camera (one over the other sector's is kept out of scoped lists). */
  accessRequest = '';
  /** A pick of the requester and an anonymised copy on it. */
  pick = '';
  copy = '';
  private n = 0;
  private files: string[] = [];

  constructor(readonly t: TestCentre) {}

  get s() {
    return this.t.centre.services;
  }

  seq() {
    return ++this.n;
  }

  sector = (w: Where) => (w === 'in' ? 'nord' : 'sud');

  async setup() {
    const { fleet, store, events, alarms, holds, exports } = this.s;
    await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
    await fleet.upsertSector(SYSTEM, { id: 'sud', name: `${SECRET} sector` });
    this.T0 = this.t.clock.t - 3_600_000;
    this.files = makeSegments(1);
    for (const w of ['in', 'out'] as const) {
      const camera = w === 'in' ? 'CAM-N' : 'CAM-S';
      const secret = w === 'out' ? SECRET : 'nord';
      await this.camera(camera, this.sector(w), `${secret} camera`);
      await placeSegment(store, join(this.t.dataDir, 'recordings'), camera, this.T0, this.files[0]!);
      const snapshot = `${camera}/matrix.jpg`;
      mkdirSync(dirname(this.s.snapshots.absolute(snapshot)), { recursive: true });
      writeFileSync(this.s.snapshots.absolute(snapshot), `${secret} jpeg bytes`);
      const ev = await events.emit({
        cameraId: camera,
        kind: 'intrusion',
        details: { note: `${secret} event` },
        snapshot,
      });
      await alarms.idle();
      const range = { fromMs: this.T0, toMs: this.T0 + SEG_MS };
      const hold = await holds.create(SYSTEM, camera, { ...range, reason: `${secret} requisition` });
      const m = await exports.create(SYSTEM, camera, range.fromMs, range.toMs, `${secret} requisition`);
      // A listed bookmark per sector: the other sector's must never show in a scoped caller's list.
      await this.s.bookmarks.create(SYSTEM, { cameraId: camera, atMs: this.T0, note: `${secret} bookmark` });
      this.at[w] = {
        camera,
        event: ev.id,
        alarm: (await store.alarms.byEvent(ev.id))!.id,
        hold: hold.id,
        export: m.id,
      };
    }
    // The public register shows the own sector's camera and a published document; the other sector's camera is
    // withheld, so that the public routes, which every role may call, carry nothing of it.
    await this.s.publication.setCamera(SYSTEM, 'CAM-S', { published: false, reason: 'matrix: other sector' });
    const doc = await this.s.legal.create(SYSTEM, {
      kind: 'other',
      authority: 'Matrix authority',
      reference: 'MATRIX-1',
      signedOn: '2026-01-01',
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
      purposes: ['other'],
      purposeText: '',
      cameraIds: ['CAM-N'],
      sectorIds: [],
      publishDocument: true,
    });
    await this.s.legal.attachDocument(SYSTEM, doc.id, Buffer.from('%PDF-1.4 matrix'), 'matrix.pdf');
    this.publicDocument = doc.id;
    this.accessRequest = (await this.s.accessRequests.create(SYSTEM, accessRequest(this, 'CAM-N'))).id;
    await this.accessCopy();
    await this.s.accessRequests.create(SYSTEM, { ...accessRequest(this, 'CAM-S'), description: `${SECRET} person` });
    const roles: [RoleName, Role, string[]][] = [
      ['admin', 'admin', []],
      ['supervisor', 'supervisor', ['nord']],
      ['operator', 'operator', ['nord']],
      ['auditor', 'auditor', []],
    ];
    for (const [name, role, sectorIds] of roles) {
      const client = await this.t.user(`m-${name}`, role, sectorIds);
      const u = (await store.users.getByUsername(`m-${name}`))!;
      const principal: Principal = { userId: u.id, username: u.username, role, sectorIds, via: 'session' };
      this.callers[name] = { client, userId: u.id, username: u.username, principal };
    }
    this.callers.anonymous = { client: new Client(this.t.base), userId: '', username: '' };
    const a = await this.s.legal.create(SYSTEM, authorisation(this));
    await this.s.legal.attachDocument(SYSTEM, a.id, Buffer.from(PDF), 'matrix.pdf');
    this.authorisation = a.id;
  }

  /**
   * Cameras other routes created in the other sector (named with SECRET) are published by default: withhold them
   * all, as an admin would a sensitive sector, and rebuild, so that the check that nothing of the other sector
   * shows holds the public routes to "a withheld camera appears nowhere".
   */
  async publicCall(path: string): Promise<Call> {
    const { items } = await this.s.store.cameras.list({ sectorId: 'sud', limit: 10_000 });
    for (const c of items)
      if ((await this.s.store.publication.get(c.id))?.published !== false)
        await this.s.publication.setCamera(SYSTEM, c.id, { published: false, reason: 'matrix: other sector' });
    await this.s.publicRegister!.refresh();
    return { path };
  }

  async contract() {
    return (await this.s.publication.createContract(SYSTEM, { ...CONTRACT, currency: 'EUR' })).id;
  }

  /**
   * A pick and a copy on the access request. The test pattern has no one in it: after the real follow pass, a
   * tracked person is put into its record as the tracker would have written it, so that a click can find them.
   */
  private async accessCopy() {
    const id = this.accessRequest;
    const at = this.range().from;
    await this.s.accessCopies.boxesAt(SYSTEM, id, 'CAM-N', at);
    const name = `follow-${createHash('sha256').update('CAM-N').digest('hex').slice(0, 16)}.json`;
    const file = join(this.t.dataDir, 'access-copies', id, name);
    const rec = JSON.parse(readFileSync(file, 'utf8'));
    for (const fr of rec.frames) fr.x.push({ t: 1, c: 'person', b: [100, 40, 40, 100] });
    writeFileSync(file, JSON.stringify(rec));
    this.pick = (await this.s.accessCopies.pick(SYSTEM, id, { cameraId: 'CAM-N', at, point: [0.37, 0.5] })).id;
    this.copy = (await this.s.accessCopies.create(SYSTEM, id, 'CAM-N')).id;
  }

  cleanup() {
    if (this.files[0]) rmSync(dirname(this.files[0]), { recursive: true, force: true });
  }

  async camera(id: string, sectorId: string, name = id) {
    await this.s.fleet.create(SYSTEM, {
      id,
      name,
      sectorId,
      address: `${name} street`,
      streams: { main: 'rtsp://127.0.0.1:9/none' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
    return id;
  }

  /** A new alarm (its own zone, so that it does not join an open one). */
  async alarm(w: Where) {
    const ev = await this.s.events.emit({ cameraId: this.at[w].camera, kind: 'intrusion', zoneId: `z${this.seq()}` });
    await this.s.alarms.idle();
    return (await this.s.store.alarms.byEvent(ev.id))!.id;
  }

  async hold(w: Where) {
    const range = { fromMs: this.T0, toMs: this.T0 + SEG_MS };
    return (await this.s.holds.create(SYSTEM, this.at[w].camera, { ...range, reason: 'requisition 42' })).id;
  }

  /** A fresh bookmark by the role's own user (deleting is for its author), on the sector's camera. */
  async bookmark(role: RoleName, w: Where) {
    const c = this.callers[role];
    const id = `00000000-0000-4000-8000-${String(this.seq()).padStart(12, '0')}`;
    await this.s.store.bookmarks.add({
      id,
      cameraId: this.at[w].camera,
      atMs: this.T0,
      endMs: null,
      note: 'to delete',
      authorId: c.userId || 'system',
      author: c.username || 'system',
      createdAt: new Date(this.T0).toISOString(),
    });
    return id;
  }

  async loginAgain(role: RoleName) {
    const c = new Client(this.t.base);
    if (role !== 'anonymous') await c.login(this.callers[role].username, PASSWORD);
    return c;
  }

  range(ms = SEG_MS) {
    return { from: new Date(this.T0).toISOString(), to: new Date(this.T0 + ms).toISOString() };
  }
}

type Builder = (f: Fixtures, role: RoleName, w: Where) => Promise<Call> | Call;

const CONTRACT = { vendor: 'Matrix SA', object: 'cameras', signedOn: '2026-01-01', maintenance: 'none' };

const q = (f: Fixtures) => `from=${f.range().from}&to=${f.range(5000).to}`;

/** A request per route, valid for an allowed caller; `w` picks the sector of the ids it names. */
export const CALLS: Record<string, Builder> = {
  'POST /api/auth/login': (f, role) => ({
    path: '/api/auth/login',
    body: { username: f.callers[role === 'anonymous' ? 'admin' : role].username, password: PASSWORD },
  }),
  'POST /api/auth/logout': async (f, role) => ({ path: '/api/auth/logout', client: await f.loginAgain(role) }),
  'GET /api/me': () => ({ path: '/api/me' }),
  'GET /api/me/preferences': () => ({ path: '/api/me/preferences' }),
  'PUT /api/me/preferences': () => ({
    path: '/api/me/preferences',
    body: { wall: { size: 2, pinned: { 0: 'CAM-N' } } },
  }),
  'POST /api/setup': () => ({
    path: '/api/setup',
    body: { token: 'not-the-setup-token', username: 'intruder', password: PASSWORD },
  }),
  'POST /api/auth/totp': () => ({ path: '/api/auth/totp' }),
  'POST /api/auth/totp/confirm': async (f, role) => {
    if (role !== 'admin' && role !== 'supervisor') return { path: '/api/auth/totp/confirm', body: { code: '123456' } };
    // A throwaway account of the role: confirming turns the code on, and the role's own caller logs in again later.
    const client = await f.t.user(`totp-${role}-${f.seq()}`, role, role === 'admin' ? [] : ['nord']);
    const { secret } = (await client.req('POST', '/api/auth/totp')).json;
    const code = hotp(base32Decode(secret), totpStep(f.t.clock.now()));
    return { path: '/api/auth/totp/confirm', body: { code }, client };
  },
  'GET /api/tokens': () => ({ path: '/api/tokens' }),
  'POST /api/tokens': () => ({ path: '/api/tokens', body: { name: 'matrix' } }),
  'DELETE /api/tokens/{id}': async (f, role) => {
    const owner = f.callers[role === 'operator' || role === 'anonymous' ? 'admin' : role].principal!;
    return { path: `/api/tokens/${(await f.s.auth.createToken(owner, 'to revoke', undefined, '')).id}` };
  },

  'GET /api/cameras': () => ({ path: '/api/cameras' }),
  'POST /api/cameras': (f, _r, w) => ({
    path: '/api/cameras',
    body: { id: `NEW-${f.seq()}`, name: 'new', sectorId: f.sector(w), streams: { main: 'rtsp://192.0.2.1/x' } },
  }),
  'GET /api/cameras/export': () => ({ path: '/api/cameras/export?format=csv' }),
  'POST /api/cameras/import': (f, _r, w) => ({
    path: '/api/cameras/import',
    body: `id,name,sector_id,lat,lon,address,main_url,sub_url,username,password,model,phase,installed_at,status,tags\nIMP-${f.seq()},imported,${f.sector(w)},,,,rtsp://192.0.2.1/i,,,,,pilot,,active,\n`,
    headers: { 'content-type': 'text/csv' },
  }),
  'GET /api/cameras/{id}': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}` }),
  'PATCH /api/cameras/{id}': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}`, body: { model: 'patched' } }),
  'DELETE /api/cameras/{id}': async (f, _r, w) => ({
    path: `/api/cameras/${await f.camera(`DEL-${f.seq()}`, f.sector(w), `${w === 'out' ? SECRET : 'nord'} doomed`)}`,
  }),
  'GET /api/cameras/{id}/health': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}/health` }),
  'GET /api/streams/health': () => ({ path: '/api/streams/health' }),
  'GET /api/fleet-health/availability': () => ({
    path: '/api/fleet-health/availability?from=2026-06-01&to=2026-06-02',
  }),
  'GET /api/fleet-health/outages': () => ({ path: '/api/fleet-health/outages' }),
  'GET /api/cameras/{id}/health-history': (f, _r, w) => ({
    path: `/api/cameras/${f.at[w].camera}/health-history?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z`,
  }),
  'GET /api/cameras/{id}/analytics': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}/analytics` }),
  'PUT /api/cameras/{id}/analytics': async (f, _r, w) => ({
    path: `/api/cameras/${f.at[w].camera}/analytics`,
    body: await f.s.analytics.get(SYSTEM, f.at[w].camera),
  }),
  'GET /api/cameras/{id}/analytics/health': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}/analytics/health` }),
  'GET /api/analytics/health': () => ({ path: '/api/analytics/health' }),
  'GET /api/analytics/schema': () => ({ path: '/api/analytics/schema' }),

  'GET /api/sectors': () => ({ path: '/api/sectors' }),
  'POST /api/sectors': (f) => ({ path: '/api/sectors', body: { id: `new-${f.seq()}`, name: 'New' } }),
  'GET /api/sectors/{id}': (f, _r, w) => ({ path: `/api/sectors/${f.sector(w)}` }),
  'PATCH /api/sectors/{id}': (f, _r, w) => ({ path: `/api/sectors/${f.sector(w)}`, body: { description: 'patched' } }),
  'DELETE /api/sectors/{id}': async (f) => {
    const id = `empty-${f.seq()}`;
    await f.s.fleet.upsertSector(SYSTEM, { id, name: 'Empty' });
    return { path: `/api/sectors/${id}` };
  },

  'GET /api/users': () => ({ path: '/api/users' }),
  'POST /api/users': (f) => ({
    path: '/api/users',
    body: { username: `new-${f.seq()}`, password: PASSWORD, role: 'operator', sectorIds: ['nord'] },
  }),
  'PATCH /api/users/{id}': async (f) => ({ path: `/api/users/${await tempUser(f)}`, body: { disabled: true } }),
  'DELETE /api/users/{id}': async (f) => ({ path: `/api/users/${await tempUser(f)}` }),

  'GET /api/authorisations': () => ({ path: '/api/authorisations' }),
  'POST /api/authorisations': (f) => ({ path: '/api/authorisations', body: authorisation(f) }),
  'GET /api/authorisations/{id}': (f) => ({ path: `/api/authorisations/${f.authorisation}` }),
  'PUT /api/authorisations/{id}': (f) => ({
    path: `/api/authorisations/${f.authorisation}`,
    body: { ...authorisation(f), reference: `MATRIX-${f.seq()}` },
  }),
  'POST /api/authorisations/{id}/revoke': async (f) => ({
    path: `/api/authorisations/${(await f.s.legal.create(SYSTEM, authorisation(f))).id}/revoke`,
    body: { reason: 'matrix check' },
  }),
  'PUT /api/authorisations/{id}/document': (f) => ({
    path: `/api/authorisations/${f.authorisation}/document`,
    body: PDF,
    headers: { 'content-type': 'application/pdf' },
  }),
  'GET /api/authorisations/{id}/document': (f) => ({ path: `/api/authorisations/${f.authorisation}/document` }),

  'GET /api/access-requests': () => ({ path: '/api/access-requests' }),
  'POST /api/access-requests': (f) => ({ path: '/api/access-requests', body: accessRequest(f, 'CAM-N') }),
  'GET /api/access-requests/{id}': (f) => ({ path: `/api/access-requests/${f.accessRequest}` }),
  'GET /api/access-requests/{id}/tracks': (f) => ({
    path: `/api/access-requests/${f.accessRequest}/tracks?cameraId=CAM-N&at=${encodeURIComponent(f.range().from)}`,
  }),
  'GET /api/access-requests/{id}/picks': (f) => ({ path: `/api/access-requests/${f.accessRequest}/picks` }),
  'POST /api/access-requests/{id}/picks': (f) => ({
    path: `/api/access-requests/${f.accessRequest}/picks`,
    body: { cameraId: 'CAM-N', at: f.range().from, box: [0.3, 0.2, 0.15, 0.55] },
  }),
  'PUT /api/access-requests/{id}/picks/{pickId}/segments': (f) => ({
    path: `/api/access-requests/${f.accessRequest}/picks/${f.pick}/segments`,
    body: { segments: [f.range(5000)] },
  }),
  'POST /api/access-requests/{id}/copies': (f) => ({
    path: `/api/access-requests/${f.accessRequest}/copies`,
    body: { cameraId: 'CAM-N' },
  }),
  'GET /api/access-requests/{id}/copies': (f) => ({ path: `/api/access-requests/${f.accessRequest}/copies` }),
  'GET /api/access-requests/{id}/copies/{copyId}': (f) => ({
    path: `/api/access-requests/${f.accessRequest}/copies/${f.copy}`,
  }),
  'GET /api/access-requests/{id}/copies/{copyId}/file.mp4': (f) => ({
    path: `/api/access-requests/${f.accessRequest}/copies/${f.copy}/file.mp4`,
  }),
  'POST /api/access-requests/{id}/steps': async (f) => ({
    path: `/api/access-requests/${(await f.s.accessRequests.create(SYSTEM, accessRequest(f, 'CAM-N'))).id}/steps`,
    body: { step: 'start' },
  }),

  'GET /api/audit': () => ({ path: '/api/audit?limit=5' }),
  'GET /api/audit/verify': () => ({ path: '/api/audit/verify' }),
  'GET /api/audit/anchors': () => ({ path: '/api/audit/anchors' }),
  'GET /api/register/processing': () => ({ path: '/api/register/processing?format=md' }),

  'GET /api/events': () => ({ path: '/api/events' }),
  'GET /api/events/{id}': (f, _r, w) => ({ path: `/api/events/${f.at[w].event}` }),
  'GET /api/events/{id}/snapshot.jpg': (f, _r, w) => ({ path: `/api/events/${f.at[w].event}/snapshot.jpg` }),

  'GET /api/cameras/{id}/recordings': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}/recordings?${q(f)}` }),
  'GET /api/cameras/{id}/playback.mp4': (f, _r, w) => ({
    path: `/api/cameras/${f.at[w].camera}/playback.mp4?${q(f)}`,
  }),
  'POST /api/cameras/{id}/exports': (f, _r, w) => ({
    path: `/api/cameras/${f.at[w].camera}/exports`,
    body: { ...f.range(5000), reason: 'requisition 42' },
  }),
  'GET /api/exports/{exportId}': (f, _r, w) => ({ path: `/api/exports/${f.at[w].export}` }),
  'GET /api/exports/{exportId}.mp4': (f, _r, w) => ({ path: `/api/exports/${f.at[w].export}.mp4` }),
  'GET /api/cameras/{id}/holds': (f, _r, w) => ({ path: `/api/cameras/${f.at[w].camera}/holds` }),
  'POST /api/cameras/{id}/holds': (f, _r, w) => ({
    path: `/api/cameras/${f.at[w].camera}/holds`,
    body: { ...f.range(), reason: 'requisition 42' },
  }),
  'GET /api/holds/{holdId}': (f, _r, w) => ({ path: `/api/holds/${f.at[w].hold}` }),
  'POST /api/holds/{holdId}/release': async (f, _r, w) => ({
    path: `/api/holds/${await f.hold(w)}/release`,
    body: { note: 'case closed' },
  }),
  'GET /api/cameras/{id}/thumbnail': (f, _r, w) => ({
    path: `/api/cameras/${f.at[w].camera}/thumbnail?at=${new Date(f.T0 + 2000).toISOString()}`,
  }),
  'POST /api/bookmarks': (f, _r, w) => ({
    path: '/api/bookmarks',
    body: { cameraId: f.at[w].camera, at: new Date(f.T0 + 1000).toISOString(), note: 'matrix note' },
  }),
  'GET /api/bookmarks': () => ({ path: '/api/bookmarks' }),
  'DELETE /api/bookmarks/{id}': async (f, r, w) => ({ path: `/api/bookmarks/${await f.bookmark(r, w)}` }),

  'GET /api/alarms': () => ({ path: '/api/alarms' }),
  'GET /api/alarms/stats': () => ({ path: '/api/alarms/stats' }),
  'GET /api/alarms/{id}': (f, _r, w) => ({ path: `/api/alarms/${f.at[w].alarm}` }),
  'POST /api/alarms/{id}/acknowledge': async (f, _r, w) => ({ path: `/api/alarms/${await f.alarm(w)}/acknowledge` }),
  'POST /api/alarms/{id}/assign': async (f, role, w) => ({
    path: `/api/alarms/${await f.alarm(w)}/assign`,
    body: { userId: f.callers[role === 'anonymous' ? 'admin' : role].userId },
  }),
  'POST /api/alarms/{id}/comment': async (f, _r, w) => ({
    path: `/api/alarms/${await f.alarm(w)}/comment`,
    body: { text: 'seen' },
  }),
  'POST /api/alarms/{id}/close': async (f, _r, w) => ({
    path: `/api/alarms/${await f.alarm(w)}/close`,
    body: { disposition: 'false_alarm' },
  }),
  'POST /api/alarms/close': async (f, _r, w) => ({
    path: '/api/alarms/close',
    body: { ids: [await f.alarm(w)], disposition: 'false_alarm' },
  }),
  'GET /api/alarms/snoozes': () => ({ path: '/api/alarms/snoozes' }),
  'POST /api/alarms/snoozes': (f, _r, w) => ({
    path: '/api/alarms/snoozes',
    body: { cameraId: f.at[w].camera, kind: 'motion', minutes: 5, reason: 'matrix check' },
  }),
  'DELETE /api/alarms/snoozes/{id}': async (f, _r, w) => ({
    path: `/api/alarms/snoozes/${(await f.s.alarms.snoozes.create(SYSTEM, { cameraId: f.at[w].camera, kind: 'motion', minutes: 5, reason: 'matrix check' })).id}`,
  }),

  'POST /api/live/{id}/reveal': (f, _r, w) => ({
    path: `/api/live/${f.at[w].camera}/reveal`,
    body: { reason: 'matrix check of a fall' },
  }),
  'DELETE /api/live/{id}/reveal': (f, _r, w) => ({ path: `/api/live/${f.at[w].camera}/reveal` }),
  'GET /api/reveals': () => ({ path: '/api/reveals' }),
  'GET /api/live/{id}': (f, _r, w) => ({ path: `/api/live/${f.at[w].camera}` }),
  'GET /api/alarms/stream': () => ({ path: '/api/alarms/stream' }),
  'GET /api/health': () => ({ path: '/api/health' }),
  'GET /api/openapi.json': () => ({ path: '/api/openapi.json' }),

  'GET /api/publication/cameras': () => ({ path: '/api/publication/cameras' }),
  'PUT /api/publication/cameras/{id}': (f) => ({
    path: `/api/publication/cameras/${f.at.in.camera}`,
    body: { published: true, covers: 'the matrix square' },
  }),
  'GET /api/contracts': () => ({ path: '/api/contracts' }),
  'POST /api/contracts': () => ({ path: '/api/contracts', body: CONTRACT }),
  'PUT /api/contracts/{id}': async (f) => ({ path: `/api/contracts/${await f.contract()}`, body: CONTRACT }),
  'DELETE /api/contracts/{id}': async (f) => ({ path: `/api/contracts/${await f.contract()}` }),
  'GET /public/register.json': (f) => f.publicCall('/public/register.json'),
  'GET /public/cameras.geojson': (f) => f.publicCall('/public/cameras.geojson'),
  'GET /public/cameras.csv': (f) => f.publicCall('/public/cameras.csv'),
  'GET /public/statistics.json': (f) => f.publicCall('/public/statistics.json'),
  'GET /public/algorithms.json': (f) => f.publicCall('/public/algorithms.json'),
  'GET /public/contracts.json': (f) => f.publicCall('/public/contracts.json'),
  'GET /public/schema/{name}': () => ({ path: '/public/schema/register.json' }),
  'GET /public/documents/{file}': (f) => ({ path: `/public/documents/${f.publicDocument}.pdf` }),
  'GET /metrics': () => ({ path: '/metrics' }),
  'GET /': () => ({ path: '/' }),
  'GET /console/settings.json': () => ({ path: '/console/settings.json' }),
  'GET /console/{file}': () => ({ path: '/console/app.js' }),
  'GET /console/words/{file}': () => ({ path: '/console/words/common.js' }),
  'GET /public/': () => ({ path: '/public/' }),
  'GET /public/assets/{file}': () => ({ path: '/public/assets/register.js' }),
};

/** The smallest file the register takes for a PDF (it checks the %PDF- signature, not the whole file). */
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

/** An access request over one camera, its window the fixtures' recorded hour. */
const accessRequest = (f: Fixtures, camera: string) => ({
  reference: `AR-${f.seq()}`,
  receivedOn: '2026-06-01',
  cameraIds: [camera],
  ...f.range(),
  description: 'red coat, near the fountain',
});

/** A video_protection authorisation over both sectors, valid for the test clock's year. */
const authorisation = (f: Fixtures) => ({
  kind: 'video_protection' as const,
  authority: 'Préfet du Nord (matrix)',
  reference: `MATRIX-${f.seq()}`,
  signedOn: '2026-01-01',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  purposes: ['public_safety' as const],
  purposeText: '',
  cameraIds: [],
  sectorIds: ['nord', 'sud'],
  retentionDays: 30,
  publishDocument: false,
});

async function tempUser(f: Fixtures) {
  const u = await f.s.users.create(SYSTEM, {
    username: `tmp-${f.seq()}`,
    password: PASSWORD,
    role: 'operator',
    sectorIds: ['nord'],
  });
  return u.id;
}
