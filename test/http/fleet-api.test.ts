import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
before(async () => {
  t = await startCentre({ demo: true });
  admin = await t.user('admin', 'admin');
});
after(() => t.stop());

const cam = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Test ${id}`,
  sectorId: 'gare',
  streams: { main: `rtsp://10.0.0.1/${id}/main` },
  ...extra,
});

test('the demo fleet lists 230 cameras with filters and paging', async () => {
  const all = await admin.req('GET', '/api/cameras?limit=1000');
  assert.equal(all.json.total, 230);
  const pilot = await admin.req('GET', '/api/cameras?phase=pilot&limit=1000');
  assert.equal(pilot.json.total, 10);
  assert.ok(pilot.json.items.every((c: any) => c.sectorId === 'gare'));
  const page = await admin.req('GET', '/api/cameras?limit=10&offset=20');
  assert.equal(page.json.items.length, 10);
  assert.equal(page.json.items[0].id, 'VAL-021');
  const sectors = await admin.req('GET', '/api/sectors');
  assert.equal(
    sectors.json.reduce((n: number, s: any) => n + s.cameras, 0),
    230,
  );
});

test('camera CRUD; credentials encrypted at rest and never returned', async () => {
  const created = await admin.req(
    'POST',
    '/api/cameras',
    cam('T-1', { credentials: { username: 'viewer', password: 's3cret-pass' } }),
  );
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.hasCredentials, true);
  assert.ok(!created.text.includes('s3cret-pass') && !created.text.includes('viewer'));
  const raw = await t.centre.services.store.cameras.get('T-1');
  assert.match(raw!.credentialsCipher!, /^v1:/);
  assert.ok(!raw!.credentialsCipher!.includes('s3cret'));
  assert.deepEqual(await t.centre.services.fleet.credentialsFor('T-1'), {
    username: 'viewer',
    password: 's3cret-pass',
  });
  assert.equal((await admin.req('POST', '/api/cameras', cam('T-1'))).status, 409);
  const patched = await admin.req('PATCH', '/api/cameras/T-1', { name: 'Renamed', status: 'maintenance' });
  assert.equal(patched.json.name, 'Renamed');
  assert.equal(patched.json.hasCredentials, true, 'a patch without credentials keeps them');
  const cleared = await admin.req('PATCH', '/api/cameras/T-1', { credentials: null });
  assert.equal(cleared.json.hasCredentials, false);
  assert.equal((await admin.req('GET', '/api/cameras/T-1')).json.status, 'maintenance');
  assert.equal((await admin.req('DELETE', '/api/cameras/T-1')).status, 200);
  assert.equal((await admin.req('GET', '/api/cameras/T-1')).status, 404);
  const journal = await t.centre.services.store.audit.search({ target: 'T-1', limit: 10 });
  assert.deepEqual(journal.map((e) => e.action).reverse(), [
    'camera.create',
    'camera.update',
    'camera.update',
    'camera.delete',
  ]);
  assert.ok(!JSON.stringify(journal).includes('s3cret'));
});

test('a stream URL with embedded credentials is refused with the reason', async () => {
  const r = await admin.req('POST', '/api/cameras', cam('T-2', { streams: { main: 'rtsp://u:p@10.0.0.1/x' } }));
  assert.equal(r.status, 400);
  assert.match(r.json.message, /body\.streams\.main: must not embed credentials/);
});

test('CSV export → import round trip through the API', async () => {
  const csv = await admin.req('GET', '/api/cameras/export?format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type')!, /text\/csv/);
  assert.equal(csv.text.trim().split('\n').length, 231);
  const before = (await admin.req('GET', '/api/cameras?limit=1000')).json.items;
  const imp = await admin.req('POST', '/api/cameras/import', csv.text, { 'content-type': 'text/csv' });
  assert.equal(imp.status, 200, imp.text);
  assert.equal(imp.json.imported, 230);
  const afterList = (await admin.req('GET', '/api/cameras?limit=1000')).json.items;
  const strip = (c: any) => ({ ...c, updatedAt: undefined });
  assert.deepEqual(afterList.map(strip), before.map(strip));
});

test('GeoJSON export → import round trip through the API', async () => {
  const geo = await admin.req('GET', '/api/cameras/export?format=geojson');
  assert.equal(geo.json.type, 'FeatureCollection');
  assert.equal(geo.json.features.length, 230);
  const imp = await admin.req('POST', '/api/cameras/import', geo.text, { 'content-type': 'application/geo+json' });
  assert.equal(imp.status, 200, imp.text);
});

test('a CSV of 100 rows with 3 bad rows is refused whole, naming the 3 lines', async () => {
  const header =
    'id,name,sector_id,lat,lon,address,main_url,sub_url,username,password,model,phase,installed_at,status,tags';
  const rows = Array.from({ length: 100 }, (_, i) => {
    const id = `IMP-${String(i).padStart(3, '0')}`;
    return `${id},Imported ${i},centre-ville,50.35,3.52,,rtsp://10.1.0.${i}/main,,,,,extension,2026-05-01,active,import`;
  });
  rows[9] = rows[9]!.replace('rtsp://10.1.0.9/main', 'not a url'); // line 11
  rows[49] = rows[49]!.replace('50.35', '95'); // line 51
  rows[89] = rows[89]!.replace('IMP-089', '../etc'); // line 91
  const r = await admin.req('POST', '/api/cameras/import', [header, ...rows].join('\n'), {
    'content-type': 'text/csv',
  });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(
    r.json.rows.map((e: any) => e.line),
    [11, 51, 91],
  );
  assert.match(r.json.message, /nothing imported/);
  assert.equal((await admin.req('GET', '/api/cameras?tag=import')).json.total, 0, 'no row was half-imported');
});

test('an import naming an unknown sector is refused whole', async () => {
  const header =
    'id,name,sector_id,lat,lon,address,main_url,sub_url,username,password,model,phase,installed_at,status,tags';
  const body = `${header}\nX-1,A,gare,,,,rtsp://h/a,,,,,pilot,,active,\nX-2,B,nowhere,,,,rtsp://h/b,,,,,pilot,,active,\n`;
  const r = await admin.req('POST', '/api/cameras/import', body, { 'content-type': 'text/csv' });
  assert.equal(r.status, 400);
  assert.match(r.json.message, /unknown sectors: nowhere/);
  assert.equal((await admin.req('GET', '/api/cameras/X-1')).status, 404);
});

test('sectors: create, rename, refuse deleting a non-empty one', async () => {
  assert.equal((await admin.req('POST', '/api/sectors', { id: 'zone-test', name: 'Zone test' })).status, 201);
  assert.equal((await admin.req('POST', '/api/sectors', { id: 'zone-test', name: 'again' })).status, 409);
  assert.equal((await admin.req('PATCH', '/api/sectors/zone-test', { name: 'Zone T' })).json.name, 'Zone T');
  assert.equal((await admin.req('DELETE', '/api/sectors/gare')).status, 409);
  assert.equal((await admin.req('DELETE', '/api/sectors/zone-test')).status, 200);
});
