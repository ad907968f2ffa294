// Every route × every role × in and out of the caller's sector, from the server's own route list and the OpenAPI
// document, against the rights table (test/http/rights-table.ts). A new route without a row fails here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { CALLS, Fixtures, SECRET, type Where } from './matrix-fixtures.js';
import { type Outcome, RIGHTS, ROLES, type RoleName } from './rights-table.js';

let t: TestCentre;
let f: Fixtures;
before(async () => {
  t = await startCentre();
  f = new Fixtures(t);
  await f.setup();
});
after(async () => {
  await t?.stop();
  f?.cleanup();
});

/** `METHOD /path/{param}` for every route the server has, hidden ones included (HEAD is fastify's own). */
function serverRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^(.*?)(?:└── |├── )(.+?) \(([A-Z, ]+)\)\s*$/.exec(line);
    if (!m) continue;
    const depth = Math.round([...m[1]!].length / 4);
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    const openapi = (path.startsWith('/') ? path : `/${path}`).replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push(`${method} ${openapi}`);
  }
  return out;
}

async function documented(admin: Client): Promise<string[]> {
  const doc = (await admin.req('GET', '/api/openapi.json')).json;
  return Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
  );
}

test('every route of the server and of the OpenAPI document has a row in the rights table, and every row a route', async () => {
  const server = serverRoutes(t.centre.server.printRoutes({ commonPrefix: false }));
  const doc = await documented(f.callers.admin.client);
  assert.ok(server.length >= 60 && doc.length >= 50, `routes found: ${server.length} served, ${doc.length} documented`);
  const rows = Object.keys(RIGHTS);
  assert.deepEqual(
    [...new Set([...server, ...doc])].filter((r) => !rows.includes(r)),
    [],
    'routes without a row in test/http/rights-table.ts',
  );
  assert.deepEqual(
    rows.filter((r) => !server.includes(r)),
    [],
    'rows without a route',
  );
  assert.deepEqual(
    doc.filter((r) => !server.includes(r)),
    [],
    'documented but not served',
  );
  assert.deepEqual(
    rows.filter((r) => !CALLS[r]),
    [],
    'rows without a request in matrix-fixtures.ts',
  );
});

function wsStatus(path: string, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(t.base.replace(/^http/, 'ws') + path, { headers: cookie ? { cookie } : {} });
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(0);
    }, 5000);
    ws.on('upgrade', () => {
      clearTimeout(timer);
      resolve(101);
      ws.close();
    });
    ws.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    ws.on('error', () => {});
  });
}

const scopedRole = (role: RoleName) => role === 'supervisor' || role === 'operator';

function expected(key: string, role: RoleName, w: Where): Outcome | 'refused' {
  const right = RIGHTS[key]!;
  const cell = right.expect[role];
  if (w === 'out' && scopedRole(role)) return 'refused';
  return cell;
}

test('every route as every role, in and out of sector: the expected answer, and never another sector’s data', async () => {
  const started = Date.now();
  let requests = 0;
  const failures: string[] = [];
  for (const [key, right] of Object.entries(RIGHTS)) {
    const method = key.split(' ')[0]!;
    const wheres: Where[] = right.scope ? ['in', 'out'] : ['in'];
    for (const role of ROLES)
      for (const w of wheres) {
        const call = await CALLS[key]!(f, role, w);
        const client = call.client ?? f.callers[role].client;
        let status: number;
        let text = '';
        if (right.ws) status = await wsStatus(call.path, client.cookie);
        else {
          const r = await client.req(method, call.path, call.body, call.headers);
          status = r.status;
          text = r.text;
          if (status >= 400 && typeof r.json?.message !== 'string')
            failures.push(`${key} as ${role} (${w}): ${status} without a JSON message`);
        }
        requests++;
        const want = expected(key, role, w);
        const ok =
          want === 'A'
            ? right.ws
              ? status === 101
              : status >= 200 && status < 300
            : want === 'refused'
              ? status === 403 || status === 404
              : status === want;
        const what = `${key} as ${role} (${w === 'in' ? 'own sector' : 'other sector'}) ${call.path}`;
        if (!ok) failures.push(`${what}: expected ${want}, got ${status} ${text.slice(0, 160)}`);
        if (scopedRole(role) && text.includes(SECRET)) failures.push(`${what}: leaked the other sector's data`);
        if (scopedRole(role) && w === 'in' && !call.path.includes('CAM-S') && /"CAM-S"|CAM-S,/.test(text))
          failures.push(`${what}: listed the other sector's camera`);
      }
  }
  const routes = Object.keys(RIGHTS).length;
  console.log(
    `route × role matrix: ${requests} requests over ${routes} routes × ${ROLES.length} roles in ${Date.now() - started} ms`,
  );
  assert.deepEqual(failures, []);
});

