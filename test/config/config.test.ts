import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, configJsonSchema, loadConfig, parseConfig } from '../../src/config/load.js';

test('an empty config works: embedded mode under ./data', () => {
  const c = parseConfig({});
  assert.equal(c.dataDir, './data');
  assert.equal(c.database.url, undefined);
  assert.equal(c.retention.days, 30);
});

test('unknown keys are refused with their path', () => {
  assert.throws(
    () => parseConfig({ http: { port: 80, prot: 1 }, colour: 'red' }),
    (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /http\.prot: unknown key/);
      assert.match(e.message, /colour: unknown key/);
      return true;
    },
  );
});

test('wrong types name the field', () => {
  assert.throws(() => parseConfig({ http: { port: 'eighty' } }), /http\.port: .*expected number/);
  assert.throws(
    () => parseConfig({ database: { url: 'mysql://x' } }),
    /database\.url: must start with sqlite: or postgres:\/\//,
  );
});

test('retention above the legal 30-day cap is refused with the reason', () => {
  assert.throws(
    () => parseConfig({ retention: { days: 31 } }),
    /retention\.days: the law caps retention of recordings at 30 days/,
  );
});

test('every field of the JSON Schema is described', () => {
  const missing: string[] = [];
  const walk = (s: any, path: string) => {
    if (!s || typeof s !== 'object') return;
    if (path && !s.description) missing.push(path);
    for (const [k, v] of Object.entries<any>(s.properties ?? {})) walk(v, path ? `${path}.${k}` : k);
  };
  walk(configJsonSchema(), '');
  assert.deepEqual(missing, []);
});

test('vigie.yaml and env overrides are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cfg-'));
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, 'http:\n  port: 9000\nlog:\n  level: debug\n');
  const c = loadConfig(file, { VIGIE_DATA_DIR: '/srv/vigie' });
  assert.equal(c.http.port, 9000);
  assert.equal(c.dataDir, '/srv/vigie');
  writeFileSync(file, 'http: [broken');
  assert.throws(() => loadConfig(file, {}), /cannot parse/);
  assert.throws(() => loadConfig(join(dir, 'missing.yaml'), {}), /config file not found/);
});
