import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
before(async () => {
  t = await startCentre();
});
after(() => t.stop());

test('GET /api/openapi.json is a valid OpenAPI 3.1 document listing the API', async () => {
  const r = await new Client(t.base).req('GET', '/api/openapi.json');
  assert.equal(r.status, 200);
  const result = await new Validator().validate(r.json);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
  assert.equal(r.json.openapi, '3.1.0');
  for (const p of [
    '/api/cameras',
    '/api/cameras/{id}',
    '/api/cameras/import',
    '/api/sectors',
    '/api/users',
    '/api/audit/verify',
    '/api/health',
    '/api/alarms',
    '/api/alarms/{id}/close',
  ]) {
    assert.ok(r.json.paths[p], `documents ${p}`);
  }
  const cam = r.json.paths['/api/cameras'].post.requestBody.content['application/json'].schema;
  assert.equal(cam.additionalProperties, false, 'unknown fields are documented as refused');
  assert.ok(cam.properties.name.description, 'fields carry descriptions');
});

test('health and metrics answer without login', async () => {
  const c = new Client(t.base);
  const h = await c.req('GET', '/api/health');
  assert.equal(h.json.status, 'ok');
  assert.equal(h.json.store, 'sqlite');
  const m = await c.req('GET', '/metrics');
  assert.equal(m.status, 200);
  assert.match(m.text, /vigie_http_requests_total/);
  assert.match(m.text, /vigie_process_cpu_seconds_total/);
});