// Deleting a camera and creating another under the same id must not hand the old camera's history (recordings,
// events, alarms, holds) to the new camera's viewers.
test('a camera id re-used in another sector shows its new viewers none of the old history', async () => {
  const { fleet } = f.s;
  await fleet.remove(SYSTEM, 'CAM-S');
  await f.camera('CAM-S', 'nord', 'the new CAM-S');
  const op = f.callers.operator.client;
  const leaks: string[] = [];
  const range = `from=${f.range().from}&to=${f.range().to}`;
  const rec = await op.req('GET', `/api/cameras/CAM-S/recordings?${range}`);
  if (rec.json?.covered?.length) leaks.push(`recordings: ${JSON.stringify(rec.json.covered)}`);
  const play = await op.req('GET', `/api/cameras/CAM-S/playback.mp4?${range}`);
  if (play.status === 200) leaks.push('playback of the old footage');
  const alarms = await op.req('GET', '/api/alarms?cameraId=CAM-S');
  if (alarms.json?.total) leaks.push(`${alarms.json.total} alarms`);
  const events = await op.req('GET', '/api/events?cameraId=CAM-S');
  if (events.json?.items?.length) leaks.push(`${events.json.items.length} events`);
  for (const [what, path] of [
    ['event', `/api/events/${f.at.out.event}`],
    ['alarm', `/api/alarms/${f.at.out.alarm}`],
  ] as const) {
    const r = await op.req('GET', path);
    if (r.status === 200) leaks.push(`the old ${what} by id`);
  }
  const holds = await f.callers.supervisor.client.req('GET', '/api/cameras/CAM-S/holds');
  if (holds.json?.length) leaks.push(`${holds.json.length} holds`);
  // Deleting a camera archives its history under an archive id (admins and auditors only).
  assert.deepEqual(leaks, [], 're-used camera id leaks');
});

test('ids used up once answer a clear 4xx the second time, and change nothing', async () => {
  const sup = f.callers.supervisor.client;
  const admin = f.callers.admin.client;
  const again = async (method: string, path: string, body?: unknown) => {
    const first = await sup.req(method, path, body);
    assert.ok(first.status < 300, `${method} ${path}: ${first.status} ${first.text}`);
    const seq = (await f.s.store.audit.last())?.seq;
    const second = await sup.req(method, path, body);
    assert.ok([404, 409].includes(second.status), `${method} ${path} again: ${second.status} ${second.text}`);
    assert.equal((await f.s.store.audit.last())?.seq, seq, `${method} ${path} again journaled nothing`);
    assert.equal(typeof second.json?.message, 'string');
    return second;
  };
  const alarm = await f.alarm('in');
  await again('POST', `/api/alarms/${alarm}/acknowledge`);
  await again('POST', `/api/alarms/${alarm}/close`, { disposition: 'confirmed' });
  const closed = await admin.req('GET', `/api/alarms/${alarm}`);
  assert.deepEqual([closed.json.state, closed.json.disposition], ['closed', 'confirmed']);
  const hold = await f.hold('in');
  await again('POST', `/api/holds/${hold}/release`, { note: 'done' });
  const token = await f.s.auth.createToken(f.callers.supervisor.principal!, 'once', undefined, '');
  await again('DELETE', `/api/tokens/${token.id}`);
  const doomed = await f.camera(`ONCE-${f.seq()}`, 'nord');
  const del = async () => admin.req('DELETE', `/api/cameras/${doomed}`);
  assert.equal((await del()).status, 200);
  assert.equal((await del()).status, 404);
});
