// The console preferences kept per user (PUT /api/me/preferences): the wall layouts of issue 19 (1+5, 1+7), named
// layouts, pop-out windows' walls and camera tours round-trip; bad input is refused with a message naming what is
// wrong (a layout or tile off its grid, a tour with an unknown camera, a camera of a sector the user cannot see) and
// nothing is saved.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let op: Client;
before(async () => {
  t = await startCentre();
  const { fleet } = t.centre.services;
  for (const sector of ['nord', 'sud']) {
    await fleet.upsertSector(SYSTEM, { id: sector, name: sector });
    for (const i of [1, 2, 3])
      await fleet.create(SYSTEM, {
        id: `${sector.toUpperCase()}-${i}`,
        name: `${sector} ${i}`,
        sectorId: sector,
        streams: { main: 'rtsp://127.0.0.1:9/none' },
        phase: 'pilot',
        status: 'active',
        tags: [],
      });
  }
  op = await t.user('operator-1', 'operator', ['nord']);
});
after(() => t.stop());

const get = async () => (await op.req('GET', '/api/me/preferences')).json;

test('the layouts 1+5 and 1+7 are kept; an unknown layout or size is refused and nothing is saved', async () => {
  for (const layout of ['1+5', '1+7', '4']) {
    const wall = { size: layout === '1+5' ? 3 : 4, layout, pinned: { 0: 'NORD-1' } };
    const put = await op.req('PUT', '/api/me/preferences', { wall });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(await get(), { wall });
  }
  for (const wall of [
    { size: 4, layout: '1+9', pinned: {} },
    { size: 5, pinned: {} },
  ]) {
    const bad = await op.req('PUT', '/api/me/preferences', { wall });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.text, wall.layout ? /layout/ : /size/);
  }
  assert.equal((await get()).wall.layout, '4', 'the last good layout stays');
});

const good = {
  locale: 'fr',
  wall: { size: 2, layout: '2', pinned: { 2: 'NORD-3' }, name: 'Gare' },
  windows: { 2: { size: 3, layout: '3', pinned: { 8: 'NORD-2' } } },
  layouts: [
    { name: 'Gare', layout: '2', pinned: { 2: 'NORD-3' } },
    { name: 'Marché de nuit', layout: '1+5', pinned: { 0: 'NORD-1', 5: 'NORD-2' } },
  ],
  tours: [{ name: 'Nord', cameras: ['NORD-1', 'NORD-2', 'NORD-3'], dwell: 5, tile: 3 }],
};

test('named layouts, pop-out windows and tours round-trip', async () => {
  const put = await op.req('PUT', '/api/me/preferences', good);
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(await get(), good);
});

test('a 40-tile layout, a tour with an unknown camera, a camera of another sector: 400 naming it, nothing saved', async () => {
  assert.equal((await op.req('PUT', '/api/me/preferences', good)).status, 200);
  const forty = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(i), 'NORD-1']));
  const cases: [string, unknown, RegExp][] = [
    [
      '40 tiles pinned on a 4x4 wall',
      { ...good, wall: { size: 4, layout: '4', pinned: forty } },
      /24 tile\(s\) beyond the 16 tiles of layout 4, from tile 16/,
    ],
    [
      'a named layout with 40 tiles',
      { ...good, layouts: [{ name: 'Trop', layout: '4', pinned: forty }] },
      /layouts\.0\.pinned.*from tile 16/,
    ],
    [
      'a tile off a 1+5 layout',
      { ...good, layouts: [{ name: 'x', layout: '1+5', pinned: { 6: 'NORD-1' } }] },
      /6 tiles/,
    ],
    [
      'a tour with an unknown camera',
      { ...good, tours: [{ name: 'Fantôme', cameras: ['NORD-1', 'GHOST-9'], dwell: 10 }] },
      /unknown camera GHOST-9 \(tour "Fantôme"\)/,
    ],
    [
      'a tour with a camera of another sector',
      { ...good, tours: [{ name: 'Sud', cameras: ['SUD-2'], dwell: 10 }] },
      /unknown camera SUD-2/,
    ],
    [
      'a layout with a camera of another sector',
      { ...good, layouts: [{ name: 'Sud', layout: '2', pinned: { 1: 'SUD-1' } }] },
      /unknown camera SUD-1 \(layout "Sud" tile 1\)/,
    ],
    [
      'a window wall with a camera of another sector',
      { ...good, windows: { 2: { size: 1, pinned: { 0: 'SUD-3' } } } },
      /SUD-3/,
    ],
    ['a dwell of 2 s', { ...good, tours: [{ name: 'vite', cameras: ['NORD-1'], dwell: 2 }] }, /dwell/],
    [
      'a tour of 65 cameras',
      { ...good, tours: [{ name: 'long', cameras: Array(65).fill('NORD-1'), dwell: 5 }] },
      /cameras/,
    ],
    ['a name of 61 characters', { ...good, layouts: [{ name: 'x'.repeat(61), layout: '1', pinned: {} }] }, /name/],
    ['two layouts of the same name', { ...good, layouts: [good.layouts[0], good.layouts[0]] }, /named "Gare"/],
    [
      '21 layouts',
      { ...good, layouts: Array.from({ length: 21 }, (_, i) => ({ name: `L${i}`, layout: '1', pinned: {} })) },
      /layouts/,
    ],
    ['an unknown key in a tour', { ...good, tours: [{ ...good.tours[0], colour: 'red' }] }, /colour/],
  ];
  for (const [what, body, message] of cases) {
    const r = await op.req('PUT', '/api/me/preferences', body);
    console.log(`${what}: ${r.status} ${r.json.message}`);
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.match(r.json.message, message, what);
    assert.deepEqual(await get(), good, `${what}: nothing saved`);
  }
});
