import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { planNodes, type RawUpOptions, upOptions } from '../../src/app/local-cluster/plan.js';
import { parseConfig } from '../../src/config/load.js';

// `vigie cluster up`'s options reach each node's config (the one its `vigie serve --role` child reads), and a bad
// option is one line naming the flag. The live run is test/cluster/cluster-up.test.ts.
const raw: RawUpOptions = {
  api: '2',
  recorders: '2',
  analytics: '1',
  cameras: '0',
  database: 'postgres://postgres@127.0.0.1:5432/vigie_cluster',
  nats: 'nats://127.0.0.1:4222',
  dir: 'c-dir',
  port: '9100',
  simPort: '8554',
  logLevel: 'debug',
  leaseSeconds: '4',
};

test('each option arrives in the nodes it acts on; every config is valid for its role', () => {
  const user = {
    role: 'all',
    cluster: { nats: { servers: ['nats://x:1'] } },
    http: { host: '0.0.0.0' },
    retention: { days: 7 },
  };
  const plan = planNodes(upOptions(raw), user);
  assert.deepEqual(
    plan.map((n) => [n.name, n.role]),
    [
      ['api-1', 'api'],
      ['api-2', 'api'],
      ['rec-1', 'recorder'],
      ['rec-2', 'recorder'],
      ['an-1', 'analytics'],
    ],
  );
  const dir = resolve('c-dir');
  for (const n of plan) {
    const cfg = parseConfig({ ...n.config, role: n.role }, n.name);
    assert.equal(cfg.database.url, raw.database);
    assert.deepEqual(cfg.cluster?.nats.servers, [raw.nats]);
    assert.equal(cfg.cluster?.nodeName, n.name);
    assert.equal(cfg.cluster?.leases.leaseSeconds, 4);
    assert.equal(cfg.log.level, 'debug');
    assert.equal(cfg.dataDir, join(dir, 'data'), 'one data dir, one master key');
    assert.equal(cfg.retention.days, 7, "the user's own keys are kept");
    assert.equal('role' in n.config, false, 'the role comes from --role');
  }
  const cfgs = new Map(plan.map((n) => [n.name, parseConfig({ ...n.config, role: n.role })]));
  assert.equal(cfgs.get('api-1')?.http.port, 9100);
  assert.equal(cfgs.get('api-2')?.http.port, 9101);
  assert.equal(cfgs.get('api-2')?.http.host, '0.0.0.0');
  assert.equal(cfgs.get('rec-1')?.recordings.dir, join(dir, 'recordings', 'rec-1'));
  assert.equal(cfgs.get('rec-2')?.recordings.dir, join(dir, 'recordings', 'rec-2'));
  // --port 0: every api node takes a free port; no --lease-seconds: the config's default.
  const free = planNodes(upOptions({ ...raw, port: '0', leaseSeconds: undefined }), {});
  const api2 = parseConfig({ ...free[1]?.config, role: 'api' });
  assert.equal(api2.http.port, 0);
  assert.equal(api2.cluster?.leases.leaseSeconds, 15);
});

test('bad options: one line naming the flag', () => {
  const bad: [Partial<RawUpOptions>, RegExp][] = [
    [{ api: 'two' }, /^--api must be a whole number from 0 to 32, got "two"$/],
    [{ recorders: '33' }, /^--recorders must be a whole number from 0 to 32, got "33"$/],
    [{ cameras: '-1' }, /^--cameras must be/],
    [{ port: '70000' }, /^--port must be a port number \(0-65535\), got "70000"$/],
    [{ simPort: 'x' }, /^--sim-port must be a port number/],
    [{ leaseSeconds: '0.5' }, /^--lease-seconds must be from 1 to 300, got "0.5"$/],
    [{ database: 'sqlite:x.db' }, /^--database must be a postgres:\/\/ URL, got "sqlite:x.db"$/],
    [{ api: '0', recorders: '0', analytics: '0' }, /^a cluster needs at least one node$/],
  ];
  for (const [o, re] of bad)
    assert.throws(
      () => upOptions({ ...raw, ...o } as RawUpOptions),
      (e: Error) => re.test(e.message),
    );
});
