// Property-based fuzzing of every documented route from its OpenAPI schemas (fast-check, fixed seed): valid and mutated
// path ids, query strings and bodies, as an admin (the role that reaches every handler) and as a sector-scoped
// operator. Properties: never a 5xx, never a hang, every 4xx a JSON message, a refused request changes nothing, the
// operator never sees another sector's data, Object.prototype never polluted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { Client, startCentre, type TestCentre } from '../support/centre.js';
import { evil, mutated, rawBodies, valid } from './fuzz-arbitraries.js';
import { Fixtures, SECRET, type Where } from './matrix-fixtures.js';

const SEED = Number(process.env.VIGIE_FUZZ_SEED ?? 1818);
const RUNS = Number(process.env.VIGIE_FUZZ_RUNS ?? 20);
const TIMEOUT_MS = 10_000;

let t: TestCentre;
let f: Fixtures;
let admin: Client;
before(async () => {
  t = await startCentre();
  f = new Fixtures(t);
  await f.setup();
  // A bearer token: a fuzzed logout or password change must not end the session the fuzzing runs on.
  const token = await t.centre.services.auth.createToken(f.callers.admin.principal!, 'fuzz', undefined, '');
  admin = new Client(t.base, '', token.token);
});
after(async () => {
  await t?.stop();
  f?.cleanup();
});

interface Route {
  method: string;
  path: string;
  op: any;
}
interface FuzzRequest {
  url: string;
  body?: string;
  contentType?: string;
}

/** Ids that exist, so that validation behind the scope check is reached too (never for deletes). */
function knownIds(name: string, w: Where): string[] {
  const at = f.at[w];
  return name === 'exportId' ? [at.export] : name === 'holdId' ? [at.hold] : [at.camera, at.event, at.alarm];
}

function pathArb(r: Route): fc.Arbitrary<string> {
  const params = (r.op.parameters ?? []).filter((p: any) => p.in === 'path');
  const parts: fc.Arbitrary<readonly [string, string]>[] = params.map((p: any) => {
    const known = r.method === 'DELETE' ? [] : [...knownIds(p.name, 'in'), ...knownIds(p.name, 'out')];
    // Lone surrogates replaced (encodeURIComponent throws on them); raw invalid UTF-8 comes from the list below.
    const encode = (v: string) => encodeURIComponent(v.slice(0, 300).replace(/[\ud800-\udfff]/g, '\ufffd'));
    const options: fc.Arbitrary<string>[] = [
      valid(p.schema).map((v) => encode(String(v))),
      evil.map((v) => encode(JSON.stringify(v) ?? '')),
      // Sent as is: invalid percent-encoding and UTF-8, dot segments.
      fc.constantFrom('%', '%zz', '%ED%A0%80', '%C0%AE%C0%AE', '..', '.', '%2e%2e%2f', 'a%00b', '%F0%9F%98%80'),
    ];
    if (known.length) options.push(fc.constantFrom(...known));
    return fc.oneof(...options).map((v) => [p.name as string, v] as const);
  });
  return fc.tuple(...parts).map((pairs) => pairs.reduce<string>((path, [k, v]) => path.replace(`{${k}}`, v), r.path));
}

function queryArb(r: Route): fc.Arbitrary<string> {
  const params = (r.op.parameters ?? []).filter((p: any) => p.in === 'query');
  if (params.length === 0) return fc.oneof(fc.constant(''), fc.constant('?zz=1'));
  const schema = {
    type: 'object',
    properties: Object.fromEntries(params.map((p: any) => [p.name, p.schema])),
    required: params.filter((p: any) => p.required).map((p: any) => p.name),
  };
  return fc.tuple(fc.oneof(valid(schema), mutated(schema)), fc.boolean()).map(([q, twice]) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries((q ?? {}) as Record<string, unknown>)) {
      const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      sp.append(k, text.slice(0, 3000));
      if (twice) sp.append(k, text.slice(0, 10)); // a repeated parameter arrives as an array
    }
    const s = sp.toString();
    return s ? `?${s}` : '';
  });
}

function bodyArb(r: Route): fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> {
  const content = r.op.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  const raw = rawBodies.map((body) => ({ body, contentType: 'application/json' }));
  const wrongType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml');
  if (json)
    return fc.oneof(
      { weight: 3, arbitrary: valid(json).map((v) => ({ body: JSON.stringify(v), contentType: 'application/json' })) },
      {
        weight: 6,
        arbitrary: mutated(json).map((v) => ({ body: JSON.stringify(v), contentType: 'application/json' })),
      },
      { weight: 1, arbitrary: raw },
      { weight: 1, arbitrary: wrongType.map((contentType) => ({ body: 'a=1', contentType })) },
    );
  if (content['text/csv'] || r.path.endsWith('/import'))
    return fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }).map((body) => ({ body, contentType: 'text/csv' })),
      fc.string({ maxLength: 400 }).map((body) => ({ body: `id,name\n${body}`, contentType: 'text/csv' })),
      evil.map((v) => ({ body: JSON.stringify(v) ?? 'null', contentType: 'application/geo+json' })),
      raw,
    );
  if (r.method === 'GET' || r.method === 'DELETE') return fc.constant({});
  return fc.oneof(fc.constant({}), raw);
}

