import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_AS_OF, DEMO_BOUNDS, demoFleet } from '../../src/core/fleet/demo-fleet.js';
import { cameraInputSchema, sectorInputSchema } from '../../src/core/fleet/schemas.js';

test('demo fleet has 230 cameras: 10 pilot, 150 replacement, 70 extension', () => {
  const { cameras } = demoFleet();
  assert.equal(cameras.length, 230);
  const byPhase = (p: string) => cameras.filter((c) => c.phase === p).length;
  assert.deepEqual([byPhase('pilot'), byPhase('replacement'), byPhase('extension')], [10, 150, 70]);
  assert.deepEqual(
    cameras.map((c) => c.id),
    Array.from({ length: 230 }, (_, i) => `VAL-${String(i + 1).padStart(3, '0')}`),
  );
});

test('pilot cameras stand at the railway station', () => {
  const pilot = demoFleet().cameras.filter((c) => c.phase === 'pilot');
  for (const c of pilot) {
    assert.equal(c.sectorId, 'gare');
    assert.ok(Math.abs(c.position!.lat - 50.3626) < 0.002 && Math.abs(c.position!.lon - 3.517) < 0.002, c.id);
    assert.ok(c.installedAt!.startsWith('2025-'), c.id);
  }
});

test('every camera is valid, inside the city, tagged illustrative and in a known sector', () => {
  const { sectors, cameras } = demoFleet();
  const sectorIds = new Set(sectors.map((s) => s.id));
  for (const s of sectors) {
    assert.ok(sectorInputSchema.safeParse(s).success, s.id);
    assert.ok(s.description?.startsWith('Illustrative demo data'), s.id);
  }
  for (const c of cameras) {
    assert.ok(cameraInputSchema.safeParse(c).success, c.id);
    assert.ok(sectorIds.has(c.sectorId), c.id);
    const { lat, lon } = c.position!;
    assert.ok(lat >= DEMO_BOUNDS.minLat && lat <= DEMO_BOUNDS.maxLat, `${c.id} lat ${lat}`);
    assert.ok(lon >= DEMO_BOUNDS.minLon && lon <= DEMO_BOUNDS.maxLon, `${c.id} lon ${lon}`);
    assert.deepEqual(c.tags, ['demo', 'illustrative']);
    assert.equal(c.streams.main, `rtsp://127.0.0.1:8554/${c.id}/main`);
    assert.equal(c.streams.sub, `rtsp://127.0.0.1:8554/${c.id}/sub`);
  }
  assert.ok(new Set(cameras.map((c) => c.sectorId)).size === sectors.length, 'every sector has cameras');
});

test('install dates and statuses follow the phases', () => {
  for (const c of demoFleet().cameras) {
    const year = c.installedAt!.slice(0, 4);
    if (c.phase === 'replacement') assert.equal(year, '2026', c.id);
    if (c.phase === 'extension') assert.ok(year === '2026' || year === '2027', c.id);
    const future = c.installedAt! > DEMO_AS_OF;
    assert.equal(c.status, future ? 'planned' : 'active', c.id);
    if (future) assert.equal(c.phase, 'extension', c.id);
  }
  const statuses = new Set(demoFleet().cameras.map((c) => c.status));
  assert.deepEqual([...statuses].sort(), ['active', 'planned']);
});

test('demo fleet is deterministic and honours the stream base', () => {
  assert.deepEqual(demoFleet(), demoFleet());
  const custom = demoFleet('rtsp://media.local:8554/');
  assert.equal(custom.cameras[0]!.streams.main, 'rtsp://media.local:8554/VAL-001/main');
});
