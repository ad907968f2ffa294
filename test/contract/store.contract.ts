import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest } from '../../src/core/access-requests/schemas.js';
import type { Authorisation } from '../../src/core/legal/schemas.js';
import type { Alarm } from '../../src/core/ports/alarms.js';
import type { Reveal } from '../../src/core/ports/reveals.js';
import type { CameraRecord, Store, UserRecord } from '../../src/core/ports/store.js';
import type { StoreFactory } from '../support/stores.js';

const T0 = '2026-01-01T00:00:00.000Z';

export function camera(id: string, sectorId = 'gare', extra: Partial<CameraRecord> = {}): CameraRecord {
  return {
    id,
    name: `Camera ${id}`,
    sectorId,
    streams: { main: `rtsp://127.0.0.1:8554/${id}/main` },
    credentialsCipher: null,
    phase: 'replacement',
    status: 'active',
    tags: [],
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

export function alarm(id: string, cameraId: string, extra: Partial<Alarm> = {}): Alarm {
  return {
    id,
    kind: 'intrusion',
    cameraId,
    sectorId: null,
    zoneId: null,
    priority: 'high',
    basePriority: 'high',
    state: 'new',
    eventIds: [`${id}-e1`],
    eventCount: 1,
    ongoing: 1,
    raisedAt: 1_000,
    lastEventAt: 1_000,
    situationEndedAt: null,
    deadlineAt: 121_000,
    escalatedAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    assigneeId: null,
    assignee: null,
    assignedBy: null,
    assignedAt: null,
    closedBy: null,
    closedAt: null,
    disposition: null,
    history: [{ action: 'raised', by: 'system', at: 1_000, priority: 'high' }],
    version: 1,
    updatedAt: 1_000,
    authorisationId: null,
    ...extra,
  };
}

function user(id: string, username: string): UserRecord {
  return {
    id,
    username,
    role: 'operator',
    sectorIds: ['gare'],
    passwordHash: 'x',
    disabled: false,
    createdAt: T0,
    updatedAt: T0,
  };
}

/** The store port's contract: every adapter runs exactly these tests (Hono-style shared suite). */
export function storeContract(factory: StoreFactory) {
  describe(`store contract: ${factory.name}`, async () => {
    const why = await factory.unavailable();
    if (why && process.env.CI !== 'true') {
      test(`${factory.name} adapter`, { skip: why }, () => {});
      return;
    }
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await factory.open());
      await store.sectors.upsert({ id: 'gare', name: 'Gare' });
      await store.sectors.upsert({ id: 'centre', name: 'Centre-ville', description: 'old town' });
    });
    after(async () => dispose?.());

    test('ping answers', async () => {
      await store.ping();
    });

    test('sectors round-trip, upsert updates', async () => {
      assert.deepEqual(await store.sectors.get('centre'), {
        id: 'centre',
        name: 'Centre-ville',
        description: 'old town',
      });
      await store.sectors.upsert({ id: 'tmp', name: 'A' });
      await store.sectors.upsert({ id: 'tmp', name: 'B' });
      assert.equal((await store.sectors.get('tmp'))?.name, 'B');
      assert.equal(await store.sectors.delete('tmp'), true);
      assert.equal(await store.sectors.get('tmp'), undefined);
    });

    test('camera insert/get keeps every field', async () => {
      const c = camera('C-1', 'gare', {
        position: { lat: 50.3626, lon: 3.517 },
        address: '1 place de la Gare',
        streams: { main: 'rtsp://h/C-1/main', sub: 'rtsp://h/C-1/sub' },
        credentialsCipher: 'v1:abc',
        model: 'Dome 4MP',
        installedAt: '2025-03-01',
        tags: ['pilot', '100%_sure'],
        retentionDays: 15,
        direction: 270,
        fieldOfView: 90,
      });
      await store.cameras.insert(c);
      assert.deepEqual(await store.cameras.get('C-1'), c);
      // A direction of 0 (north) is a value, not an absence; an update may add a direction and drop it again.
      await store.cameras.update({ ...c, direction: 0, fieldOfView: 360 });
      assert.deepEqual(
        [(await store.cameras.get('C-1'))?.direction, (await store.cameras.get('C-1'))?.fieldOfView],
        [0, 360],
      );
      const { direction, fieldOfView, ...without } = c;
      await store.cameras.update(without);
      const back = await store.cameras.get('C-1');
      assert.ok(back && !('direction' in back) && !('fieldOfView' in back), 'direction and field of view removed');
    });

    test('camera update and delete', async () => {
      await store.cameras.insert(camera('C-2'));
      await store.cameras.update({ ...camera('C-2'), name: 'Renamed', status: 'maintenance', updatedAt: T0 });
      assert.equal((await store.cameras.get('C-2'))?.name, 'Renamed');
      assert.equal(await store.cameras.delete('C-2'), true);
      assert.equal(await store.cameras.delete('C-2'), false);
    });

    test('upsertMany inserts and replaces atomically in a transaction', async () => {
      const batch = Array.from({ length: 1200 }, (_, i) => camera(`U-${i}`, i % 2 ? 'gare' : 'centre'));
      await store.transaction((tx) => tx.cameras.upsertMany(batch));
      await store.cameras.update({ ...batch[1]!, credentialsCipher: 'v1:kept' });
      const later = '2026-02-01T00:00:00.000Z';
      await store.transaction((tx) =>
        tx.cameras.upsertMany([
          { ...batch[0]!, name: 'changed', createdAt: later, updatedAt: later },
          { ...batch[1]!, credentialsCipher: null, createdAt: later },
        ]),
      );
      const u0 = await store.cameras.get('U-0');
      assert.equal(u0?.name, 'changed');
      assert.equal(u0?.createdAt, T0, 'createdAt is kept');
      assert.equal(u0?.updatedAt, later);
      assert.equal((await store.cameras.get('U-1'))?.credentialsCipher, 'v1:kept', 'credentials kept when none given');
      const counts = await store.cameras.countBySector();
      assert.ok(counts.get('centre')! >= 600 && counts.get('gare')! >= 600);
      assert.ok(counts instanceof Map, 'a Map: sector ids such as `constructor` are not object keys');
    });

    test('a failed transaction writes nothing', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.cameras.insert(camera('TX-1'));
          await tx.cameras.insert(camera('TX-1')); // duplicate key
        }),
      );
      assert.equal(await store.cameras.get('TX-1'), undefined);
    });

    test('list filters: scope, sector, status, tag, text, paging', async () => {
      await store.cameras.insert(
        camera('F-1', 'centre', { tags: ['market'], address: 'Place d’Armes', status: 'planned' }),
      );
      await store.cameras.insert(camera('F-2', 'centre', { tags: ['market_hall'], name: 'Hall 50%' }));
      const scoped = await store.cameras.list({ sectorIds: ['gare'], limit: 5000 });
      assert.ok(scoped.items.every((c) => c.sectorId === 'gare'));
      assert.equal((await store.cameras.list({ sectorIds: [] })).total, 0);
      assert.deepEqual(
        (await store.cameras.list({ tag: 'market' })).items.map((c) => c.id),
        ['F-1'],
      );
      assert.deepEqual(
        (await store.cameras.list({ status: 'planned' })).items.map((c) => c.id),
        ['F-1'],
      );
      assert.deepEqual(
        (await store.cameras.list({ q: 'PLACE D’' })).items.map((c) => c.id),
        ['F-1'],
      );
      assert.deepEqual(
        (await store.cameras.list({ q: '50%' })).items.map((c) => c.id),
        ['F-2'],
      );
      const page = await store.cameras.list({ sectorId: 'centre', limit: 10, offset: 10 });
      assert.equal(page.items.length, 10);
      assert.ok(page.total > 600);
      assert.ok(page.items[0]!.id > (await store.cameras.list({ sectorId: 'centre', limit: 10 })).items[9]!.id);
    });

    test('users, sessions and tokens', async () => {
      await store.users.insert(user('u1', 'alice'));
      assert.equal((await store.users.getByUsername('alice'))?.id, 'u1');
      await assert.rejects(store.users.insert(user('u2', 'alice')), 'usernames are unique');
      await store.users.update({ ...user('u1', 'alice'), disabled: true, sectorIds: ['gare', 'centre'] });
      const u = await store.users.get('u1');
      assert.equal(u?.disabled, true);
      assert.deepEqual(u?.sectorIds, ['gare', 'centre']);
      assert.equal(await store.users.count(), 1);
      const s = {
        tokenHash: 'h1',
        userId: 'u1',
        createdAt: T0,
        expiresAt: '2026-01-02T00:00:00.000Z',
        ip: '::1',
        userAgent: 'ua',
      };
      await store.sessions.insert(s);
      assert.deepEqual(await store.sessions.get('h1'), s);
      assert.equal(await store.sessions.deleteExpired('2026-01-03T00:00:00.000Z'), 1);
      const t = {
        id: 't1',
        userId: 'u1',
        name: 'vms',
        tokenHash: 'th',
        createdAt: T0,
        expiresAt: null,
        lastUsedAt: null,
        revoked: false,
      };
      await store.tokens.insert(t);
      await store.tokens.update({ ...t, revoked: true, lastUsedAt: T0 });
      assert.deepEqual(await store.tokens.get('t1'), { ...t, revoked: true, lastUsedAt: T0 });
      assert.equal((await store.tokens.listForUser('u1')).length, 1);
      assert.equal(await store.users.delete('u1'), true);
      assert.equal(await store.tokens.get('t1'), undefined, 'tokens go with their user');
    });

    test('audit rows append, page in order, search', async () => {
      for (let i = 1; i <= 5; i++) {
        await store.transaction(async (tx) => {
          await tx.audit.lockChain();
          const last = await tx.audit.last();
          const seq = (last?.seq ?? 0) + 1;
          await tx.audit.append({
            seq,
            at: T0,
            actor: i % 2 ? 'alice' : 'bob',
            action: 'x.y',
            target: `t${i}`,
            ip: '',
            details: '{}',
            prevHash: last?.hash ?? '0',
            hash: `h${seq}`,
          });
        });
      }
      assert.equal((await store.audit.last())?.seq, 5);
      assert.deepEqual(
        (await store.audit.page(2, 2)).map((e) => e.seq),
        [3, 4],
      );
      assert.deepEqual(
        (await store.audit.search({ actor: 'bob', limit: 10 })).map((e) => e.seq),
        [4, 2],
      );
    });

    test('segments: add idempotently, range overlap, oldest, retention queries, bytes', async () => {
      const seg = (cam: string, start: number) => ({
        id: `${cam}:${start}`,
        cameraId: cam,
        startMs: start,
        endMs: start + 10_000,
        path: `${cam}/${start}.mp4`,
        bytes: 1000,
        codec: 'h264',
      });
      for (let i = 0; i < 6; i++) await store.segments.add(seg('S-A', 1_000_000 + i * 10_000));
      await store.segments.add(seg('S-B', 995_000));
      await store.segments.add({ ...seg('S-A', 1_000_000), bytes: 1500 }); // re-index after repair
      assert.deepEqual(
        (await store.segments.range('S-A', 1_015_000, 1_030_000)).map((s) => s.startMs),
        [1_010_000, 1_020_000],
      );
      assert.deepEqual(
        (await store.segments.oldest(2)).map((s) => s.id),
        ['S-B:995000', 'S-A:1000000'],
      );
      assert.equal((await store.segments.endedBefore('S-A', 1_020_000, 100)).length, 2);
      assert.deepEqual(
        (await store.segments.endedBefore('S-A', 1_030_000, 100, 1_000_000)).map((s) => s.startMs),
        [1_010_000, 1_020_000],
      );
      assert.equal(await store.segments.totalBytes(), 7500);
      assert.deepEqual(await store.segments.summary('S-A', 1_005_000, 1_030_000), { count: 3, bytes: 3500 });
      assert.deepEqual(await store.segments.summary('S-A', 900_000, 950_000), { count: 0, bytes: 0 });
      assert.equal((await store.segments.byPath('S-A/1010000.mp4'))?.startMs, 1_010_000);
      assert.deepEqual((await store.segments.cameraIds()).sort(), ['S-A', 'S-B']);
      // A segment cut short is flagged; re-indexing it whole (after a repair) clears the flag.
      await store.segments.add({ ...seg('S-A', 1_050_000), endMs: 1_054_000, partial: true });
      assert.deepEqual(
        (await store.segments.range('S-A', 1_040_000, 1_070_000)).map((s) => [s.startMs, s.endMs, s.partial]),
        [
          [1_040_000, 1_050_000, undefined],
          [1_050_000, 1_054_000, true],
        ],
      );
      await store.segments.add(seg('S-A', 1_050_000));
      assert.equal((await store.segments.byPath('S-A/1050000.mp4'))?.partial, undefined);
      assert.equal(await store.segments.delete(['S-A:1000000', 'S-B:995000', 'nope']), 2);
      assert.equal((await store.segments.allPaths()).length, 5);
    });

    test('evidence holds: active until released', async () => {
      const hold = {
        id: 'h-1',
        cameraId: 'S-A',
        fromMs: 1,
        toMs: 2,
        reason: 'requisition 2026/42',
        createdBy: 'alice',
        createdAt: T0,
        releasedBy: null,
        releasedAt: null,
      };
      await store.holds.add(hold);
      assert.deepEqual(await store.holds.active('S-A'), [hold]);
      await store.holds.release('h-1', 'bob', T0);
      assert.deepEqual(await store.holds.active(), []);
      assert.equal((await store.holds.get('h-1'))?.releasedBy, 'bob');
      assert.equal((await store.holds.list('S-A')).length, 1);
    });

    test('bookmarks: round-trip, search by camera, overlap of a time range, note text and sector; delete', async () => {
      await store.cameras.insert(camera('BK-1', 'gare'));
      await store.cameras.insert(camera('BK-2', 'centre'));
      const b = (id: string, cameraId: string, atMs: number, endMs: number | null, note: string) => ({
        id,
        cameraId,
        atMs,
        endMs,
        note,
        authorId: 'u-1',
        author: 'alice',
        createdAt: T0,
      });
      await store.bookmarks.add(b('bk-1', 'BK-1', 1_000, null, 'Scooter 50% rouge, rue_Pasteur'));
      await store.bookmarks.add(b('bk-2', 'BK-1', 5_000, 9_000, 'Deux personnes'));
      await store.bookmarks.add(b('bk-3', 'BK-2', 2_000, null, 'scooter'));
      assert.deepEqual(await store.bookmarks.get('bk-2'), b('bk-2', 'BK-1', 5_000, 9_000, 'Deux personnes'));
      const ids = async (f: Parameters<Store['bookmarks']['list']>[0]) =>
        (await store.bookmarks.list(f)).map((x) => x.id);
      assert.deepEqual(await ids({ cameraId: 'BK-1' }), ['bk-2', 'bk-1']);
      // A stretch that began before the range but runs into it is in it.
      assert.deepEqual(await ids({ cameraId: 'BK-1', fromMs: 6_000, toMs: 10_000 }), ['bk-2']);
      assert.deepEqual(await ids({ fromMs: 0, toMs: 3_000 }), ['bk-3', 'bk-1']);
      assert.deepEqual(await ids({ q: 'SCOOTER' }), ['bk-3', 'bk-1']);
      // LIKE's own characters are text in a search.
      assert.deepEqual(await ids({ q: '50%' }), ['bk-1']);
      assert.deepEqual(await ids({ q: 'e_p' }), ['bk-1']);
      assert.deepEqual(await ids({ q: 'scooter', sectorIds: ['gare'] }), ['bk-1']);
      assert.deepEqual(await ids({ sectorIds: [] }), []);
      assert.deepEqual(await ids({ limit: 1 }), ['bk-2']);
      assert.equal(await store.bookmarks.delete('bk-1'), true);
      assert.equal(await store.bookmarks.delete('bk-1'), false);
      assert.equal(await store.bookmarks.get('bk-1'), undefined);
    });

    test('events: add, update, search newest first with filters', async () => {
      const ev = (id: string, kind: 'intrusion' | 'camera_offline', t: number) => ({
        id,
        cameraId: 'E-1',
        kind,
        startedAt: t,
        score: 0.9,
        trackIds: [3, 4],
        details: { zone: 'quai' },
      });
      await store.events.add(ev('e1', 'intrusion', 100));
      await store.events.add(ev('e2', 'camera_offline', 200));
      await store.events.add({ ...ev('e3', 'intrusion', 300), box: [1, 2, 3, 4], zoneId: 'z1' });
      await store.events.update({ ...ev('e1', 'intrusion', 100), endedAt: 150 });
      assert.equal((await store.events.get('e1'))?.endedAt, 150);
      assert.deepEqual((await store.events.get('e3'))?.box, [1, 2, 3, 4]);
      assert.deepEqual(
        (await store.events.search({ kinds: ['intrusion'], limit: 10 })).map((e) => e.id),
        ['e3', 'e1'],
      );
      assert.deepEqual(
        (await store.events.search({ fromMs: 150, toMs: 300, limit: 10 })).map((e) => e.id),
        ['e2'],
      );
      assert.deepEqual(await store.events.search({ cameraIds: [], limit: 10 }), []);
      assert.deepEqual(
        (await store.events.search({ zoneId: 'z1', limit: 10 })).map((e) => e.id),
        ['e3'],
      );
      await store.events.add({ ...ev('e4', 'intrusion', 400), details: { cls: 'car' } });
      await store.events.add({ ...ev('e5', 'intrusion', 500), details: { classes: ['bicycle', 'person'] } });
      assert.deepEqual(
        (await store.events.search({ objectClass: 'car', limit: 10 })).map((e) => e.id),
        ['e4'],
      );
      assert.deepEqual(
        (await store.events.search({ objectClass: 'bicycle', limit: 10 })).map((e) => e.id),
        ['e5'],
      );
      assert.deepEqual((await store.events.get('e4'))?.details, { cls: 'car' }, 'details unchanged');
    });

    test('events: the snapshots retention will purge, per camera, oldest first', async () => {
      const ev = (id: string, cameraId: string, t: number, snapshot?: string) => ({
        id,
        cameraId,
        kind: 'intrusion' as const,
        startedAt: t,
        score: 1,
        trackIds: [],
        details: {},
        ...(snapshot && { snapshot }),
      });
      await store.events.add(ev('s-1', 'SN-A', 100, 'SN-A/a.jpg'));
      await store.events.add(ev('s-2', 'SN-A', 50, 'SN-A/b.jpg'));
      await store.events.add(ev('s-3', 'SN-A', 900, 'SN-A/c.jpg'));
      await store.events.add(ev('s-4', 'SN-B', 10));
      assert.deepEqual(
        (await store.events.withSnapshotBefore('SN-A', 500, 10)).map((e) => e.id),
        ['s-2', 's-1'],
      );
      assert.ok((await store.events.snapshotCameraIds()).includes('SN-A'));
      assert.ok(!(await store.events.snapshotCameraIds()).includes('SN-B'));
      await store.events.update({ ...ev('s-2', 'SN-A', 50) });
      assert.deepEqual(
        (await store.events.withSnapshotBefore('SN-A', 500, 10)).map((e) => e.id),
        ['s-1'],
      );
    });

    test('events: search by the disposition of their alarm', async () => {
      await store.cameras.insert(camera('EV-D', 'gare'));
      const ev = (id: string, t: number) => ({
        id,
        cameraId: 'EV-D',
        kind: 'intrusion' as const,
        startedAt: t,
        score: 1,
        trackIds: [],
        details: {},
      });
      await store.events.add(ev('d-1', 10));
      await store.events.add(ev('d-2', 20));
      const closed = alarm('a0000000-0000-4000-8000-0000000000d1', 'EV-D', {
        state: 'closed',
        disposition: 'false_alarm',
        eventIds: ['d-1'],
      });
      await store.alarms.insert(closed);
      await store.alarms.attachEvent(closed.id, 'd-1', 10);
      assert.deepEqual(
        (await store.events.search({ disposition: 'false_alarm', limit: 10 })).map((e) => e.id),
        ['d-1'],
      );
      assert.deepEqual(await store.events.search({ disposition: 'confirmed', limit: 10 }), []);
    });

    test('archived cameras: history moves to the archive id, ownerAt dates things to the camera of their time', async () => {
      await store.cameras.insert(camera('RE-1', 'gare'));
      await store.segments.add({
        id: 'RE-1:100',
        cameraId: 'RE-1',
        startMs: 100,
        endMs: 200,
        path: 'RE-1/100.mp4',
        bytes: 1,
        codec: 'h264',
      });
      await store.events.add({
        id: 're-e1',
        cameraId: 'RE-1',
        kind: 'intrusion',
        startedAt: 150,
        score: 1,
        trackIds: [],
        details: {},
      });
      await store.alarms.insert(alarm('a0000000-0000-4000-8000-0000000000e1', 'RE-1'));
      const h = { id: 're-h1', cameraId: 'RE-1', fromMs: 100, toMs: 200, reason: 'requisition 1' };
      await store.holds.add({ ...h, createdBy: 'a', createdAt: T0, releasedBy: null, releasedAt: null });
      const bm = { id: 're-b1', cameraId: 'RE-1', atMs: 150, endMs: null, note: 'n', authorId: 'u', author: 'a' };
      await store.bookmarks.add({ ...bm, createdAt: T0 });
      const privacyMasks: Array<Array<[number, number]>> = [
        [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
        ],
      ];
      const arch = { id: 'RE-1-xa', cameraId: 'RE-1', name: 'Old', sectorId: 'gare', deletedAtMs: 1000, privacyMasks };
      await store.transaction(async (tx) => {
        await tx.cameras.archive(arch);
        await tx.cameras.delete('RE-1');
      });
      assert.deepEqual(await store.cameras.getArchive('RE-1-xa'), arch);
      assert.deepEqual(await store.segments.range('RE-1', 0, 10_000), []);
      assert.equal((await store.segments.range('RE-1-xa', 0, 10_000)).length, 1);
      assert.equal((await store.events.get('re-e1'))?.cameraId, 'RE-1-xa');
      assert.equal((await store.alarms.get('a0000000-0000-4000-8000-0000000000e1'))?.cameraId, 'RE-1-xa');
      assert.equal((await store.holds.get('re-h1'))?.cameraId, 'RE-1-xa');
      // Bookmarks are history too: a camera later created with the id must not show the old notes.
      assert.equal((await store.bookmarks.get('re-b1'))?.cameraId, 'RE-1-xa');
      await store.cameras.archive({ ...arch, id: 'RE-1-xb', deletedAtMs: 5000, retentionDays: 7 });
      assert.equal((await store.cameras.getArchive('RE-1-xb'))?.retentionDays, 7);
      assert.deepEqual(
        (await store.cameras.archivesOf('RE-1')).map((a) => a.id),
        ['RE-1-xa', 'RE-1-xb'],
      );
      assert.equal(await store.cameras.ownerAt('RE-1', 999), 'RE-1-xa');
      assert.equal(await store.cameras.ownerAt('RE-1', 1000), 'RE-1-xa');
      assert.equal(await store.cameras.ownerAt('RE-1', 1001), 'RE-1-xb');
      assert.equal(await store.cameras.ownerAt('RE-1', 6000), 'RE-1');
      assert.deepEqual(await store.cameras.archiveClash(['RE-1', 'RE-1-xb', 'C-1']), {
        archiveIds: ['RE-1-xb'],
        withArchives: ['RE-1'],
      });
      assert.equal(await store.cameras.moveHistory('RE-1-xa', 'RE-1-xb'), 5);
    });

    test('analytics configs: put replaces, enabled lists, deleting the camera removes it', async () => {
      await store.cameras.insert(camera('AN-1'));
      await store.cameras.insert(camera('AN-2'));
      await store.analytics.put({ cameraId: 'AN-1', config: '{"a":1}', enabled: true, updatedAt: T0 });
      await store.analytics.put({ cameraId: 'AN-2', config: '{}', enabled: false, updatedAt: T0 });
      await store.analytics.put({ cameraId: 'AN-1', config: '{"a":2}', enabled: true, updatedAt: T0 });
      assert.equal((await store.analytics.get('AN-1'))?.config, '{"a":2}');
      assert.deepEqual(
        (await store.analytics.enabled()).map((r) => r.cameraId),
        ['AN-1'],
      );
      await store.cameras.delete('AN-1');
      assert.equal(await store.analytics.get('AN-1'), undefined);
    });

    test('alarms: insert, get with sector and events, optimistic update, event links', async () => {
      await store.cameras.insert(camera('AL-G', 'gare'));
      const a = alarm('a0000000-0000-4000-8000-000000000001', 'AL-G', { zoneId: 'quai' });
      await store.alarms.insert(a);
      assert.deepEqual(await store.alarms.get(a.id), { ...a, sectorId: 'gare' }, 'every field kept, sector via camera');
      const acked: Alarm = {
        ...a,
        state: 'acknowledged',
        acknowledgedBy: 'alice',
        acknowledgedAt: 2_000,
        history: [...a.history, { action: 'acknowledged', by: 'alice', at: 2_000 }],
        version: 2,
        updatedAt: 2_000,
      };
      assert.equal(await store.alarms.update(acked, 1), true);
      assert.equal(await store.alarms.update({ ...acked, version: 3, state: 'closed' }, 1), false, 'stale version');
      assert.equal((await store.alarms.get(a.id))?.state, 'acknowledged', 'the stale write changed nothing');
      await store.alarms.attachEvent(a.id, `${a.id}-e2`, 3_000);
      await store.alarms.attachEvent(a.id, `${a.id}-e2`, 3_000); // redelivery is idempotent
      assert.deepEqual((await store.alarms.get(a.id))?.eventIds, [`${a.id}-e1`, `${a.id}-e2`]);
      assert.equal((await store.alarms.byEvent(`${a.id}-e2`))?.id, a.id);
      assert.equal(await store.alarms.byEvent('nope'), undefined);
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.alarms.update({ ...acked, version: 3, state: 'closed', disposition: 'confirmed' }, 2);
          throw new Error('rolled back');
        }),
      );
      assert.equal((await store.alarms.get(a.id))?.state, 'acknowledged', 'a failed transaction writes nothing');
    });

    test('alarms: open situation lookup (zone, window, ongoing) and escalation due', async () => {
      await store.cameras.insert(camera('AL-W', 'centre'));
      const base = { kind: 'wrong_way' as const, cameraId: 'AL-W' };
      await store.alarms.insert(
        alarm('a0000000-0000-4000-8000-000000000011', 'AL-W', {
          kind: 'wrong_way',
          ongoing: 0,
          lastEventAt: 10_000,
          situationEndedAt: 12_000,
          deadlineAt: 5_000,
        }),
      );
      await store.alarms.insert(
        alarm('a0000000-0000-4000-8000-000000000012', 'AL-W', { kind: 'wrong_way', zoneId: 'z1', deadlineAt: 9_000 }),
      );
      const find = (zoneId: string | null, since: number) => store.alarms.findOpen({ ...base, zoneId }, since);
      assert.equal((await find(null, 11_000))?.id, 'a0000000-0000-4000-8000-000000000011', 'ended within the window');
      assert.equal(await find(null, 12_001), undefined, 'ended before the window');
      assert.equal((await find('z1', 1e12))?.id, 'a0000000-0000-4000-8000-000000000012', 'still ongoing');
      assert.equal(await find('z2', 0), undefined, 'another zone');
      assert.deepEqual(
        (await store.alarms.dueForEscalation(9_000, 10)).map((x) => x.id),
        ['a0000000-0000-4000-8000-000000000011', 'a0000000-0000-4000-8000-000000000012'],
      );
      assert.deepEqual(
        (await store.alarms.dueForEscalation(8_999, 10)).map((x) => x.id),
        ['a0000000-0000-4000-8000-000000000011'],
      );
    });

    test('alarms: list filters (scope and sector via camera, state, kind, camera, priority, time), paging, stats', async () => {
      await store.cameras.insert(camera('AL-L1', 'gare'));
      await store.cameras.insert(camera('AL-L2', 'centre'));
      const id = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      for (let i = 1; i <= 6; i++) {
        await store.alarms.insert(
          alarm(id(i), i % 2 ? 'AL-L1' : 'AL-L2', {
            kind: i <= 4 ? 'fire' : 'crowd_density',
            priority: i === 1 ? 'critical' : 'medium',
            raisedAt: 1_000_000 + i,
            state: i <= 3 ? 'closed' : 'new',
            disposition: i === 1 ? 'confirmed' : i <= 3 ? 'false_alarm' : null,
          }),
        );
      }
      const ids = async (f: Parameters<Store['alarms']['list']>[0]) =>
        (await store.alarms.list({ fromMs: 1_000_000, ...f })).items.map((a) => a.id);
      assert.deepEqual(await ids({}), [id(6), id(5), id(4), id(3), id(2), id(1)], 'newest first');
      assert.deepEqual(await ids({ sectorIds: ['gare'] }), [id(5), id(3), id(1)]);
      assert.deepEqual(await ids({ sectorId: 'centre' }), [id(6), id(4), id(2)]);
      assert.deepEqual(await ids({ sectorIds: [] }), []);
      assert.deepEqual(await ids({ states: ['new'], kinds: ['fire'] }), [id(4)]);
      assert.deepEqual(await ids({ cameraIds: ['AL-L2'], priorities: ['medium'] }), [id(6), id(4), id(2)]);
      assert.deepEqual(await ids({ toMs: 1_000_003 }), [id(2), id(1)]);
      const page = await store.alarms.list({ fromMs: 1_000_000, limit: 2, offset: 2 });
      assert.deepEqual(
        page.items.map((a) => a.id),
        [id(4), id(3)],
      );
      assert.equal(page.total, 6);
      assert.equal((await store.alarms.list({ fromMs: 1_000_000, sectorIds: ['centre'], limit: 1 })).total, 3);
      const rows = await store.alarms.stats({ fromMs: 1_000_000 });
      const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((n, r) => n + r.count, 0);
      assert.equal(
        count(() => true),
        6,
      );
      assert.equal(
        count((r) => r.kind === 'fire' && r.disposition === 'false_alarm'),
        2,
      );
      assert.equal(
        count((r) => r.cameraId === 'AL-L1' && r.state === 'closed'),
        2,
      );
      assert.deepEqual(await store.alarms.stats({ sectorIds: [] }), []);
      assert.equal(
        (await store.alarms.stats({ fromMs: 1_000_000, sectorIds: ['gare'] })).reduce((n, r) => n + r.count, 0),
        3,
      );
    });

    test("alarms: centre-wide ones (camera '*') join a sector scope only when asked (centreWide)", async () => {
      await store.cameras.insert(camera('AL-W1', 'gare'));
      const id = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      await store.alarms.insert(alarm(id(1), 'AL-W1', { kind: 'fire', raisedAt: 2_000_001 }));
      await store.alarms.insert(alarm(id(2), '*', { kind: 'storage', raisedAt: 2_000_002 }));
      const ids = async (f: Parameters<Store['alarms']['list']>[0]) =>
        (await store.alarms.list({ fromMs: 2_000_000, ...f })).items.map((a) => a.id);
      assert.deepEqual(await ids({ sectorIds: ['gare'] }), [id(1)]);
      assert.deepEqual(await ids({ sectorIds: ['gare'], centreWide: true }), [id(2), id(1)]);
      assert.deepEqual(await ids({ sectorIds: [], centreWide: true }), [id(2)]);
      assert.deepEqual(await ids({ sectorIds: ['nowhere'], centreWide: true, kinds: ['fire'] }), []);
      const n = async (f: Parameters<Store['alarms']['stats']>[0]) =>
        (await store.alarms.stats({ fromMs: 2_000_000, ...f })).reduce((k, r) => k + r.count, 0);
      assert.equal(await n({ sectorIds: [], centreWide: true }), 1);
      assert.equal(await n({ sectorIds: ['gare'] }), 1);
    });

    test('alarms: excludeKinds leaves those kinds out of lists and statistics, whatever else matches', async () => {
      await store.cameras.insert(camera('AL-X1', 'gare'));
      const id = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      await store.alarms.insert(alarm(id(1), 'AL-X1', { kind: 'fire', raisedAt: 3_000_001 }));
      await store.alarms.insert(alarm(id(2), 'AL-X1', { kind: 'legal_basis_expired', raisedAt: 3_000_002 }));
      await store.alarms.insert(alarm(id(3), '*', { kind: 'legal_basis_expiring', raisedAt: 3_000_003 }));
      const legal = ['legal_basis_expired', 'legal_basis_expiring'] as const;
      const ids = async (f: Parameters<Store['alarms']['list']>[0]) =>
        (await store.alarms.list({ fromMs: 3_000_000, ...f })).items.map((a) => a.id);
      assert.deepEqual(await ids({}), [id(3), id(2), id(1)]);
      assert.deepEqual(await ids({ excludeKinds: [...legal] }), [id(1)]);
      assert.deepEqual(await ids({ sectorIds: ['gare'], centreWide: true, excludeKinds: [...legal] }), [id(1)]);
      assert.deepEqual(await ids({ kinds: ['legal_basis_expired'], excludeKinds: [...legal] }), []);
      assert.deepEqual(await ids({ excludeKinds: [] }), [id(3), id(2), id(1)], 'an empty list excludes nothing');
      const rows = await store.alarms.stats({ fromMs: 3_000_000, excludeKinds: [...legal] });
      assert.deepEqual(
        rows.map((r) => [r.kind, r.count]),
        [['fire', 1]],
      );
    });

    test("alarm snoozes: running ones by camera and kind, scoped by the camera's sector, ended once", async () => {
      await store.cameras.insert(camera('SN-G', 'gare'));
      await store.cameras.insert(camera('SN-C', 'centre'));
      const id = (n: number) => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const snooze = (n: number, cameraId: string, untilMs: number) => ({
        id: id(n),
        cameraId,
        kind: 'intrusion' as const,
        reason: 'wind in the trees',
        createdBy: 'alice',
        createdAtMs: 1_000,
        untilMs,
        endedAtMs: null,
        endedBy: null,
      });
      await store.alarms.snoozes.insert(snooze(1, 'SN-G', 10_000));
      await store.alarms.snoozes.insert(snooze(2, 'SN-C', 20_000));
      await store.alarms.snoozes.insert(snooze(3, 'SN-G', 3_000));
      assert.deepEqual(await store.alarms.snoozes.get(id(1)), { ...snooze(1, 'SN-G', 10_000), sectorId: 'gare' });
      assert.equal(await store.alarms.snoozes.get(id(9)), undefined);
      assert.equal((await store.alarms.snoozes.find('SN-G', 'intrusion', 2_000))?.id, id(1), 'the one ending last');
      assert.equal(await store.alarms.snoozes.find('SN-G', 'fire', 2_000), undefined, 'another kind');
      assert.equal(await store.alarms.snoozes.find('SN-G', 'intrusion', 10_000), undefined, 'over at until');
      const active = async (at: number, scope?: string[]) =>
        (await store.alarms.snoozes.active(at, scope)).map((x) => x.id);
      assert.deepEqual(await active(2_000), [id(3), id(1), id(2)], 'soonest end first');
      assert.deepEqual(await active(5_000), [id(1), id(2)]);
      assert.deepEqual(await active(2_000, ['centre']), [id(2)]);
      assert.deepEqual(await active(2_000, []), []);
      assert.equal(await store.alarms.snoozes.end(id(1), 'bob', 4_000), true);
      assert.equal(await store.alarms.snoozes.end(id(1), 'bob', 4_500), false, 'already ended');
      assert.equal(await store.alarms.snoozes.end(id(3), 'bob', 4_000), false, 'already over');
      const ended = await store.alarms.snoozes.get(id(1));
      assert.deepEqual([ended?.endedAtMs, ended?.endedBy], [4_000, 'bob']);
      assert.equal(await store.alarms.snoozes.find('SN-G', 'intrusion', 5_000), undefined, 'ended early');
      assert.deepEqual(await active(5_000), [id(2)]);
    });

    test('deliveries: the webhook outbox keeps what is due, in order, until delivered or dead', async () => {
      const d = (id: string, createdAt: number, nextAt: number) => ({
        id,
        targetId: 'hook-1',
        topic: 'alarms.changed',
        body: `{"n":"${id}"}`,
        createdAt,
        attempts: 0,
        nextAt,
        state: 'pending' as const,
      });
      await store.deliveries.add(d('dl-2', 2000, 2000));
      await store.deliveries.add(d('dl-1', 1000, 1000));
      await store.deliveries.add(d('dl-3', 3000, 9000));
      assert.deepEqual(
        (await store.deliveries.due(5000, 10)).map((x) => x.id),
        ['dl-1', 'dl-2'],
      );
      const [first] = await store.deliveries.due(5000, 1);
      await store.deliveries.update({ ...first!, attempts: 1, lastError: 'HTTP 500', nextAt: 6000 });
      assert.deepEqual(
        (await store.deliveries.due(5000, 10)).map((x) => x.id),
        ['dl-2'],
      );
      await store.deliveries.update({
        ...(await store.deliveries.due(5000, 1))[0]!,
        attempts: 1,
        state: 'delivered',
        deliveredAt: 5100,
      });
      const again = await store.deliveries.due(6000, 10);
      assert.deepEqual(
        again.map((x) => [x.id, x.attempts, x.lastError]),
        [['dl-1', 1, 'HTTP 500']],
      );
      await store.deliveries.update({ ...again[0]!, attempts: 2, state: 'dead' });
      assert.deepEqual(await store.deliveries.counts(), { pending: 1, delivered: 1, dead: 1 });
    });

    test('authorisations round-trip every field, revocation and document included', async () => {
      const a: Authorisation = {
        id: 'auth-1',
        kind: 'algorithmic_processing',
        authority: 'Préfet du Nord',
        reference: 'AP-2026-042',
        signedOn: '2026-01-10',
        startsOn: '2026-02-01',
        endsOn: '2027-01-31',
        purposes: ['public_safety', 'events_security'],
        purposeText: 'Sécurité des grands rassemblements',
        cameraIds: ['C-1'],
        sectorIds: ['gare'],
        families: ['intrusion', 'crowd_density'],
        publishDocument: true,
        document: { sha256: 'a'.repeat(64), size: 1234, name: 'arrete.pdf', uploadedAt: T0 },
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
        createdAt: T0,
        createdBy: 'admin',
        updatedAt: T0,
      };
      const v: Authorisation = {
        ...a,
        id: 'auth-0',
        kind: 'video_protection',
        families: [],
        retentionDays: 15,
        document: null,
        publishDocument: false,
        startsOn: '2026-01-15',
      };
      await store.authorisations.insert(a);
      await store.authorisations.insert(v);
      assert.deepEqual(await store.authorisations.get('auth-1'), a);
      assert.deepEqual(await store.authorisations.get('auth-0'), v);
      assert.deepEqual(
        (await store.authorisations.list()).map((x) => x.id),
        ['auth-0', 'auth-1'],
      );
      const revoked = {
        ...a,
        revokedAt: T0,
        revokedBy: 'admin',
        revokeReason: 'annulé par le tribunal',
        updatedAt: T0,
      };
      await store.authorisations.update(revoked);
      assert.deepEqual(await store.authorisations.get('auth-1'), revoked);
      assert.equal(await store.authorisations.get('nope'), undefined);
    });

    test('events and alarms keep the authorisation they were produced under', async () => {
      await store.cameras.insert(camera('C-auth'));
      const e = {
        id: 'ev-auth',
        cameraId: 'C-auth',
        kind: 'intrusion' as const,
        startedAt: 5_000,
        score: 0.9,
        trackIds: [],
        details: {},
        authorisationId: 'auth-1',
      };
      await store.events.add(e);
      assert.equal((await store.events.get('ev-auth'))?.authorisationId, 'auth-1');
      await store.events.add({ ...e, id: 'ev-none', authorisationId: undefined });
      assert.equal('authorisationId' in (await store.events.get('ev-none'))!, false);
      await store.alarms.insert(
        alarm('a0000000-0000-4000-8000-00000000a0e1', 'C-auth', { authorisationId: 'auth-1', eventIds: ['ev-auth'] }),
      );
      assert.equal((await store.alarms.get('a0000000-0000-4000-8000-00000000a0e1'))?.authorisationId, 'auth-1');
    });

    test('camera publication: upsert keeps one row per camera, withheld with its reason', async () => {
      assert.equal(await store.publication.get('C-pub'), undefined);
      const p = {
        cameraId: 'C-pub',
        published: false,
        reason: 'sensitive site',
        covers: null,
        updatedBy: 'alice',
        updatedAt: T0,
      };
      await store.publication.put(p);
      assert.deepEqual(await store.publication.get('C-pub'), p);
      const back = { ...p, published: true, reason: null, covers: 'the square', updatedAt: '2026-02-01T00:00:00.000Z' };
      await store.publication.put(back);
      assert.deepEqual(await store.publication.list(), [back]);
    });

    test('contracts round-trip, optional amounts and durations included; delete says whether it deleted', async () => {
      const c = {
        id: 'ct-1',
        vendor: 'Caméras du Nord',
        object: 'Supply of 40 cameras',
        amountCents: 9_007_199_254_740_991,
        currency: 'EUR',
        signedOn: '2026-02-01',
        durationMonths: 48,
        maintenance: 'repair within 48 h',
        createdBy: 'alice',
        createdAt: T0,
        updatedAt: T0,
      };
      const { amountCents: _a, durationMonths: _d, ...rest } = c;
      const bare = { ...rest, id: 'ct-0', signedOn: '2025-01-01' };
      await store.contracts.insert(c);
      await store.contracts.insert(bare);
      assert.deepEqual(await store.contracts.get('ct-1'), c);
      assert.deepEqual(await store.contracts.list(), [bare, c]);
      await store.contracts.update({ ...c, vendor: 'Other', updatedAt: '2026-03-01T00:00:00.000Z' });
      assert.equal((await store.contracts.get('ct-1'))?.vendor, 'Other');
      assert.equal(await store.contracts.delete('ct-0'), true);
      assert.equal(await store.contracts.delete('ct-0'), false);
      assert.deepEqual(
        (await store.contracts.list()).map((x) => x.id),
        ['ct-1'],
      );
    });

    test('public statistics: per-period counts of alarms, dispositions, exports, holds and offline time', async () => {
      const P = 9_000_000_000_000; // far from the other tests' alarms
      const H = 3_600_000;
      await store.cameras.insert(camera('C-stats'));
      const put = (n: number, extra: Partial<Alarm>) =>
        Promise.all(
          Array.from({ length: n }, (_, i) =>
            store.alarms.insert(
              alarm(`a0000000-0000-4000-8000-${String(extra.raisedAt! + i).slice(-12)}`, 'C-stats', {
                ...extra,
                raisedAt: extra.raisedAt! + i,
              }),
            ),
          ),
        );
      await put(3, { kind: 'intrusion', raisedAt: P + H });
      await put(2, { kind: 'fire', raisedAt: P + 2 * H, state: 'closed', disposition: 'confirmed' });
      await put(1, { kind: 'intrusion', raisedAt: P + 3 * H, state: 'closed', disposition: 'false_alarm' });
      await put(4, { kind: 'intrusion', raisedAt: P + 30 * H }); // outside [P, P + 24 h)
      // Offline 2 h inside, one from before the period (1 h inside), one still offline (until the period's end).
      await put(1, { kind: 'camera_offline', raisedAt: P + 5 * H, situationEndedAt: P + 7 * H });
      await put(1, { kind: 'camera_offline', raisedAt: P - 5 * H, situationEndedAt: P + H });
      await put(1, { kind: 'camera_offline', raisedAt: P + 20 * H, situationEndedAt: null });
      const iso = (ms: number) => new Date(ms).toISOString();
      await store.holds.add({
        id: 'hold-stats',
        cameraId: 'C-stats',
        fromMs: 0,
        toMs: 1,
        reason: 'r',
        createdBy: 'alice',
        createdAt: iso(P + H),
        releasedBy: null,
        releasedAt: null,
      });
      for (const [action, at] of [
        ['export.create', P + H],
        ['export.create', P + 2 * H],
        ['export.download', P + 2 * H],
        ['export.create', P + 25 * H],
      ] as const)
        await store.transaction(async (tx) => {
          await tx.audit.lockChain();
          const last = await tx.audit.last();
          const seq = (last?.seq ?? 0) + 1;
          await tx.audit.append({
            seq,
            at: iso(at),
            actor: 'alice',
            action,
            target: 'C-stats',
            ip: '',
            details: '{}',
            prevHash: last?.hash ?? '0',
            hash: `h${seq}`,
          });
        });
      const f = await store.publicStats.period(P, P + 24 * H);
      assert.deepEqual([...f.alarmsByKind.entries()].sort(), [
        ['camera_offline', 2],
        ['fire', 2],
        ['intrusion', 4],
      ]);
      assert.deepEqual(f.dispositions, { confirmed: 2, false_alarm: 1, not_actionable: 0 });
      assert.equal(f.exports, 2);
      assert.equal(f.holds, 1);
      assert.equal(f.offlineMs, 2 * H + H + 4 * H);
      const empty = await store.publicStats.period(P - 100 * H, P - 50 * H);
      assert.deepEqual([empty.alarmsByKind.size, empty.exports, empty.holds, empty.offlineMs], [0, 0, 0, 0]);
    });

    test('access requests round-trip every field; public counts by day received and day of the outcome', async () => {
      const base: AccessRequest = {
        id: 'ar-1',
        reference: 'DPO-2026-017',
        receivedOn: '2026-03-30',
        dueOn: '2026-04-30',
        extension: null,
        cameraIds: ['c1', 'c2'],
        from: '2026-03-28T10:00:00.000Z',
        to: '2026-03-28T10:30:00.000Z',
        description: 'blue jacket, platform 2',
        state: 'received',
        outcome: null,
        outcomeOn: null,
        outcomeReason: null,
        createdBy: 'sup',
        createdAt: T0,
        updatedAt: T0,
        history: [{ at: T0, by: 'sup', step: 'create' }],
      };
      await store.accessRequests.insert(base);
      assert.deepEqual(await store.accessRequests.get('ar-1'), base);
      const answered: AccessRequest = {
        ...base,
        extension: { dueOn: '2026-06-30', reason: 'many cameras to review' },
        state: 'partially_answered',
        outcome: 'partially_answered',
        outcomeOn: '2026-04-02',
        outcomeReason: 'one camera had no footage left',
        history: [...base.history, { at: T0, by: 'sup', step: 'answer', note: 'one camera had no footage left' }],
      };
      await store.accessRequests.update(answered);
      assert.deepEqual(await store.accessRequests.get('ar-1'), answered);
      await store.accessRequests.insert({
        ...base,
        id: 'ar-2',
        receivedOn: '2026-04-01',
        state: 'refused',
        outcome: 'refused',
        outcomeOn: '2026-04-03',
      });
      assert.deepEqual(
        (await store.accessRequests.list()).map((r) => r.id),
        ['ar-2', 'ar-1'],
      );
      assert.equal(await store.accessRequests.get('nope'), undefined);
      assert.deepEqual(await store.publicStats.accessRequests('2026-03-01', '2026-04-01'), {
        received: 1,
        answered: 0,
        refused: 0,
      });
      assert.deepEqual(await store.publicStats.accessRequests('2026-04-01', '2026-05-01'), {
        received: 1,
        answered: 1,
        refused: 1,
      });
    });

    test('privacy settings: cameras and sectors inherit by default, keep blur or off, an import keeps them', async () => {
      await store.sectors.upsert({ id: 'priv', name: 'P', privacy: 'blur' });
      assert.equal((await store.sectors.get('priv'))?.privacy, 'blur');
      await store.sectors.upsert({ id: 'priv', name: 'P', privacy: 'inherit' });
      assert.ok(!('privacy' in ((await store.sectors.get('priv')) ?? {})), 'inherit is the absence of a setting');
      assert.equal(await store.sectors.delete('priv'), true);
      await store.cameras.insert(camera('PV-1', 'gare', { privacy: 'off' }));
      assert.equal((await store.cameras.get('PV-1'))?.privacy, 'off');
      // An import row carries no privacy setting: the camera keeps its own.
      await store.cameras.upsertMany([camera('PV-1', 'gare', { name: 'renamed' }), camera('PV-2')]);
      assert.equal((await store.cameras.get('PV-1'))?.privacy, 'off');
      assert.equal((await store.cameras.get('PV-1'))?.name, 'renamed');
      assert.equal((await store.cameras.get('PV-2'))?.privacy, undefined);
      await store.cameras.update({ ...(await store.cameras.get('PV-2'))!, privacy: 'blur' });
      assert.equal((await store.cameras.get('PV-2'))?.privacy, 'blur');
      await store.cameras.delete('PV-1');
      await store.cameras.delete('PV-2');
    });

    test('reveals: open until ended once, listed newest first by time, camera and actor', async () => {
      const r = (id: string, fromMs: number, extra: Partial<Reveal> = {}): Reveal => ({
        id,
        cameraId: 'RV-1',
        userId: 'u1',
        actor: 'op1',
        reason: 'a person fell near the fountain',
        alarmId: null,
        fromMs,
        untilMs: fromMs + 300_000,
        endedAtMs: null,
        how: null,
        ...extra,
      });
      // Past 2^31 ms: the times are epoch milliseconds (bigint columns).
      const t = 1_780_000_000_000;
      await store.reveals.insert(r('rv-1', t));
      await store.reveals.insert(
        r('rv-2', t + 1000, { cameraId: 'RV-2', actor: 'op2', userId: 'u2', reason: null, alarmId: 'al-1' }),
      );
      await store.reveals.insert(r('rv-3', t + 2000));
      assert.deepEqual(
        await store.reveals.get('rv-2'),
        r('rv-2', t + 1000, { cameraId: 'RV-2', actor: 'op2', userId: 'u2', reason: null, alarmId: 'al-1' }),
      );
      assert.deepEqual((await store.reveals.open()).map((x) => x.id).sort(), ['rv-1', 'rv-2', 'rv-3']);
      assert.equal(await store.reveals.end('rv-1', t + 5000, 'early'), true);
      assert.equal(await store.reveals.end('rv-1', t + 9000, 'expired'), false, 'a second end changes nothing');
      assert.deepEqual(await store.reveals.get('rv-1'), r('rv-1', t, { endedAtMs: t + 5000, how: 'early' }));
      assert.deepEqual((await store.reveals.open()).map((x) => x.id).sort(), ['rv-2', 'rv-3']);
      const ids = async (f: Parameters<Store['reveals']['list']>[0]) => (await store.reveals.list(f)).map((x) => x.id);
      assert.deepEqual(await ids({}), ['rv-3', 'rv-2', 'rv-1']);
      assert.deepEqual(await ids({ fromMs: t + 1000, toMs: t + 2000 }), ['rv-2']);
      assert.deepEqual(await ids({ cameraId: 'RV-1' }), ['rv-3', 'rv-1']);
      assert.deepEqual(await ids({ actor: 'op2' }), ['rv-2']);
      assert.deepEqual(await ids({ limit: 1 }), ['rv-3']);
      assert.equal(await store.reveals.get('nope'), undefined);
    });

    test('settings', async () => {
      await store.settings.set('k', 'v1');
      await store.settings.set('k', 'v2');
      assert.equal(await store.settings.get('k'), 'v2');
      await store.settings.delete('k');
      assert.equal(await store.settings.get('k'), undefined);
    });
  });
}
