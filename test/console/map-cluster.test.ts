// The map's clustering on the demo fleet (230 cameras, 24 of whose dots overlapped before issue 19) at the map's
// size on both screens: markers never closer than the gap, so no click lands on a neighbour; and the state table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoFleet } from '../../src/core/fleet/demo-fleet.js';

// The console's plain browser modules, typed here by what this test uses (they have no declarations).
interface Pt {
  x: number;
  y: number;
}
interface Group extends Pt {
  members: Pt[];
}
const console_ = '../../src/console/';
const { cluster, fanOut, separatingFactor, stateOf, worst } = (await import(`${console_}map-cluster.js`)) as {
  cluster: (points: Pt[], gap: number) => Group[];
  fanOut: (group: Group, gap: number) => Pt[];
  separatingFactor: (members: Pt[], gap: number) => number;
  stateOf: (cam: { status: string }, health: { state: string } | undefined, alarmed: boolean) => string;
  worst: (states: string[]) => string;
};
const { mercator } = (await import(`${console_}map-draw.js`)) as {
  mercator: (lon: number, lat: number) => [number, number];
};

const GAP = 26;

function project(w: number, h: number, zoom = 1) {
  const cams = demoFleet().cameras;
  const m = cams.map((c) => mercator(c.position!.lon, c.position!.lat));
  const [x0, x1] = [Math.min(...m.map((p) => p[0])), Math.max(...m.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...m.map((p) => p[1])), Math.max(...m.map((p) => p[1]))];
  const s = Math.min(w / (x1 - x0), h / (y1 - y0)) * zoom;
  return cams.map((cam, i) => ({ cam, x: (m[i]![0] - x0) * s, y: (m[i]![1] - y0) * s, state: 'planned' }));
}

const closest = (pts: { x: number; y: number }[]) => {
  let d = Infinity;
  for (const [i, a] of pts.entries())
    for (const b of pts.slice(i + 1)) d = Math.min(d, Math.hypot(a.x - b.x, a.y - b.y));
  return d;
};

test('the demo fleet clusters so that no two markers are closer than the gap, at both screen sizes and zooms', () => {
  for (const [w, h] of [
    [1904, 1018],
    [1350, 706],
  ] as const) {
    for (const zoom of [1, 4, 16]) {
      const points = project(w, h, zoom);
      const groups = cluster(points, GAP);
      const raw = closest(points);
      const d = closest(groups);
      console.log(
        `${w}x${h} zoom ${zoom}: ${groups.length} markers (${groups.filter((g) => g.members.length > 1).length} clusters) for ${points.length} cameras; closest dots ${raw.toFixed(1)} px, closest markers ${d.toFixed(1)} px`,
      );
      assert.ok(d >= GAP, `markers ${d} px apart`);
      assert.equal(
        groups.reduce((n, g) => n + g.members.length, 0),
        230,
        'every camera in one marker',
      );
    }
  }
});

test('a cluster knows the zoom that separates it; cameras on one spot fan out apart', () => {
  const a = { x: 0, y: 0 };
  assert.ok(Math.abs(separatingFactor([a, { x: 4, y: 3 }], GAP) - (GAP * 1.15) / 5) < 1e-9);
  assert.equal(separatingFactor([a, { x: 0, y: 0 }], GAP), Infinity);
  const fanned = fanOut({ x: 10, y: 10, members: [a, { ...a }, { ...a }] }, GAP);
  assert.ok(closest(fanned) >= GAP - 1e-9, 'fanned out at least the gap apart');
});

test('the state of a camera is what it does: streaming only with its stream online; an alarm wins', () => {
  const online = { state: 'online' };
  assert.equal(stateOf({ status: 'active' }, online, false), 'streaming');
  for (const h of [undefined, { state: 'starting' }, { state: 'offline' }, { state: 'not_recording' }])
    assert.equal(stateOf({ status: 'active' }, h, false), 'offline', JSON.stringify(h));
  assert.equal(stateOf({ status: 'planned' }, undefined, false), 'planned');
  assert.equal(stateOf({ status: 'maintenance' }, online, false), 'maintenance');
  assert.equal(stateOf({ status: 'decommissioned' }, undefined, false), 'decommissioned');
  assert.equal(stateOf({ status: 'planned' }, undefined, true), 'alarm');
  assert.equal(worst(['streaming', 'planned', 'offline']), 'offline');
  assert.equal(worst(['streaming', 'alarm']), 'alarm');
});
