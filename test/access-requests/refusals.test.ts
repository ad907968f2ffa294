// Bad input and who may do what: a clear 4xx, nothing stored, the attempt journaled; a camera of another sector
// reads as unknown (404, as on every camera route); auditors read, operators nothing, supervisors their sectors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { body, type Fixture, fixture, journal, NOW, stored } from './support.js';

let f: Fixture;
before(async () => {
  f = await fixture();
});
after(() => f?.t.stop());

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

test('bad input: a clear 4xx naming the problem, nothing stored, the attempt journaled', async () => {
  const cases: [string, Record<string, unknown>, number, RegExp][] = [
    [
      'a window reaching past the camera’s retention (10 days)',
      { cameraIds: ['NOR-10D'], from: iso(NOW - 12 * DAY), to: iso(NOW - 11 * DAY) },
      400,
      /NOR-10D keeps 10 days of footage/,
    ],
    [
      'a window reaching past the centre’s retention (30 days)',
      { from: iso(NOW - 31 * DAY), to: iso(NOW - 29 * DAY) },
      400,
      /NOR-1 keeps 30 days/,
    ],
    ['from after to', { from: iso(NOW - 2 * DAY), to: iso(NOW - 3 * DAY) }, 400, /from must be before to/],
    ['from equal to to', { from: iso(NOW - DAY), to: iso(NOW - DAY) }, 400, /from must be before to/],
    ['a window in the future', { from: iso(NOW - DAY), to: iso(NOW + DAY) }, 400, /future/],
    ['received tomorrow', { receivedOn: '2026-12-05' }, 400, /after today/],
    ['an unknown camera', { cameraIds: ['NOR-1', 'NOPE-9'] }, 404, /camera NOPE-9 not found/],
    ['a camera of another sector', { cameraIds: ['SUD-1'] }, 404, /camera SUD-1 not found/],
  ];
  for (const [what, over, status, message] of cases) {
    const before = (await journal(f.t, 'access_request.refused')).length;
    const r = await f.sup.req('POST', '/api/access-requests', body({ reference: `BAD-${what}`, ...over }));
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.match(r.json.message, message, what);
    assert.equal(await stored(f.t), 0, `${what}: nothing stored`);
    const refused = await journal(f.t, 'access_request.refused');
    assert.equal(refused.length, before + 1, `${what}: the attempt journaled`);
    assert.equal(refused[0]!.actor, 'sup-nord');
    assert.equal(refused[0]!.details.status, status);
  }
  // Shape errors (zod) are refused before the service: a name field, an empty description, no camera.
  for (const over of [
    { name: 'Jean Dupont' },
    { description: '' },
    { cameraIds: [] },
    { description: 'x'.repeat(2001) },
  ]) {
    const r = await f.admin.req('POST', '/api/access-requests', body(over));
    assert.equal(r.status, 400, JSON.stringify(over));
  }
  assert.equal(await stored(f.t), 0);
  assert.equal((await journal(f.t, 'access_request.create')).length, 0);
});

test('sector scope: another sector’s supervisor gets 404 and never sees it listed; admins and auditors see all', async () => {
  const r = (await f.sup.req('POST', '/api/access-requests', body())).json;
  const sud = (await f.supSud.req('POST', '/api/access-requests', body({ cameraIds: ['SUD-1'] }))).json;
  assert.equal((await f.supSud.req('GET', `/api/access-requests/${r.id}`)).status, 404);
  assert.equal((await f.supSud.req('POST', `/api/access-requests/${r.id}/steps`, { step: 'start' })).status, 404);
  assert.deepEqual(
    (await f.supSud.req('GET', '/api/access-requests')).json.map((x: { id: string }) => x.id),
    [sud.id],
  );
  assert.deepEqual(
    (await f.sup.req('GET', '/api/access-requests')).json.map((x: { id: string }) => x.id),
    [r.id],
  );
  for (const who of [f.admin, f.aud])
    assert.deepEqual(
      new Set((await who.req('GET', '/api/access-requests')).json.map((x: { id: string }) => x.id)),
      new Set([r.id, sud.id]),
    );
  assert.equal((await f.t.centre.services.store.accessRequests.get(r.id))!.state, 'received');
});

test('auditors read only, operators nothing', async () => {
  const r = (await f.admin.req('POST', '/api/access-requests', body({ reference: 'DPO-ROLES' }))).json;
  assert.equal((await f.aud.req('GET', `/api/access-requests/${r.id}`)).status, 200);
  assert.equal((await f.aud.req('POST', '/api/access-requests', body())).status, 403);
  assert.equal((await f.aud.req('POST', `/api/access-requests/${r.id}/steps`, { step: 'start' })).status, 403);
  for (const [method, path, b] of [
    ['GET', '/api/access-requests', undefined],
    ['GET', `/api/access-requests/${r.id}`, undefined],
    ['POST', '/api/access-requests', body()],
    ['POST', `/api/access-requests/${r.id}/steps`, { step: 'start' }],
  ] as const)
    assert.equal((await f.op.req(method, path, b)).status, 403, `operator ${method} ${path}`);
  assert.equal((await f.t.centre.services.store.accessRequests.get(r.id))!.state, 'received');
});
