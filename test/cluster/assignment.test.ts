import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AssignmentInput, assign } from '../../src/core/cluster/assignment.js';

const cams = Array.from({ length: 24 }, (_, i) => `CAM-${String(i).padStart(2, '0')}`);
const nodes = (...names: string[]) => names.map((name) => ({ name, cpu: 0.2 }));
const base = (over: Partial<AssignmentInput>): AssignmentInput => ({
  self: 'a',
  now: 100_000,
  cameras: cams,
  nodes: nodes('a', 'b', 'c'),
  owners: new Map(),
  maxMovesPerPeriod: 2,
  periodMs: 10_000,
  lastMovePeriod: -1,
  cpuHigh: 0.9,
  ...over,
});
const planFor = (self: string, over: Partial<AssignmentInput>) => assign(base({ ...over, self }));

test('unowned cameras split 8/8/8 and each node claims only its part (no overlap, none left)', () => {
  const claims = ['a', 'b', 'c'].map((s) => planFor(s, {}).claim);
  assert.deepEqual(
    claims.map((c) => c.length),
    [8, 8, 8],
  );
  assert.deepEqual(claims.flat().sort(), cams);
  assert.deepEqual(planFor('a', {}).release, []);
});

test("a dead node's cameras spread evenly over the survivors at once", () => {
  const owners = new Map(cams.map((id, i) => [id, ['a', 'b', 'c'][i % 3] as string]));
  for (const [id, n] of owners) if (n === 'c') owners.delete(id);
  const over = { nodes: nodes('a', 'b'), owners };
  assert.deepEqual([planFor('a', over).claim.length, planFor('b', over).claim.length], [4, 4]);
  assert.equal(new Set([...planFor('a', over).claim, ...planFor('b', over).claim]).size, 8);
});

test('a returning node receives at most K cameras per clock period, from the most loaded nodes', () => {
  const owners = new Map(cams.map((id, i) => [id, i < 12 ? 'a' : 'b']));
  const a = planFor('a', { owners });
  const b = planFor('b', { owners });
  assert.deepEqual([a.release.length, b.release.length, a.claim.length], [1, 1, 0]);
  assert.equal(a.lastMovePeriod, 10);
  assert.deepEqual(planFor('a', { owners, now: 105_000, lastMovePeriod: 10 }).release, [], 'one move set per period');
  assert.equal(planFor('a', { owners, now: 110_000, lastMovePeriod: 10 }).release.length, 1, 'next period moves again');
  for (const id of a.release) owners.delete(id);
  assert.deepEqual(planFor('c', { owners }).claim, a.release, 'the released camera goes to the least loaded node');
  assert.deepEqual(planFor('b', { owners }).release, [], 'no move while a camera is unowned');
});

test('each donor gives at most its share of K per period, whatever the view (the sum stays at K)', () => {
  const owners = new Map(cams.map((id, i) => [id, i < 20 ? 'a' : 'b']));
  assert.equal(planFor('a', { owners }).release.length, 1, 'K=2 over 2 possible donors: 1 each');
  assert.equal(planFor('a', { owners, maxMovesPerPeriod: 4 }).release.length, 2);
});

test('balanced or off by one: nothing moves', () => {
  const owners = new Map(cams.slice(0, 23).map((id, i) => [id, ['a', 'b', 'c'][i % 3] as string]));
  for (const s of ['a', 'b', 'c']) assert.deepEqual(planFor(s, { owners, cameras: cams.slice(0, 23) }).release, []);
});

test('a node at cpuHigh takes no new camera while another is below it; all hot: load counts again', () => {
  const hot = [
    { name: 'a', cpu: 0.95 },
    { name: 'b', cpu: 0.3 },
  ];
  assert.deepEqual(planFor('a', { nodes: hot }).claim, []);
  assert.equal(planFor('b', { nodes: hot }).claim.length, 24);
  const allHot = hot.map((n) => ({ ...n, cpu: 0.95 }));
  assert.equal(planFor('a', { nodes: allHot }).claim.length, 12);
});

test('a node not (yet) registered claims nothing', () => {
  assert.deepEqual(planFor('z', {}), { claim: [], release: [], lastMovePeriod: -1 });
});
