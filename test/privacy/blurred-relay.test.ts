// The live relay with the privacy filter, on a simulated camera streaming PETS09: what leaves the relay has people
// pixelated (flat cells over ground-truth people) while the still background keeps its detail.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PrivacyFilters } from '../../src/app/media/privacy-filters.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { LiveRelay } from '../../src/media/live/relay.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { RecordingViewer, until } from '../live/support/viewer.js';
import { flatShare, grayFrames } from './support/pixels.js';

const CLIP = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const skip = hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? false : 'PETS09 not in ../shared/datasets';

let sim: CameraSimulator;
let filters: PrivacyFilters;
const cache = mkdtempSync(join(tmpdir(), 'vigie-privacy-models-'));
before(async () => {
  if (skip) return;
  sim = new CameraSimulator({ port: 0, footage: CLIP, sub: { width: 640, height: 480 } });
  await sim.start(1);
  filters = new PrivacyFilters({
    blur: {},
    detector: {
      inputSize: 320,
      scoreThreshold: 0.3,
      classes: ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'],
    },
    modelCacheDir: cache,
  });
});
after(async () => {
  await sim?.stop();
  await filters?.close();
  rmSync(cache, { recursive: true, force: true });
});

test('a blurred live feed: moving people become flat cells, the still background keeps its detail', {
  skip,
}, async () => {
  const url = sim.urls(sim.ids()[0]!).sub;
  const relay = new LiveRelay({ url: () => url, filter: () => filters.factory('cam1', 'sub'), idleStopMs: 200 });
  const v = new RecordingViewer();
  relay.add(v);
  try {
    await until('blurred fragments', () => v.fragments >= 70, 60_000);
    const stats = filters.stats()[0]!;
    assert.equal(stats.cameraId, 'cam1');
    assert.notEqual(stats.lastMode, 'warming');
  } finally {
    await relay.stop();
  }
  const frames = grayFrames(Buffer.concat(v.chunks), 640, 480);
  assert.ok(frames.length >= 60, `${frames.length} pictures decoded`);
  // The first second is hidden whole (no background model, no boxes yet): fail closed.
  assert.ok(flatShare(frames[0]!, 640, 0, 0, 640, 480) > 0.95, 'the first picture is all flat cells');
  const late = frames.slice(-20);
  const whole = late.map((f) => flatShare(f, 640, 0, 0, 640, 480));
  // PETS09: ~8 people walking over a still square; they and their margins are a minority of the picture.
  for (const s of whole) assert.ok(s > 0.03 && s < 0.6, `share of flat cells ${s.toFixed(3)}: some, not all`);
  // The buildings at the top left never move: their detail must stay.
  for (const f of late) assert.ok(flatShare(f, 640, 0, 0, 200, 120) < 0.3, 'still background is not pixelated');
});
