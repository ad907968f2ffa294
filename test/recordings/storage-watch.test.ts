// The storage watch warns once per level reached, at rising severity, again only after falling well under a
// level; held spans are merged per camera before they are summed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportError } from '../../src/core/recordings/exports.js';
import { mergeSpans, type StorageBudget, type StorageFigures } from '../../src/core/recordings/storage-budget.js';
import { StorageWatch } from '../../src/core/recordings/storage-watch.js';

const MB = 1_000_000;

function setup() {
  const figures: StorageFigures = {
    volumeBytes: 1000 * MB,
    freeBytes: 500 * MB,
    floorBytes: 50 * MB,
    recordingsLimit: 800 * MB,
    recordingsBytes: 400 * MB,
    exportsLimit: 100 * MB,
    exportsBytes: 0,
    holdsCap: 160 * MB,
  };
  const state = { held: 0 };
  const budget = {
    figures: async () => ({ ...figures }),
    heldBytes: async () => state.held,
  } as unknown as StorageBudget;
  const emitted: Record<string, unknown>[] = [];
  const watch = new StorageWatch(
    { emit: async (e: { details: Record<string, unknown> }) => void emitted.push(e.details) },
    budget,
    { highWaterPercent: 90 },
  );
  return { figures, state, watch, emitted };
}

test('holds: one warning per level reached, rising severity, none repeated, again after falling well under', async () => {
  const { state, watch, emitted } = setup();
  const at = async (percentOfCap: number) => {
    state.held = (160 * MB * percentOfCap) / 100;
    await watch.check({ holdsChanged: true });
  };
  await at(40);
  assert.equal(emitted.length, 0, 'under the first threshold: silent');
  await at(55);
  await at(60);
  await at(85);
  await at(99);
  await at(99);
  assert.deepEqual(
    emitted.map((d) => [d.measure, d.threshold, d.severity]),
    [
      ['holds', 50, 'medium'],
      ['holds', 80, 'high'],
      ['holds', 95, 'critical'],
    ],
  );
  assert.match(String(emitted[0]!.message), /evidence holds keep 88\.0 MB, 55 % of their 160\.0 MB cap/);
  await at(93);
  assert.equal(emitted.length, 3, 'just under a level: no new warning when it comes back');
  await at(97);
  assert.equal(emitted.length, 3);
  await at(70);
  await at(96);
  assert.deepEqual(emitted.at(-1)?.severity, 'critical', 'well under (5 points), then up again: warned again');
  assert.equal(emitted.length, 4);
});

test('the floor and the recordings budget: critical under the floor; health reasons from the last check', async () => {
  const { figures, watch, emitted } = setup();
  await watch.check();
  assert.deepEqual(watch.problems(), []);
  figures.freeBytes = 10 * MB;
  figures.recordingsBytes = 790 * MB; // 98.75 % of the budget: past 95 and 98
  await watch.check();
  assert.deepEqual(
    emitted.map((d) => [d.measure, d.severity]),
    [
      ['recordings', 'high'],
      ['floor', 'critical'],
    ],
  );
  assert.equal(watch.problems().length, 2);
  assert.match(watch.problems()[0]!, /under its free-space floor/);
});

test('held spans: per camera, overlapping and touching ones merged', () => {
  assert.deepEqual(
    mergeSpans([
      { cameraId: 'B', fromMs: 0, toMs: 10 },
      { cameraId: 'A', fromMs: 20, toMs: 30 },
      { cameraId: 'A', fromMs: 0, toMs: 10 },
      { cameraId: 'A', fromMs: 5, toMs: 20 },
      { cameraId: 'A', fromMs: 40, toMs: 50 },
    ]),
    [
      { cameraId: 'A', fromMs: 0, toMs: 30 },
      { cameraId: 'A', fromMs: 40, toMs: 50 },
      { cameraId: 'B', fromMs: 0, toMs: 10 },
    ],
  );
});

test('a failed export is said: full disk 507, footage gone meanwhile 409, else 500 with the cause, no server path', () => {
  const said = (m: string) => {
    const e = exportError(new Error(m));
    return [e.status, e.message];
  };
  assert.deepEqual(said('ffmpeg exit 1: av_interleaved_write_frame(): No space left on device')[0], 507);
  assert.deepEqual(
    said("[concat] Impossible to open '/srv/rec/A/x.mp4' | /tmp/l.ffconcat: No such file or directory"),
    [409, 'export failed: part of the footage was deleted meanwhile (retention); nothing was kept, try again'],
  );
  assert.deepEqual(said('ffprobe exit 1: /srv/rec/A/2026-06-01/A_1.mp4: Invalid data found when processing input'), [
    500,
    'export failed, nothing was kept: ffprobe exit 1: A_1.mp4: Invalid data found when processing input',
  ]);
});
