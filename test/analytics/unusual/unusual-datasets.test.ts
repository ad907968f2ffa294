// Real footage: learn UCSD Ped2's usual walkway from Train001-012 at 5 fps, then the anomalies of Test001-006
// (bikes, skateboards, a cart) must rank above normal frames, and unseen normal clips (Train013-016) and PETS09's
// second half (learned on its first half) must raise no alarm. Same default settings for both cameras.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { learnClip, readFrameLabels, scoreClip } from '../../../src/analytics/unusual/clips.js';
import { UsualModel } from '../../../src/analytics/unusual/model.js';
import { rocAuc } from '../../../src/analytics/unusual/roc.js';
import { datasetPath, hasDataset } from '../../../src/eval/datasets/paths.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';
import { PETS09_VIDEO, pets09Missing } from '../helpers/pets09.js';

const FPS = 5;
const PED2_FPS = 10;
const clip = (kind: 'train' | 'test', i: number) =>
  datasetPath('ucsd-ped2', kind, `${kind === 'train' ? 'Train' : 'Test'}${String(i).padStart(3, '0')}.mp4`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function ped2Missing(): string | undefined {
  // CI always has the shared datasets beside its clone: there a missing dataset must fail, not skip.
  if (process.env.CI === 'true') return undefined;
  return hasDataset('ucsd-ped2', 'train') ? undefined : `UCSD Ped2 not found at ${datasetPath('ucsd-ped2')}`;
}

describe('unusual situations on UCSD Ped2 (learned on Train001-012, 5 fps)', { skip: ped2Missing() }, () => {
  let model: UsualModel;
  before(async () => {
    model = await UsualModel.create('ped2');
    for (const i of range(1, 12)) await learnClip(model, clip('train', i), { fps: FPS });
    model.finalize();
  });

  test('frame-level ROC AUC on Test001-006, frames pooled, ≥ 0.92 (measured 0.944)', { timeout: 60_000 }, async () => {
    const scores: number[] = [];
    const labels: number[] = [];
    for (const i of range(1, 6)) {
      const l = readFrameLabels(clip('test', i).replace('.mp4', '.labels.txt'));
      for (const s of await scoreClip(model, clip('test', i), { fps: FPS })) {
        scores.push(s.score);
        labels.push(l[Math.min(l.length - 1, Math.round((s.ptsMs * PED2_FPS) / 1000))]!);
      }
    }
    const auc = rocAuc(scores, labels);
    assert.ok(auc >= 0.92, `AUC ${auc.toFixed(3)}`);
    const above = scores.filter((s, i) => s > model.threshold && labels[i]).length;
    assert.ok(above > 0, 'the operating threshold catches some anomalous frames');
  });

  test('no alarm on unseen normal clips Train013-016 at the operating threshold', { timeout: 60_000 }, async () => {
    for (const i of range(13, 16)) {
      const s = await scoreClip(model, clip('train', i), { fps: FPS });
      const alarms = s.filter((x) => x.alarmStarted).map((x) => x.seq);
      assert.deepEqual(
        alarms,
        [],
        `Train0${i}: max ${Math.max(...s.map((x) => x.score)).toFixed(3)} vs ${model.threshold}`,
      );
    }
  });
});

describe('unusual situations on PETS09-S2L1', { skip: pets09Missing() }, () => {
  test('learned on the first half, no alarm on the second half', { timeout: 60_000 }, async () => {
    const m = await UsualModel.create('pets09');
    const src = new FrameSource({ cameraId: 'pets09', input: PETS09_VIDEO, width: 180, fps: FPS });
    const alarms: number[] = [];
    // seq is the source frame at any rate: the first 398 of 795 are the first half.
    const half = Math.ceil(795 / 2);
    for await (const f of src.frames()) {
      if (f.seq < half) m.learn(f);
      else {
        if (!m.ready) m.finalize();
        if (m.score(f).alarmStarted) alarms.push(f.seq);
      }
    }
    assert.deepEqual(alarms, []);
    m.dispose();
  });
});
