// The public transparency register (issue 20, law.md L9) over real HTTP without login: open data valid against its
// own published JSON Schema, GeoJSON in RFC 7946 order, a withheld camera nowhere, small counts hidden.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { ALLOWED_MODELS, BIOMETRIC_NAME } from '../../src/analytics/models/model-guard.js';
import { SCHEMAS } from '../../src/core/public/public-register.js';
import { registerSchema, statisticsSchema } from '../../src/core/public/register-schemas.js';
import { ADMIN, HIDDEN, type PublicFixture, publicFixture } from './setup.js';

let f: PublicFixture;
before(async () => {
  f = await publicFixture();
});
after(() => f.t.stop());

const ROUTES = [
  '/public/register.json',
  '/public/cameras.geojson',
  '/public/cameras.csv',
  '/public/statistics.json',
  '/public/statistics.json?month=2026-06',
  '/public/algorithms.json',
  '/public/contracts.json',
  '/public/schema/register.json',
  '/public/schema/algorithms.json',
  '/public/schema/statistics.json',
];

test('every public route answers without login, cacheable, and with nothing personal or secret', async () => {
  for (const path of ROUTES) {
    const r = await f.anon.req('GET', path);
    assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=300', path);
    assert.match(r.headers.get('etag') ?? '', /^"[\w-]+"$/, path);
    assert.equal(r.headers.get('access-control-allow-origin'), '*', path);
    // No user names (the admin who recorded things, nor who created, revoked or updated), no stream URLs.
    for (const secret of [ADMIN, 'rtsp://', 'secret-stream', 'createdBy', 'updatedBy', 'revokedBy', '.jpg'])
      assert.equal(r.text.includes(secret), false, `${path} contains ${secret}`);
  }
});

test('open data validates against its own published JSON Schema, which is the one zod generates', async () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  for (const [doc, data] of [
    ['register.json', '/public/register.json'],
    ['algorithms.json', '/public/algorithms.json'],
    ['statistics.json', '/public/statistics.json'],
    ['statistics.json', '/public/statistics.json?month=2026-05'],
  ] as const) {
    const schema = (await f.anon.req('GET', `/public/schema/${doc}`)).json;
    assert.deepEqual(schema, JSON.parse(JSON.stringify(z.toJSONSchema(SCHEMAS[doc], { io: 'output' }))));
    const body = (await f.anon.req('GET', data)).json;
    const validate = ajv.compile(schema);
    assert.equal(validate(body), true, `${data}: ${JSON.stringify(validate.errors)}`);
    SCHEMAS[doc].parse(body);
  }
  // And the check can fail: a camera with its latitude as text is refused by the published schema.
  const reg = (await f.anon.req('GET', '/public/register.json')).json;
  reg.cameras[0].lat = '50.36';
  assert.equal(ajv.compile((await f.anon.req('GET', '/public/schema/register.json')).json)(reg), false);
});

test('the register says what each published camera films, why, how long, under which authorisation', async () => {
  const reg = registerSchema.parse((await f.anon.req('GET', '/public/register.json')).json);
  assert.deepEqual(
    reg.cameras.map((c) => c.id),
    ['PUB-1', 'PUB-2'],
  );
  const [c1, c2] = reg.cameras as [(typeof reg.cameras)[0], (typeof reg.cameras)[0]];
  assert.equal(c1.covers, 'the square and its fountain');
  assert.equal(c1.sector, 'Nord');
  assert.equal(c1.installedAt, '2026-03-01');
  assert.equal(c1.retentionDays, 14, 'the stricter authorisation binds');
  assert.equal(c2.retentionDays, 10, 'the camera’s own retention, below the authorised 30');
  assert.deepEqual(c1.purposes, ['crime_prevention', 'public_safety']);
  assert.equal(c1.videoProtectionInForce, true);
  const vp = c1.authorisations.find((a) => a.reference === 'VP-2026-014')!;
  assert.match(vp.sha256 ?? '', /^[0-9a-f]{64}$/);
  assert.equal(vp.documentUrl, `/public/documents/${f.vpAuth}.pdf`);
  assert.equal(c2.authorisations.find((a) => a.reference === 'OTHER-1')?.documentUrl, null);
  assert.deepEqual(
    c1.analytics.map((a) => a.kind),
    ['crowd_density', 'intrusion', 'wrong_way'],
  );
  const intrusion = c1.analytics.find((a) => a.kind === 'intrusion')!;
  assert.equal(intrusion.accuracy?.command, 'npx vigie eval');
  assert.match(intrusion.humanStep, /operator decides on every alarm/);
  assert.deepEqual(c2.analytics, []);
  assert.equal(reg.contracts[0]?.vendor, 'Caméras du Nord SA');
  assert.equal(reg.contracts[0]?.amountCents, 12_345_600);
  const ap = reg.authorisations.find((a) => a.reference === 'TEST-AP')!;
  assert.equal(ap.cameras, 2, 'published cameras only');
  assert.deepEqual(ap.sectors, ['Nord'], 'the withheld camera’s sector is not named');
});

