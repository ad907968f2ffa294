import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let routes: { method: string; path: string; op: any }[];
let alarmId: string;
before(async () => {
  t = await startCentre({ demo: true });
  admin = await t.user('admin', 'admin');
  // A real alarm, so that its routes pass the scope check and their bodies get validated.
  // (WebSocket routes are not in the document: test/alarms/alarm-stream.test.ts covers the stream.)
  const ev = await t.centre.services.events.emit({ cameraId: 'VAL-001', kind: 'intrusion' });
  await t.centre.services.alarms.idle();
  alarmId = (await t.centre.services.store.alarms.byEvent(ev.id))!.id;
  const doc = (await admin.req('GET', '/api/openapi.json')).json;
  routes = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path, op })),
  );
});
after(() => t.stop());

const fill = (path: string, id = 'VAL-001') => path.replace('{id}', id);
/** An id that exists for the route's resource, so that validation (not a 404) answers. */
const idFor = (path: string) =>
  path.startsWith('/api/alarms')
    ? alarmId
    : path.includes('tokens') ||
        path.includes('users') ||
        path.includes('contracts') ||
        path.includes('authorisations') ||
        path.includes('access-requests')
      ? '00000000-0000-4000-8000-000000000000'
      : 'VAL-001';
const jsonBody = (op: any) => op.requestBody?.content?.['application/json']?.schema;

function check(r: { status: number; json: any; text: string }, what: string) {
  assert.ok(r.status >= 400 && r.status < 500, `${what}: expected 4xx, got ${r.status} ${r.text.slice(0, 200)}`);
  assert.equal(typeof r.json?.message, 'string', `${what}: a JSON message says what is wrong`);
}

test('the route list covers the API', () => {
  assert.ok(routes.length >= 18, `found ${routes.length} routes`);
  for (const path of ['/api/alarms', '/api/alarms/stats', '/api/alarms/{id}/close', '/api/alarms/{id}/assign'])
    assert.ok(
      routes.some((r) => r.path === path),
      `${path} is enumerated`,
    );
});

test('path traversal and bad characters in ids are refused with 400 on every route with an id', async () => {
  const bad = ['..%2F..%2Fetc%2Fpasswd', '...', '..%5C..%5Cwindows', '%00', 'a%20b', 'x'.repeat(65), '%E2%80%AE'];
  for (const r of routes.filter((r) => r.path.includes('{id}'))) {
    for (const id of bad) {
      const res = await admin.req(r.method, fill(r.path, id), jsonBody(r.op) ? {} : undefined);
      check(res, `${r.method} ${r.path} id=${id}`);
      assert.notEqual(res.status, 500);
    }
  }
});

test('unknown fields, wrong types, non-objects and broken JSON are 400 naming the field on every route with a body', async () => {
  for (const r of routes.filter((r) => jsonBody(r.op))) {
    const url = fill(r.path, idFor(r.path));
    const unknown = await admin.req(r.method, url, { zz_unknown: 1 });
    check(unknown, `${r.method} ${r.path} unknown field`);
    if (r.path.startsWith('/api/alarms')) assert.equal(unknown.status, 400, `${r.path}: the body itself is checked`);
    if (unknown.status === 400)
      assert.match(unknown.json.message, /zz_unknown/, `${r.method} ${r.path} names the unknown field`);
    const props = jsonBody(r.op).properties ?? {};
    for (const [name, schema] of Object.entries<any>(props)) {
      const wrong = schema.type === 'string' ? 12345 : 'not-the-right-type';
      const res = await admin.req(r.method, url, { [name]: wrong });
      check(res, `${r.method} ${r.path} ${name}=${JSON.stringify(wrong)}`);
      if (res.status === 400)
        assert.match(res.json.message, new RegExp(`body\\.${name}`), `${r.method} ${r.path} names body.${name}`);
    }
    check(await admin.req(r.method, url, '[1,2,3]'), `${r.method} ${r.path} array body`);
    check(await admin.req(r.method, url, '{"broken": '), `${r.method} ${r.path} broken JSON`);
    check(
      await admin.req(r.method, url, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      `${r.method} ${r.path} form body`,
    );
  }
});

test('oversized bodies get 413 on every route with a body', async () => {
  const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
  for (const r of routes.filter((r) => jsonBody(r.op))) {
    const res = await admin.req(r.method, fill(r.path), big);
    assert.equal(res.status, 413, `${r.method} ${r.path}`);
  }
  const hugeCsv = 'id\n'.repeat(9 * 1024 * 1024);
  const res = await admin.req('POST', '/api/cameras/import', hugeCsv, { 'content-type': 'text/csv' });
  assert.equal(res.status, 413, 'the import has its own, larger limit');
});

test('unknown and mistyped query parameters are 400 naming the parameter', async () => {
  for (const r of routes.filter(
    (r) => r.method === 'GET' && (r.op.parameters ?? []).some((p: any) => p.in === 'query'),
  )) {
    const res = await admin.req('GET', `${fill(r.path, idFor(r.path))}?zz_bogus=1`);
    check(res, `GET ${r.path}?zz_bogus`);
    assert.match(res.json.message, /zz_bogus/);
  }
  const typed = await admin.req('GET', '/api/cameras?limit=abc');
  assert.equal(typed.status, 400);
  assert.match(typed.json.message, /query\.limit/);
  assert.equal((await admin.req('GET', '/api/cameras?limit=100000')).status, 400);
});

test('anonymous callers get 401 (never 5xx) everywhere but health, setup, login and the public register', async () => {
  const anon = new (admin.constructor as typeof Client)(t.base);
  for (const r of routes) {
    const res = await anon.req(
      r.method,
      fill(
        r.path,
        r.path.includes('tokens') || r.path.includes('users') ? '00000000-0000-4000-8000-000000000000' : 'VAL-001',
      ),
      jsonBody(r.op) ? {} : undefined,
    );
    assert.ok(res.status < 500, `${r.method} ${r.path} gave ${res.status}`);
    // The public register (law.md L9) is for everyone: it never asks for a login.
    if (r.path.startsWith('/public/')) assert.notEqual(res.status, 401, `${r.method} ${r.path}`);
    else if (!['/api/health', '/api/setup', '/api/auth/login'].includes(r.path))
      assert.equal(res.status, 401, `${r.method} ${r.path}`);
  }
});

test('unknown routes are a JSON 404', async () => {
  const r = await admin.req('GET', '/api/nope');
  assert.equal(r.status, 404);
  assert.match(r.json.message, /no route GET \/api\/nope/);
});
