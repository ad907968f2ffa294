// The health history's part of the store contract (issue 24): run against SQLite and PostgreSQL alike.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HealthInterval } from '../../src/core/ports/health.js';
import type { Store } from '../../src/core/ports/store.js';
import type { StoreFactory } from '../support/stores.js';

// Past 2^31 ms: the times are epoch milliseconds (bigint columns).
const T = 1_780_000_000_000;
const iv = (id: string, cameraId: string, fromMs: number, toMs: number | null, extra: Partial<HealthInterval> = {}) =>
  ({ id, cameraId, state: 'offline', detail: null, fromMs, toMs, ...extra }) as HealthInterval;

export function healthStoreContract(factory: StoreFactory) {
  describe(`store contract, health history: ${factory.name}`, async () => {
    const why = await factory.unavailable();
    if (why && process.env.CI !== 'true') {
      test(`${factory.name} adapter`, { skip: why }, () => {});
      return;
    }
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await factory.open());
    });
    after(async () => dispose?.());

    test('intervals open once, close once, never before their start; overlaps and sums', async () => {
      const h = store.health;
      assert.equal(await h.open(iv('a', 'C1', T, null, { detail: 'connection refused' })), true);
      assert.equal(await h.open(iv('a', 'C1', T + 5, null)), false, 'a redelivered start changes nothing');
      assert.equal(await h.open(iv('b', 'C1', T + 1000, null, { state: 'tampered', detail: 'covered' })), true);
      assert.equal(await h.open(iv('c', 'C2', T + 500, T + 2500, { state: 'degraded', detail: 'fps' })), true);
      assert.deepEqual(
        (await h.current()).map((i) => i.id),
        ['a', 'b'],
      );
      assert.equal(await h.close('C1', 'offline', T + 3000), 1);
      assert.equal(await h.close('C1', 'offline', T + 9000), 0, 'nothing open any more');
      assert.equal(await h.closeById('b', T + 500), true, 'an end before the start ends it at its start');
      assert.equal(await h.closeById('b', T + 9000), false);
      assert.deepEqual(await h.current(), []);
      const all = await h.overlapping(T - 10_000, T + 10_000);
      assert.deepEqual(all, [
        iv('a', 'C1', T, T + 3000, { detail: 'connection refused' }),
        iv('b', 'C1', T + 1000, T + 1000, { state: 'tampered', detail: 'covered' }),
        iv('c', 'C2', T + 500, T + 2500, { state: 'degraded', detail: 'fps' }),
      ]);
      assert.deepEqual(
        (await h.overlapping(T + 2500, T + 2600)).map((i) => i.id),
        ['a'],
        'an interval ending at the window start is outside it',
      );
      assert.deepEqual(
        (await h.overlapping(T, T + 10_000, ['C2'])).map((i) => i.id),
        ['c'],
      );
      assert.deepEqual(await h.overlapping(T, T + 10_000, []), []);
      await h.open(iv('d', 'C2', T + 4000, null));
      const lean = async (p: Promise<Array<{ cameraId: string; fromMs: number; toMs: number | null }>>) =>
        (await p).map((i) => `${i.cameraId}:${i.fromMs - T}-${i.toMs === null ? 'open' : i.toMs - T}`).sort();
      assert.deepEqual(await lean(h.recentSpans(T + 2500)), ['C1:0-3000', 'C2:4000-open', 'C2:500-2500']);
      assert.deepEqual(await lean(h.endedSpans(T + 1000, T + 3000)), ['C1:1000-1000', 'C2:500-2500']);
      const sums = await h.summedMs(T + 2000, T + 6000, ['offline', 'tampered']);
      assert.deepEqual(Object.fromEntries(sums), { C1: 1000, C2: 2000 }, 'clipped to the window, open ones to its end');
      assert.deepEqual(Object.fromEntries(await h.summedMs(T, T + 6000, ['degraded'])), { C2: 2000 });
    });

    test('a deleted camera’s health history moves to its archive, its open outage ended at the deletion', async () => {
      const h = store.health;
      await h.open(iv('x1', 'DEL-H', T, T + 1000, { state: 'tampered', detail: 'moved' }));
      await h.open(iv('x2', 'DEL-H', T + 2000, null));
      await store.cameras.archive({
        id: 'DEL-H-arch',
        cameraId: 'DEL-H',
        name: 'gone',
        sectorId: 'gare',
        deletedAtMs: T + 5000,
        privacyMasks: [],
      });
      assert.deepEqual(await h.overlapping(T, T + 10_000, ['DEL-H']), [], 'a re-created camera starts empty');
      assert.deepEqual(
        (await h.overlapping(T, T + 10_000, ['DEL-H-arch'])).map((i) => [i.id, i.toMs === null ? null : i.toMs - T]),
        [
          ['x1', 1000],
          ['x2', 5000],
        ],
      );
    });
  });
}
