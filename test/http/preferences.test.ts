// The wall layout kept per user (PUT /api/me/preferences): the layouts of issue 19 (1+5, 1+7) round-trip; an unknown
// layout or a size off the grid is refused with a message naming the field, and nothing is saved.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let op: Client;
before(async () => {
  t = await startCentre();
  op = await t.user('operator-1', 'operator');
});
after(() => t.stop());

test('the layouts 1+5 and 1+7 are kept; an unknown layout or size is refused and nothing is saved', async () => {
  for (const layout of ['1+5', '1+7', '4']) {
    const wall = { size: layout === '1+5' ? 3 : 4, layout, pinned: { 0: 'CAM-1' } };
    const put = await op.req('PUT', '/api/me/preferences', { wall });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual((await op.req('GET', '/api/me/preferences')).json, { wall });
  }
  for (const wall of [
    { size: 4, layout: '1+9', pinned: {} },
    { size: 5, pinned: {} },
  ]) {
    const bad = await op.req('PUT', '/api/me/preferences', { wall });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.text, wall.layout ? /layout/ : /size/);
  }
  assert.equal((await op.req('GET', '/api/me/preferences')).json.wall.layout, '4', 'the last good layout stays');
});
