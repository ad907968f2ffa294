// GET /api/analytics/schema: the rules' JSON Schema the console builds its forms from is the API's own validation
// (made from the same zod schema): every kind the API accepts is there with its fields, bounds and defaults, a rule
// filled from it is accepted, and a value beyond a bound it states is refused by the API, naming that field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RuleSchema } from '../../src/analytics/rules/rule-schema.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let op: Client;

interface Prop {
  type?: string;
  const?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}
interface Variant {
  properties: Record<string, Prop>;
  required: string[];
  additionalProperties: boolean;
}

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  const { fleet } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await fleet.create(SYSTEM, {
    id: 'SCH-1',
    name: 'Schema',
    sectorId: 'nord',
    streams: { main: 'rtsp://127.0.0.1:1/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  admin = await t.user('admin', 'admin');
  op = await t.user('op-nord', 'operator', ['nord']);
});
after(() => t?.stop());

test('the schema lists every rule kind the API accepts, with described fields, bounds and defaults', async () => {
  const r = await op.req('GET', '/api/analytics/schema');
  assert.equal(r.status, 200, r.text);
  const variants = r.json.rule.oneOf as Variant[];
  const kinds = variants.map((v) => v.properties.kind!.const);
  assert.deepEqual(
    kinds,
    RuleSchema.options.map((o) => o.shape.kind.value),
  );
  for (const v of variants) {
    assert.equal(v.additionalProperties, false, 'unknown keys refused, as by the API');
    for (const [name, p] of Object.entries(v.properties)) assert.ok(p.description, `${name} is described`);
  }
  const intrusion = variants.find((v) => v.properties.kind!.const === 'intrusion')!;
  assert.deepEqual(
    [intrusion.properties.minDwellSeconds!.minimum, intrusion.properties.minDwellSeconds!.maximum],
    [0, 86_400],
  );
  assert.deepEqual(intrusion.properties.severity!.enum, ['low', 'medium', 'high', 'critical']);
  assert.equal(intrusion.properties.enabled!.type, 'boolean');
  assert.deepEqual(intrusion.required.sort(), ['id', 'kind', 'zoneId']);
});

test('a rule filled from the schema is accepted; one beyond a stated bound is refused on that field', async () => {
  const variants = (await admin.req('GET', '/api/analytics/schema')).json.rule.oneOf as Variant[];
  const intrusion = variants.find((v) => v.properties.kind!.const === 'intrusion')!;
  // The required fields, and every default the schema states.
  const rule: Record<string, unknown> = { kind: 'intrusion', id: 'r1', zoneId: 'yard' };
  for (const [name, p] of Object.entries(intrusion.properties)) if (p.default !== undefined) rule[name] = p.default;
  const zones = [
    {
      id: 'yard',
      name: 'Yard',
      polygon: [
        [0.1, 0.1],
        [0.5, 0.1],
        [0.3, 0.5],
      ],
    },
  ];
  const ok = await admin.req('PUT', '/api/cameras/SCH-1/analytics', { scene: { zones, rules: [rule] } });
  assert.equal(ok.status, 200, ok.text);
  const over = { ...rule, minDwellSeconds: intrusion.properties.minDwellSeconds!.maximum! + 1 };
  const bad = await admin.req('PUT', '/api/cameras/SCH-1/analytics', { scene: { zones, rules: [over] } });
  assert.equal(bad.status, 400);
  assert.deepEqual(
    bad.json.issues.map((i: { field: string }) => i.field),
    ['body.scene.rules.0.minDwellSeconds'],
  );
  console.log(`refused: ${bad.json.message}`);
  const kept = (await admin.req('GET', '/api/cameras/SCH-1/analytics')).json;
  assert.equal(kept.scene.rules[0].minDwellSeconds, 0, 'nothing saved');
});
