// Unaltered real footage must raise nothing: PETS09-S2L1 (114 s of people crossing, some pausing) and two UCSD
// Ped2 walkway clips played 4 times (48 s and 72 s), with the real person detector. T = 15 s (default 30): the
// shorter T makes false events more likely, not less.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { OnnxDetector } from '../../../src/analytics/detect/onnx-detector.js';
import { footageMissing, makeClip, PETS, ped2, personDetector, replay } from './footage.js';

const skip = footageMissing();
const T = 15;
let dir = '';
let people: OnnxDetector;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'vigie-abandoned-'));
  people = await personDetector();
});

after(async () => {
  await people?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('PETS09-S2L1 as recorded: no event', { skip }, async (t) => {
  const r = await replay(PETS, people, { staticSeconds: T });
  t.diagnostic(`${r.frames} frames, ${r.detections.persons} person boxes`);
  assert.deepEqual(r.events, []);
});

for (const n of [1, 5]) {
  test(`UCSD Ped2 Train${String(n).padStart(3, '0')} (4 plays): no event`, { skip }, async (t) => {
    const clip = await makeClip({ inputs: [ped2(n)], out: join(dir, `ped2-${n}.mp4`), loops: 3 });
    const r = await replay(clip, people, { staticSeconds: T });
    t.diagnostic(`${r.frames} frames, ${r.detections.persons} person boxes`);
    assert.deepEqual(r.events, []);
  });
}
