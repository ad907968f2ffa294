import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let opGare: Client;
let admin: Client;
before(async () => {
  t = await startCentre({ demo: true });
  admin = await t.user('admin', 'admin');
  opGare = await t.user('op-gare', 'operator', ['gare']);
});
after(() => t.stop());

/** Every camera endpoint from the OpenAPI document, with a camera of another sector substituted in. */
async function cameraEndpoints(): Promise<{ method: string; path: string }[]> {
  const doc = (await admin.req('GET', '/api/openapi.json')).json;
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([p]) => p.startsWith('/api/cameras'))
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path: p })));
}

test('an operator of sector gare sees only gare cameras', async () => {
  const r = await opGare.req('GET', '/api/cameras?limit=1000');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, (await admin.req('GET', '/api/cameras?sectorId=gare&limit=1000')).json.total);
  assert.ok(r.json.items.length > 0 && r.json.items.every((c: any) => c.sectorId === 'gare'));
  const other = await opGare.req('GET', '/api/cameras?sectorId=centre-ville');
  assert.equal(other.json.total, 0, 'filtering on another sector does not widen the scope');
  const sectors = await opGare.req('GET', '/api/sectors');
  assert.deepEqual(
    sectors.json.map((s: any) => s.id),
    ['gare'],
  );
  assert.equal((await opGare.req('GET', '/api/sectors/centre-ville')).status, 404);
  const csv = await opGare.req('GET', '/api/cameras/export?format=csv');
  assert.ok(!csv.text.includes('centre-ville'), 'exports are scoped too');
});

test('every camera endpoint answers 404 or 403 for a camera of another sector', async () => {
  const foreign = (await admin.req('GET', '/api/cameras?sectorId=centre-ville&limit=1')).json.items[0];
  assert.ok(foreign, 'the demo fleet has a centre-ville camera');
  const endpoints = await cameraEndpoints();
  const withId = endpoints.filter((e) => e.path.includes('{id}'));
  assert.ok(withId.length >= 3, `camera endpoints found: ${JSON.stringify(endpoints)}`);
  for (const e of withId) {
    const body = e.method === 'PATCH' ? { name: 'hijack' } : undefined;
    const r = await opGare.req(e.method, e.path.replace('{id}', foreign.id), body);
    assert.ok([403, 404].includes(r.status), `${e.method} ${e.path} gave ${r.status}`);
    assert.ok(!r.text.includes(foreign.name), `${e.method} ${e.path} leaked the camera`);
  }
  const create = await opGare.req('POST', '/api/cameras', {
    id: 'OP-1',
    name: 'x',
    sectorId: 'centre-ville',
    streams: { main: 'rtsp://h/x' },
  });
  assert.equal(create.status, 403);
  const imp = await opGare.req('POST', '/api/cameras/import', 'id\n', { 'content-type': 'text/csv' });
  assert.equal(imp.status, 403);
  assert.equal((await admin.req('GET', `/api/cameras/${foreign.id}`)).json.name, foreign.name, 'nothing changed');
});

test('every alarm endpoint answers 404 for an alarm of another sector, and lists and stats are scoped', async () => {
  const foreign = (await admin.req('GET', '/api/cameras?sectorId=centre-ville&limit=1')).json.items[0];
  const ev = await t.centre.services.events.emit({ cameraId: foreign.id, kind: 'abandoned_object' });
  await t.centre.services.alarms.idle();
  const alarm = (await t.centre.services.store.alarms.byEvent(ev.id))!;
  const doc = (await admin.req('GET', '/api/openapi.json')).json;
  const withId = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([p]) => p.startsWith('/api/alarms/{id}'))
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path: p })));
  assert.ok(withId.length >= 5, `alarm endpoints found: ${JSON.stringify(withId)}`);
  const bodies: Record<string, unknown> = {
    assign: { userId: (await t.centre.services.store.users.getByUsername('op-gare'))!.id },
    comment: { text: 'hijack' },
    close: { disposition: 'false_alarm' },
  };
  for (const e of withId) {
    const body = e.method === 'POST' ? (bodies[e.path.split('/').at(-1)!] ?? {}) : undefined;
    const r = await opGare.req(e.method, e.path.replace('{id}', alarm.id), body);
    assert.equal(r.status, 404, `${e.method} ${e.path} gave ${r.status}`);
    assert.ok(!r.text.includes(foreign.id), `${e.method} ${e.path} leaked the camera`);
  }
  const list = await opGare.req('GET', '/api/alarms?limit=500');
  assert.ok(!list.json.items.some((a: any) => a.id === alarm.id));
  assert.equal((await opGare.req('GET', `/api/alarms?cameraId=${foreign.id}`)).json.total, 0);
  assert.equal((await opGare.req('GET', `/api/alarms/stats?cameraId=${foreign.id}`)).json.total, 0);
  const after = (await admin.req('GET', `/api/alarms/${alarm.id}`)).json;
  assert.deepEqual([after.state, after.history.length], ['new', 1], 'nothing changed');
});

test('an operator can read a camera of their own sector but not change it', async () => {
  const own = (await opGare.req('GET', '/api/cameras?limit=1')).json.items[0];
  assert.equal((await opGare.req('GET', `/api/cameras/${own.id}`)).status, 200);
  assert.equal((await opGare.req('PATCH', `/api/cameras/${own.id}`, { name: 'x' })).status, 403);
  assert.equal((await opGare.req('DELETE', `/api/cameras/${own.id}`)).status, 403);
});

test('operators and auditors cannot manage users; auditors read the journal, operators do not', async () => {
  const auditor = await t.user('auditor', 'auditor');
  assert.equal((await opGare.req('GET', '/api/users')).status, 403);
  assert.equal((await auditor.req('GET', '/api/users')).status, 403);
  assert.equal((await opGare.req('GET', '/api/audit')).status, 403);
  assert.equal((await auditor.req('GET', '/api/audit?limit=5')).status, 200);
  assert.equal((await auditor.req('GET', '/api/audit/verify')).json.ok, true);
});
