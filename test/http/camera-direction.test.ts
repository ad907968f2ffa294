// A camera's direction (where it looks, 0..359°) and field of view (10..360°), issue 19's view cone on the map:
// accepted and stored by the API, the CSV and the GeoJSON import, refused out of range with a clear message (400,
// nothing saved), and kept through a round trip.
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
  position: { lat: 50.36, lon: 3.52 },
  ...extra,
});
const HEADER =
  'id,name,sector_id,lat,lon,address,main_url,sub_url,username,password,model,phase,installed_at,status,tags,direction,field_of_view';

test('the API stores a direction and a field of view, patches them, and refuses values out of range', async () => {
  const created = await admin.req('POST', '/api/cameras', cam('D-1', { direction: 0, fieldOfView: 75 }));
  assert.equal(created.status, 201, created.text);
  assert.deepEqual([created.json.direction, created.json.fieldOfView], [0, 75]);
  const patched = await admin.req('PATCH', '/api/cameras/D-1', { direction: 359, fieldOfView: 360 });
  assert.equal(patched.status, 200, patched.text);
  const got = (await admin.req('GET', '/api/cameras/D-1')).json;
  assert.deepEqual([got.direction, got.fieldOfView], [359, 360]);
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ direction: 360 }, /body\.direction/],
    [{ direction: -1 }, /body\.direction/],
    [{ direction: 12.5 }, /body\.direction/],
    [{ direction: '90' }, /body\.direction/],
    [{ fieldOfView: 9 }, /body\.fieldOfView/],
    [{ fieldOfView: 361 }, /body\.fieldOfView/],
  ];
  for (const [extra, message] of bad) {
    const r = await admin.req('POST', '/api/cameras', cam('D-2', extra));
    console.log(`POST ${JSON.stringify(extra)} → ${r.status} ${r.json.message}`);
    assert.equal(r.status, 400, JSON.stringify(extra));
    assert.match(r.json.message, message);
    const p = await admin.req('PATCH', '/api/cameras/D-1', extra);
    assert.equal(p.status, 400, `PATCH ${JSON.stringify(extra)}`);
  }
  assert.equal((await admin.req('GET', '/api/cameras/D-2')).status, 404, 'nothing was created');
  const kept = (await admin.req('GET', '/api/cameras/D-1')).json;
  assert.deepEqual([kept.direction, kept.fieldOfView], [359, 360], 'nothing was changed');
});

test('the CSV import takes direction and field_of_view; a bad one refuses the whole file, naming line and column', async () => {
  const good = `${HEADER}\nCSV-1,A,gare,50.36,3.52,,rtsp://h/a,,,,,pilot,,active,,45,90\nCSV-2,B,gare,50.36,3.52,,rtsp://h/b,,,,,pilot,,active,,,\n`;
  const ok = await admin.req('POST', '/api/cameras/import', good, { 'content-type': 'text/csv' });
  assert.equal(ok.status, 200, ok.text);
  const a = (await admin.req('GET', '/api/cameras/CSV-1')).json;
  assert.deepEqual([a.direction, a.fieldOfView], [45, 90]);
  const b = (await admin.req('GET', '/api/cameras/CSV-2')).json;
  assert.ok(!('direction' in b) && !('fieldOfView' in b), 'empty cells mean no direction');
  const bad = `${HEADER}\nCSV-3,C,gare,50.36,3.52,,rtsp://h/c,,,,,pilot,,active,,400,90\nCSV-4,D,gare,50.36,3.52,,rtsp://h/d,,,,,pilot,,active,,north,5\n`;
  const r = await admin.req('POST', '/api/cameras/import', bad, { 'content-type': 'text/csv' });
  console.log(`CSV with bad degrees → ${r.status} ${JSON.stringify(r.json.rows?.map((e: any) => e.message))}`);
  assert.equal(r.status, 400);
  assert.deepEqual(
    r.json.rows.map((e: any) => [e.line, e.field]),
    [
      [2, 'direction'],
      [3, 'direction'],
      [3, 'field_of_view'],
    ],
  );
  assert.equal((await admin.req('GET', '/api/cameras/CSV-3')).status, 404, 'nothing imported');
  // The export carries the columns, and imports back unchanged.
  const csv = await admin.req('GET', '/api/cameras/export?format=csv');
  assert.match(csv.text.split('\n')[0]!, /,direction,field_of_view/);
  assert.match(csv.text, /\nCSV-1,A,gare,.*,45,90\n/);
});

test('the GeoJSON import takes direction and fieldOfView from the properties, and refuses them out of range', async () => {
  const feature = (id: string, properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [3.52, 50.36] },
    properties: { id, name: id, sectorId: 'gare', streams: { main: `rtsp://h/${id}` }, ...properties },
  });
  const doc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const geo = { 'content-type': 'application/geo+json' };
  const ok = await admin.req(
    'POST',
    '/api/cameras/import',
    doc(feature('GEO-1', { direction: 180, fieldOfView: 120 })),
    geo,
  );
  assert.equal(ok.status, 200, ok.text);
  const g = (await admin.req('GET', '/api/cameras/GEO-1')).json;
  assert.deepEqual([g.direction, g.fieldOfView], [180, 120]);
  const bad = await admin.req(
    'POST',
    '/api/cameras/import',
    doc(feature('GEO-2', { direction: 180 }), feature('GEO-3', { direction: 360, fieldOfView: 5 })),
    geo,
  );
  console.log(`GeoJSON with bad degrees → ${bad.status} ${JSON.stringify(bad.json.rows?.map((e: any) => e.message))}`);
  assert.equal(bad.status, 400);
  assert.deepEqual(
    bad.json.rows.map((e: any) => [e.line, e.field]),
    [
      [2, 'direction'],
      [2, 'fieldOfView'],
    ],
  );
  assert.equal((await admin.req('GET', '/api/cameras/GEO-2')).status, 404, 'nothing imported');
  const out = await admin.req('GET', '/api/cameras/export?format=geojson');
  const f = out.json.features.find((x: any) => x.id === 'GEO-1');
  assert.deepEqual([f.properties.direction, f.properties.fieldOfView], [180, 120]);
});
