// The register over HTTP: bad input is a clear 4xx and stores nothing; the signed document is a PDF within the size
// limit, kept by its SHA-256 and given back byte for byte; every write journaled; admins write, others only read.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { body, camera, DEC_4, pdf } from './support.js';

const MAX = 2048;
let t: TestCentre;
let admin: Client;
let sup: Client;
let aud: Client;
let op: Client;

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, legal: { documentMaxBytes: MAX } } });
  t.clock.t = DEC_4;
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'gare', name: 'Gare' });
  await camera(t, 'VAL-042', 'gare');
  admin = await t.user('admin', 'admin');
  sup = await t.user('sup-gare', 'supervisor', ['gare']);
  aud = await t.user('auditeur', 'auditor');
  op = await t.user('op-gare', 'operator', ['gare']);
});
after(() => t?.stop());

const journal = async (action: string) =>
  (await t.centre.services.store.audit.search({ action, limit: 1000 })).map((e) => ({
    target: e.target,
    actor: e.actor,
  }));
const count = async () => (await t.centre.services.store.authorisations.list()).length;

const vp = body({ kind: 'video_protection', cameraIds: ['VAL-042'] });
const ap = body({ kind: 'algorithmic_processing', cameraIds: ['VAL-042'] });

test('bad input: a clear 4xx naming the field, nothing stored, nothing journaled', async () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'ends before it starts',
      { ...vp, startsOn: '2026-06-01', endsOn: '2026-05-31' },
      /ends \(2026-05-31\) before it starts \(2026-06-01\)/,
    ],
    ['unknown event family', { ...ap, families: ['intrusion', 'face_recognition'] }, /families/],
    ['perimeter naming unknown cameras', { ...vp, cameraIds: ['VAL-042', 'VAL-999'] }, /unknown cameras: VAL-999/],
    ['perimeter naming unknown sectors', { ...vp, cameraIds: [], sectorIds: ['lune'] }, /unknown sectors: lune/],
    ['an empty perimeter', { ...vp, cameraIds: [] }, /name the cameras or sectors/],
    [
      'video_protection without retention',
      { ...vp, retentionDays: undefined },
      /retentionDays.*required for video_protection|required for video_protection/,
    ],
    ['algorithmic_processing with a retention', { ...ap, retentionDays: 10 }, /only for video_protection/],
    ['algorithmic_processing without families', { ...ap, families: [] }, /name the event families/],
    ['retention past the legal cap', { ...vp, retentionDays: 31 }, /at most 30 days/],
    ['a date that is no date', { ...vp, endsOn: '2026-13-45' }, /endsOn/],
    ['an unknown key', { ...vp, cameras: ['VAL-042'] }, /cameras/],
  ];
  for (const [what, b, message] of cases) {
    const r = await admin.req('POST', '/api/authorisations', b);
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.match(r.json.message, message, what);
  }
  assert.equal(await count(), 0, 'nothing stored');
  assert.deepEqual(await journal('legal.create'), [], 'nothing journaled');

  // The same on a correction: the stored authorisation does not move.
  const ok = await admin.req('POST', '/api/authorisations', vp);
  assert.equal(ok.status, 201, ok.text);
  for (const [, b] of cases) {
    const r = await admin.req('PUT', `/api/authorisations/${ok.json.id}`, b);
    assert.equal(r.status, 400, r.text);
  }
  assert.deepEqual((await admin.req('GET', `/api/authorisations/${ok.json.id}`)).json, ok.json);
  assert.deepEqual(await journal('legal.update'), []);
});