test('the algorithm register has one entry per analytic with the standard’s fields; not measured is null', async () => {
  const doc = SCHEMAS['algorithms.json'].parse((await f.anon.req('GET', '/public/algorithms.json')).json);
  const by = new Map(doc.algorithms.map((a) => [a.technicalDesign.kinds[0], a]));
  assert.equal(by.get('intrusion')?.status, 'in_use');
  assert.equal(by.get('intrusion')?.cameras, 1);
  assert.deepEqual(
    by.get('intrusion')?.legalBasis.map((b) => b.reference),
    ['TEST-AP'],
  );
  assert.equal(by.get('fire')?.status, 'not_in_use');
  assert.equal(by.get('weapon')?.accuracy[0]?.figures, null);
  assert.equal(by.get('person_on_ground')?.accuracy[0]?.figures, null);
  assert.match(by.get('intrusion')!.humanIntervention, /operator decides on every alarm/);
  assert.match(by.get('intrusion')!.data, /no biometric data/);
  assert.match(by.get('intrusion')!.fr.humanIntervention, /Un opérateur décide de chaque alerte/);
  assert.match(by.get('intrusion')!.fr.data, /aucune donnée biométrique/);
  // The model guard's allow-list, by hash, on every entry (issue 21): NanoDet's two files, nothing biometric.
  const published = by.get('intrusion')!.technicalDesign.models;
  assert.deepEqual(
    published.map((m) => m.sha256),
    ALLOWED_MODELS.map((m) => m.sha256),
  );
  for (const m of published) assert.doesNotMatch(`${m.name} ${m.file}`, BIOMETRIC_NAME);
});

test('GeoJSON is an RFC 7946 FeatureCollection with [longitude, latitude] points', async () => {
  const r = await f.anon.req('GET', '/public/cameras.geojson');
  assert.match(r.headers.get('content-type') ?? '', /^application\/geo\+json/);
  const g = r.json;
  assert.equal(g.type, 'FeatureCollection');
  assert.equal(g.features.length, 2);
  for (const ft of g.features) {
    assert.equal(ft.type, 'Feature');
    assert.equal(ft.geometry.type, 'Point');
    const [lon, lat] = ft.geometry.coordinates;
    assert.ok(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90);
    assert.equal(typeof ft.properties.name, 'string');
  }
  const p1 = g.features.find((x: { id: string }) => x.id === 'PUB-1');
  assert.deepEqual(p1.geometry.coordinates, [3.52, 50.36]);
  const csv = (await f.anon.req('GET', '/public/cameras.csv')).text.trim().split('\n');
  assert.equal(csv.length, 3);
  assert.match(csv[1]!, /^PUB-1,Place d’Armes,Nord,50.36,3.52,/);
});

test('a withheld camera appears nowhere on /public, yet its alarms count in the statistics', async () => {
  for (const path of ROUTES) {
    const text = (await f.anon.req('GET', path)).text;
    for (const s of [HIDDEN.id, HIDDEN.name, HIDDEN.sector, 'prison'])
      assert.equal(text.includes(s), false, `${path} shows ${s}`);
  }
  const stats = statisticsSchema.parse((await f.anon.req('GET', '/public/statistics.json')).json);
  const june = stats.months.find((m) => m.month === '2026-06')!;
  // 9 alarms on the published cameras, 6 on the withheld one.
  assert.equal(june.alarms.total, 15);
  // Published again, it is back.
  await f.admin.req('PUT', `/api/publication/cameras/${HIDDEN.id}`, { published: true });
  await f.t.centre.services.publicRegister!.refresh();
  assert.ok((await f.anon.req('GET', '/public/register.json')).text.includes(HIDDEN.name));
  await f.admin.req('PUT', `/api/publication/cameras/${HIDDEN.id}`, { published: false, reason: 'sensitive again' });
  await f.t.centre.services.publicRegister!.refresh();
  assert.equal((await f.anon.req('GET', '/public/register.json')).text.includes(HIDDEN.name), false);
});

/** Every number in the statistics that is a count (not a share, nor the threshold). */
function counts(x: unknown, key = ''): Array<[string, unknown]> {
  if (Array.isArray(x)) return x.flatMap((v, i) => counts(v, `${key}[${i}]`));
  if (x && typeof x === 'object')
    return Object.entries(x).flatMap(([k, v]) => (['share', 'minCount'].includes(k) ? [] : counts(v, `${key}.${k}`)));
  return typeof x === 'number' ? [[key, x]] : [];
}

test('statistics never show a count below the threshold, nor a share computed from one', async () => {
  const stats = statisticsSchema.parse((await f.anon.req('GET', '/public/statistics.json')).json);
  assert.equal(stats.months.length, 12);
  assert.equal(stats.months.at(-1)?.month, '2026-06');
  assert.equal(stats.months.at(-1)?.complete, false);
  const june = stats.months.at(-1)!;
  assert.equal(june.alarms.byKind.find((k) => k.kind === 'intrusion')?.count, '< 5', '2 intrusion alarms');
  assert.equal(june.alarms.total, 15);
  // wrong way 7 and fire 6 pass, intrusion is hidden: a single hidden cell beside a total would give it back, so
  // the smallest published one (fire 6) is withheld with it.
  assert.equal(june.alarms.byKind.find((k) => k.kind === 'wrong_way')?.count, 7);
  assert.equal(june.alarms.byKind.find((k) => k.kind === 'fire')?.count, 'withheld');
  assert.equal(june.dispositions.closed, 7);
  assert.deepEqual(june.dispositions.not_actionable, { count: '< 5', share: null });
  assert.deepEqual(june.dispositions.confirmed, { count: '< 5', share: null });
  assert.deepEqual(june.dispositions.false_alarm, { count: '< 5', share: null });
  // No access request in the register: zero is hidden like every small count.
  assert.deepEqual(
    { ...june.accessRequests, note: '' },
    { received: '< 5', answered: '< 5', refused: '< 5', note: '' },
  );
  assert.match(june.accessRequests.note, /RGPD art. 15/);
  assert.equal(june.availability.share, 1);
  for (const [where, n] of counts(stats.months))
    assert.ok((n as number) >= 5, `${where} publishes ${n}, below the threshold`);
  const may = stats.months.at(-2)!;
  assert.equal(may.alarms.total, '< 5');
  assert.deepEqual(may.alarms.byKind, []);
});