const requestArb = (r: Route): fc.Arbitrary<FuzzRequest> =>
  fc.tuple(pathArb(r), queryArb(r), bodyArb(r)).map(([path, query, body]) => ({ url: path + query, ...body }));

/**
 * What a refused request must not change (failed logins and setups are journaled on purpose, and so are refused
 * access requests and reveals refused outside the caller's sectors: the journal's length counts without them).
 */
async function fingerprint() {
  const { store } = t.centre.services;
  const refused = async (action: string) => (await store.audit.search({ action, limit: 100_000 })).length;
  const refusals = (await refused('access_request.refused')) + (await refused('live.reveal_refused'));
  return JSON.stringify([
    ((await store.audit.last())?.seq ?? 0) - refusals,
    (await store.accessRequests.list()).length,
    (await store.cameras.list({ limit: 1, offset: 0 })).total,
    (await store.sectors.list()).length,
    (await store.users.list()).length,
  ]);
}

test('every documented route, fuzzed from its schemas: no 5xx, no hang, every 4xx explained, refusals change nothing', async () => {
  const doc = (await admin.req('GET', '/api/openapi.json')).json;
  const routes: Route[] = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path, op })),
  );
  const started = Date.now();
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let requests = 0;
  // Two passes as an admin (the second meets what the first created: sectors, cameras, users named by the fuzzer),
  // then one as an operator of sector nord, whose answers must never carry the other sector's data.
  const passes = [
    { who: 'admin', auth: { authorization: `Bearer ${admin.bearer}` } as Record<string, string>, runs: RUNS },
    { who: 'admin', auth: { authorization: `Bearer ${admin.bearer}` } as Record<string, string>, runs: RUNS },
    { who: 'operator', auth: { cookie: f.callers.operator.client.cookie }, runs: Math.ceil(RUNS / 2) },
  ];
  for (const [pass, { who, auth, runs }] of passes.entries())
    for (const [i, r] of routes.entries()) {
      // The operator's fuzzing runs on its session cookie: a logout would end it.
      if (who === 'operator' && r.path === '/api/auth/logout') continue;
      const journaled = r.path === '/api/auth/login' || r.path === '/api/setup';
      for (const req of fc.sample(requestArb(r), { seed: SEED + pass * 1000 + i, numRuns: runs })) {
        const before = journaled ? '' : await fingerprint();
        const what = `${who}: ${r.method} ${req.url.slice(0, 200)} body=${(req.body ?? '').slice(0, 200)}`;
        let res: Response;
        try {
          res = await fetch(t.base + req.url, {
            method: r.method,
            headers: { ...auth, ...(req.contentType && { 'content-type': req.contentType }) },
            body: req.body,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
        } catch (e) {
          failures.push(`${what}: no answer within ${TIMEOUT_MS} ms (${(e as Error).message})`);
          continue;
        }
        requests++;
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // /public publishes what an admin chose for everyone (the fuzzing admin may publish the other sector's
        // cameras): not a sector leak. That withheld cameras appear nowhere there is test/public's and the matrix's.
        if (who === 'operator' && !req.url.startsWith('/public/') && text.includes(SECRET))
          failures.push(`${what}: leaked the other sector's data`);
        if (res.status >= 500) failures.push(`${what}: ${res.status} ${text.slice(0, 200)}`);
        else if (res.status >= 400) {
          let message: unknown;
          try {
            message = JSON.parse(text).message;
          } catch {}
          if (typeof message !== 'string' || !message) failures.push(`${what}: ${res.status} without a JSON message`);
          if (!journaled && (await fingerprint()) !== before)
            failures.push(`${what}: refused (${res.status}) yet changed state`);
        }
      }
    }
  assert.equal((await f.callers.operator.client.req('GET', '/api/me')).status, 200, 'the operator session survived');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype polluted');
  const counts = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  console.log(
    `API fuzzing: seed ${SEED}, ${passes.map((p) => `${p.runs} as ${p.who}`).join(' + ')} runs per route, ${requests} requests over ${routes.length} routes in ${Date.now() - started} ms; statuses ${counts.join(' ')}; ${failures.length} failures`,
  );
  assert.deepEqual(failures.slice(0, 30), []);
  // The centre still answers as it should after all that.
  assert.equal((await admin.req('GET', '/api/health')).status, 200);
});
