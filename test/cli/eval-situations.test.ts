// `vigie eval --dataset situations` on its first case (PETS09 covered from 20 s): the report scores the tamper
// analytic through the whole pipeline, with precision/recall and false alarms per camera-hour fields.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runSituationsEval } from '../../src/eval/report/situations-eval.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { pets09Missing } from '../analytics/helpers/pets09.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const out = mkdtempSync(join(tmpdir(), 'vigie-eval-situations-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('eval situations: a covered camera is detected within 5 s, the report has every analytic', {
  skip: pets09Missing(),
  timeout: 120_000,
}, async () => {
  const r = await runSituationsEval({ out, cases: 1, log: () => {} });
  assert.equal(r.cases.length, 1);
  const c = r.cases[0]!;
  assert.equal(c.detected, true, JSON.stringify(c));
  assert.ok(c.delayMs! >= 0 && c.delayMs! <= 5000, `delay ${c.delayMs} ms`);
  assert.deepEqual(c.falseAlarms, []);
  assert.equal(r.perAnalytic.camera_tamper!.recall, 1);
  assert.deepEqual(Object.keys(r.perAnalytic).sort(), [
    'abandoned_object',
    'camera_tamper',
    'crowd_movement',
    'fire',
    'person_on_ground',
  ]);
  assert.ok(existsSync(join(out, 'report.html')));
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /false alarms \/ camera-hour/);
});
