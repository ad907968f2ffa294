import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeNameOf } from '../../src/config/cluster-schema.js';
import { configJsonSchema, parseConfig } from '../../src/config/load.js';

const nats = { servers: ['nats://10.0.0.5:4222'] };
const pgUrl = 'postgres://vigie@db/vigie';

test('the default is the embedded centre: role all, no cluster, SQLite', () => {
  const c = parseConfig({});
  assert.equal(c.role, 'all');
  assert.equal(c.cluster, undefined);
});

test('a role other than all needs a cluster and PostgreSQL, each named', () => {
  assert.throws(() => parseConfig({ role: 'recorder' }), /cluster: role recorder needs a cluster section/);
  assert.throws(
    () => parseConfig({ role: 'api', cluster: { nats }, database: { url: 'sqlite:/x.db' } }),
    /database\.url: role api needs a PostgreSQL database/,
  );
  const c = parseConfig({ role: 'analytics', cluster: { nats }, database: { url: pgUrl } });
  assert.equal(c.cluster?.nats.connectTimeoutMs, 3000);
  assert.throws(() => parseConfig({ role: 'viewer' }), /role: /);
});

test('cluster input is checked: unknown keys, URLs, node name charset, one NATS authentication', () => {
  const bad = (cluster: unknown) => () => parseConfig({ cluster });
  assert.throws(bad({ nats, nodname: 'x' }), /cluster\.nodname: unknown key/);
  assert.throws(bad({ nats: { servers: ['http://x:4222'] } }), /cluster\.nats\.servers\.0: a nats:\/\/host:port/);
  assert.throws(bad({ nats: { servers: [] } }), /cluster\.nats\.servers/);
  assert.throws(bad({ nats, nodeName: 'node.1' }), /cluster\.nodeName: letters, digits, - and _ only/);
  assert.throws(bad({ nats: { ...nats, user: 'u' } }), /cluster\.nats\.user: user and password go together/);
  assert.throws(bad({ nats: { ...nats, token: 't', credsFile: '/c' } }), /one NATS authentication only/);
  assert.equal(parseConfig({ cluster: { nats: { ...nats, token: 't' } } }).cluster?.nats.token, 't');
});

test('the node name defaults to the hostname made a valid key', () => {
  assert.equal(nodeNameOf({}, 'rec-02.vigie.city.fr'), 'rec-02');
  assert.equal(nodeNameOf({}, 'Poste Sécurité'), 'Poste-S-curit-');
  assert.equal(nodeNameOf({ nodeName: 'api-1' }, 'whatever'), 'api-1');
});

test('role and cluster are in the exported JSON Schema, described', () => {
  const s = configJsonSchema() as any;
  assert.deepEqual(s.properties.role.enum, ['all', 'api', 'recorder', 'analytics']);
  assert.ok(s.properties.cluster.properties.nats.properties.servers.description);
});

test('lease settings have defaults, bounds and no unknown key', () => {
  const c = parseConfig({ cluster: { nats } });
  assert.deepEqual(c.cluster?.leases, {
    bucket: 'vigie-leases',
    leaseSeconds: 15,
    maxMovesPerPeriod: 2,
    periodSeconds: 10,
  });
  const bad = (leases: unknown) => () => parseConfig({ cluster: { nats, leases } });
  assert.throws(bad({ leaseSecond: 3 }), /cluster\.leases\.leaseSecond: unknown key/);
  assert.throws(bad({ leaseSeconds: 0.5 }), /cluster\.leases\.leaseSeconds/);
  assert.throws(bad({ bucket: 'a.b' }), /cluster\.leases\.bucket: letters, digits/);
  assert.throws(bad({ maxMovesPerPeriod: 0 }), /cluster\.leases\.maxMovesPerPeriod/);
});