test('every write is journaled with its actor; supervisors and auditors read, only admins write', async () => {
  const created = await admin.req('POST', '/api/authorisations', { ...ap, reference: 'AP-JOURNAL' });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id as string;
  assert.equal(created.json.inForce, true);
  const updated = await admin.req('PUT', `/api/authorisations/${id}`, {
    ...ap,
    reference: 'AP-JOURNAL',
    endsOn: '2026-12-20',
  });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.json.endsOn, '2026-12-20');
  const revoked = await admin.req('POST', `/api/authorisations/${id}/revoke`, { reason: 'remplacée par AP-2027' });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.json.revokedBy, 'admin');
  assert.equal(revoked.json.revokeReason, 'remplacée par AP-2027');
  for (const action of ['legal.create', 'legal.update', 'legal.revoke'])
    assert.deepEqual(
      (await journal(action)).filter((e) => e.target === id),
      [{ target: id, actor: 'admin' }],
      action,
    );
  // Revoked is final: a correction or a second revocation is a conflict.
  assert.equal((await admin.req('PUT', `/api/authorisations/${id}`, ap)).status, 409);
  assert.equal(
    (await admin.req('POST', `/api/authorisations/${id}/revoke`, { reason: 'encore une fois' })).status,
    409,
  );

  const before = await count();
  for (const c of [sup, aud]) {
    const list = await c.req('GET', '/api/authorisations');
    assert.equal(list.status, 200, list.text);
    assert.ok(list.json.some((a: { id: string }) => a.id === id));
    assert.equal((await c.req('GET', `/api/authorisations/${id}`)).status, 200);
  }
  for (const c of [sup, aud, op]) {
    assert.equal((await c.req('POST', '/api/authorisations', vp)).status, 403);
    assert.equal((await c.req('PUT', `/api/authorisations/${created.json.id}`, vp)).status, 403);
    assert.equal((await c.req('POST', `/api/authorisations/${id}/revoke`, { reason: 'not mine to do' })).status, 403);
  }
  assert.equal((await op.req('GET', '/api/authorisations')).status, 403, 'operators do not read the register');
  assert.equal(await count(), before);
});

test('the document: a PDF within the limit, kept by its SHA-256, given back byte for byte, journaled', async () => {
  const a = (await admin.req('POST', '/api/authorisations', { ...vp, reference: 'ARR-DOC' })).json;
  const url = `${t.base}/api/authorisations/${a.id}/document`;
  const put = (bytes: Buffer | string, type: string, c: Client = admin, q = '') =>
    fetch(`${url}${q}`, { method: 'PUT', headers: { cookie: c.cookie!, 'content-type': type }, body: bytes });

  // Not a PDF: by its content (a PDF's name and type are not enough), and by its declared type.
  const fake = await put(Buffer.from('GIF89a not a pdf at all'), 'application/pdf');
  assert.equal(fake.status, 415, await fake.text());
  const text = await put('%PDF-1.4 but sent as text', 'text/plain');
  assert.equal(text.status, 415, await text.text());
  // Past legal.documentMaxBytes: 413 with a JSON message.
  const big = Buffer.concat([pdf('gros'), Buffer.alloc(MAX)]);
  const tooBig = await put(big, 'application/pdf');
  assert.equal(tooBig.status, 413);
  assert.equal(typeof ((await tooBig.json()) as { message: unknown }).message, 'string');
  assert.equal((await admin.req('GET', `/api/authorisations/${a.id}`)).json.document, null, 'nothing kept');
  assert.deepEqual(await journal('legal.document'), []);
  // Only admins attach one.
  assert.equal((await put(pdf('arrêté'), 'application/pdf', sup)).status, 403);

  const doc = pdf('Arrete prefectoral n. 2026-042 portant autorisation de videoprotection');
  assert.ok(doc.length < MAX);
  const sha256 = createHash('sha256').update(doc).digest('hex');
  const ok = await put(doc, 'application/pdf', admin, '?name=arrete-2026-042.pdf');
  assert.equal(ok.status, 200, await ok.clone().text());
  const stored = ((await ok.json()) as { document: object }).document;
  assert.deepEqual(
    { ...stored, uploadedAt: undefined },
    { sha256, size: doc.length, name: 'arrete-2026-042.pdf', uploadedAt: undefined },
  );
  assert.deepEqual(await journal('legal.document'), [{ target: a.id, actor: 'admin' }]);
  const entry = (await t.centre.services.store.audit.search({ action: 'legal.document', limit: 1 }))[0]!;
  assert.equal(JSON.parse(entry.details).sha256, sha256);

  // Downloaded by whoever reads the register, byte-identical, with its hash.
  for (const c of [admin, aud]) {
    const got = await fetch(url, { headers: { cookie: c.cookie! } });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.equal(got.headers.get('x-content-sha256'), sha256);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(doc), 'byte-identical');
  }
  assert.equal((await fetch(url, { headers: { cookie: op.cookie! } })).status, 403);
  assert.equal((await fetch(url)).status, 401);
});
