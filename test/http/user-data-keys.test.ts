import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

// Ids, tags and names that are also Object.prototype members: a `{}` used as a map answers them with a function.
const NAMES = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

let t: TestCentre;
let admin: Client;
before(async () => {
  t = await startCentre();
  admin = await t.user('admin', 'admin');
});
after(() => t.stop());

test('sectors, cameras, tags and users named like Object.prototype members work everywhere', async () => {
  // An empty sector first: its camera count came from `counts[id] ?? 0`, i.e. a function, i.e. a 500.
  for (const id of NAMES) assert.equal((await admin.req('POST', '/api/sectors', { id, name: id })).status, 201, id);
  const sectors = await admin.req('GET', '/api/sectors');
  assert.equal(sectors.status, 200, sectors.text);
  for (const id of NAMES) assert.equal(sectors.json.find((s: any) => s.id === id)?.cameras, 0, `${id} has 0 cameras`);
  for (const id of NAMES) assert.equal((await admin.req('GET', `/api/sectors/${id}`)).json.id, id);

  for (const id of NAMES) {
    const cam = { id, name: id, sectorId: id, streams: { main: `rtsp://192.0.2.1/${id}` }, tags: [id, '__proto__'] };
    assert.equal((await admin.req('POST', '/api/cameras', cam)).status, 201, id);
  }
  const after = await admin.req('GET', '/api/sectors');
  for (const id of NAMES) assert.equal(after.json.find((s: any) => s.id === id)?.cameras, 1, `${id} has 1 camera`);
  for (const id of NAMES) {
    assert.equal((await admin.req('GET', `/api/cameras?tag=${id}`)).json.total, 1, `tag ${id}`);
    assert.equal((await admin.req('GET', `/api/cameras?sectorId=${id}`)).json.items[0].id, id);
    assert.equal((await admin.req('GET', `/api/cameras/${id}/health`)).status < 500, true);
  }
  assert.equal((await admin.req('GET', '/api/cameras?tag=__proto__')).json.total, NAMES.length);
  assert.equal((await admin.req('DELETE', '/api/sectors/constructor')).status, 409, 'counted: not empty');
  const csv = await admin.req('GET', '/api/cameras/export?format=csv');
  assert.equal(csv.status, 200);
  const geo = await admin.req('GET', '/api/cameras/export?format=geojson');
  assert.equal(
    (await admin.req('POST', '/api/cameras/import', geo.text, { 'content-type': 'application/geo+json' })).status,
    200,
  );
  const metrics = await admin.req('GET', '/metrics');
  assert.match(metrics.text, /vigie_cameras\{sector="constructor"\} 1/);

  for (const username of NAMES) {
    const u = await admin.req('POST', '/api/users', {
      username,
      password: PASSWORD,
      role: 'operator',
      sectorIds: NAMES,
    });
    assert.equal(u.status, 201, u.text);
  }
  const op = await t.user('__proto__', 'operator', ['toString']);
  assert.equal((await op.req('GET', '/api/sectors')).json.length, 1);
  assert.equal((await op.req('GET', '/api/cameras')).json.items[0].id, 'toString');
  assert.equal((await admin.req('GET', '/api/users')).json.filter((u: any) => NAMES.includes(u.username)).length, 5);
  assert.equal((await admin.req('GET', '/api/streams/health')).status, 200);
  assert.equal((await admin.req('GET', '/api/alarms/stats')).status, 200);
});

test('a GeoJSON feature cannot swap its properties object for another through __proto__', async () => {
  const doc = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: null,
        properties: {
          id: 'PROTO-1',
          name: 'p',
          sectorId: 'toString',
          streams: { main: 'rtsp://192.0.2.1/p' },
          __proto__: { status: 'decommissioned' },
        },
      },
    ],
  };
  // JSON.stringify drops a literal __proto__ key; written by hand, as an attacker would.
  const text = JSON.stringify(doc).replace('"streams"', '"__proto__":{"status":"decommissioned"},"streams"');
  const r = await admin.req('POST', '/api/cameras/import', text, { 'content-type': 'application/geo+json' });
  assert.ok(r.status === 200 || r.status === 400, r.text);
  const cam = await admin.req('GET', '/api/cameras/PROTO-1');
  if (cam.status === 200) assert.equal(cam.json.status, 'active', 'the prototype did not supply a field');
});
