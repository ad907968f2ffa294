// The whole per-camera pipeline: gating decisions on synthetic frames (fake detector), then the real one on the
// first 100 frames of PETS09-S2L1 with the shipped scene (detector outputs cached in the OS temp folder).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Detection } from '../../../src/analytics/detect/nanodet-decoder.js';
import { fittedInput } from '../../../src/analytics/detect/preprocess.js';
import { CameraPipeline } from '../../../src/analytics/pipeline/camera-pipeline.js';
import { DetectionCache } from '../../../src/analytics/pipeline/detection-cache.js';
import type { PipelineFrame } from '../../../src/analytics/pipeline/pipeline-types.js';
import { clearMot } from '../../../src/eval/metrics/clear-mot.js';
import { type MotRow, parseMot, tracksToMotRows } from '../../../src/eval/metrics/mot-format.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';
import type { Frame } from '../../../src/media/frames/frame.js';
import { TEST_MODEL_CACHE } from '../helpers/models.js';
import { PETS09_DIR, PETS09_VIDEO, pets09Missing } from '../helpers/pets09.js';

const W = 320;
const H = 240;

/** A grey frame with, optionally, a dark 20-wide "person" at x (60 tall unless said). */
function frame(seq: number, personX?: number, personH = 60): Frame {
  const data = new Uint8Array(W * H * 3).fill(128);
  if (personX !== undefined) {
    for (let y = 100; y < 100 + personH; y++) data.fill(30, (y * W + personX) * 3, (y * W + personX + 20) * 3);
  }
  return { cameraId: 'synthetic', seq, ptsMs: seq * 100, width: W, height: H, format: 'rgb24', data };
}

describe('camera pipeline: gating', () => {
  test('a still scene stops reaching the detector; motion sends crops; the full frame comes back on refresh', async () => {
    const calls: string[] = [];
    const p = await CameraPipeline.create(
      { inputShape: 'fit', gating: { refreshSeconds: 3, holdSeconds: 0.5 } },
      {
        detectorFactory: async (shape) => ({
          detect: (f) => {
            calls.push(`${shape.width}x${shape.height}:${f.width}x${f.height}`);
            return [];
          },
        }),
      },
    );
    const out: PipelineFrame[] = [];
    for (let i = 0; i < 10; i++) out.push(await p.process(frame(i)));
    assert.equal(out[0]!.detector.kind, 'full', 'the first frame is seen whole');
    assert.ok(
      out.slice(1).every((r) => r.gated && r.detector.kind === 'none'),
      'nothing moves: nothing detected',
    );
    for (let i = 10; i < 15; i++) out.push(await p.process(frame(i, 40 + 8 * (i - 10))));
    const moving = out.slice(11, 15);
    assert.ok(
      moving.every((r) => r.detector.kind === 'crops' && r.motionScore > 0),
      JSON.stringify(moving.map((r) => r.detector)),
    );
    for (let i = 15; i < 31; i++) out.push(await p.process(frame(i)));
    assert.equal(out[30]!.detector.kind, 'full', 'refreshed after 3 s');
    const s = p.stats();
    assert.equal(s.frames, 31);
    assert.ok(s.detectorFrameShare < 0.5 && s.detectorCostPerFrame < 0.5, JSON.stringify(s));
    const fit = fittedInput(W, H, 416);
    assert.ok(fit.height < 416, 'a landscape frame gets a model input shaped like it');
    const full = `${fit.width}x${fit.height}:${W}x${H}`;
    assert.ok(calls.includes(full) && calls.some((c) => c.startsWith('256x256:')), calls.join(' '));
    await p.close();
  });

  test('gating off: the full frame every time', async () => {
    let n = 0;
    const p = await CameraPipeline.create(
      { gating: { enabled: false } },
      {
        detectorFactory: async () => ({
          detect: () => {
            n++;
            return [];
          },
        }),
      },
    );
    for (let i = 0; i < 5; i++) await p.process(frame(i));
    assert.equal(p.stats().fullFrames, 5);
    assert.equal(n, 5);
    await assert.rejects(p.process({ ...frame(5), format: 'gray', data: new Uint8Array(W * H) }), /rgb24/);
    await p.close();
  });
});

test('shownTrackScore reaches the tracker: a track the detector only half-believes for 3 s is hidden, unless 0', async () => {
  const shownAt = async (shownTrackScore: number) => {
    let k = 0;
    const p = await CameraPipeline.create(
      { gating: { enabled: false }, nearField: { enabled: false }, shownTrackScore },
      {
        detectorFactory: async () => ({
          detect: (): Detection[] => [
            { cls: 'person', score: k++ < 5 ? 0.9 : 0.2, box: [100, 100, 20, 60] } as Detection,
          ],
        }),
      },
    );
    let last: PipelineFrame | undefined;
    for (let i = 0; i < 35; i++) last = await p.process(frame(i, 100));
    await p.close();
    return last!.tracks.length;
  };
  assert.equal(await shownAt(0.4), 0);
  assert.equal(await shownAt(0), 1);
});

describe('camera pipeline: detector on one frame in N', () => {
  test('detectEvery 3, skipping always: the detector sees frames 0, 3, 6…; the tracker carries the person in between', async () => {
    const seen: number[] = [];
    // A person walking right 4 px a frame (the picture itself is irrelevant to this detector).
    const at = (seq: number): Detection[] => [{ cls: 'person', score: 0.9, box: [40 + 4 * seq, 60, 30, 90] }];
    const p = await CameraPipeline.create(
      // These people are 117 px tall in the model input: the near-field pass would run too (and count as a call).
      {
        detectEvery: 3,
        skipWhen: 'always',
        gating: { enabled: false },
        nearField: { enabled: false },
        classes: ['person'],
      },
      {
        detectorFactory: async () => ({
          detect: () => {
            seen.push(n);
            return at(n);
          },
        }),
      },
    );
    let n = 0;
    const out: PipelineFrame[] = [];
    for (n = 0; n < 12; n++) out.push(await p.process({ ...frame(n), ptsMs: n * 200 }));
    assert.deepEqual(seen, [0, 3, 6, 9]);
    assert.deepEqual(
      out.map((r) => r.detector.kind),
      ['full', 'none', 'none', 'full', 'none', 'none', 'full', 'none', 'none', 'full', 'none', 'none'],
    );
    const last = out[11]!.tracks;
    assert.equal(last.length, 1, 'the track lives through skipped frames');
    assert.ok(last[0]!.timeSinceUpdateMs! > 0, 'skipped frames carry predicted boxes');
    assert.ok(Math.abs(last[0]!.box[0] - (40 + 4 * 11)) < 4, `predicted left ${last[0]!.box[0].toFixed(1)}`);
    assert.equal(p.stats().detectorFrames, 4);
    await p.close();
  });

  test('detectEvery 3 (default: no skipping while a newcomer is confirmed): the frame after a first sighting is seen', async () => {
    const seen: number[] = [];
    // One person from the start, a second one from frame 5: each needs two detections in a row to become a track.
    const at = (seq: number): Detection[] => [
      { cls: 'person', score: 0.9, box: [40 + 4 * seq, 60, 30, 90] },
      ...(seq >= 5 ? [{ cls: 'person', score: 0.9, box: [400 - 4 * seq, 60, 30, 90] as Detection['box'] }] : []),
    ];
    let n = 0;
    const p = await CameraPipeline.create(
      { detectEvery: 3, gating: { enabled: false }, nearField: { enabled: false }, classes: ['person'] },
      {
        detectorFactory: async () => ({
          detect: () => {
            seen.push(n);
            return at(n);
          },
        }),
      },
    );
    const out: PipelineFrame[] = [];
    for (n = 0; n < 12; n++) out.push(await p.process({ ...frame(n), ptsMs: n * 200 }));
    assert.deepEqual(seen, [0, 1, 3, 6, 7, 9]);
    assert.equal(out[7]!.tracks.length, 2, 'the newcomer is a track two frames after it was first seen');
    assert.equal(out[11]!.tracks.length, 2);
    await p.close();
  });

  test('detectEvery 3, gating on: motion runs only on the frames that may reach the detector', async () => {
    const p = await CameraPipeline.create(
      { detectEvery: 3, classes: ['person'] },
      { detectorFactory: async () => ({ detect: () => [] }) },
    );
    const out: PipelineFrame[] = [];
    // A dark shape walking right and growing: its moving area differs on every frame.
    for (let n = 0; n < 10; n++) out.push(await p.process(frame(n, 40 + 10 * n, 30 + 8 * n)));
    assert.deepEqual(
      out.map((r) => r.skipped === true),
      [false, true, true, false, true, true, false, true, true, false],
    );
    const scores = out.map((r) => r.motionScore);
    assert.ok(scores[3]! > 0 && scores[6]! > scores[3]! && scores[9]! > scores[6]!, scores.join(' '));
    for (const n of [4, 5, 7, 8]) assert.equal(scores[n], scores[n - 1], `frame ${n} repeats the last activity score`);
    await p.close();
  });
});

describe('camera pipeline on PETS09-S2L1', { skip: pets09Missing() }, () => {
  test('first 100 frames: tracks that follow the people, rule events, less detector work than every frame', {
    timeout: 180_000,
  }, async (t) => {
    const scene = JSON.parse(
      readFileSync(new URL('../../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url), 'utf8'),
    );
    const cache = new DetectionCache(join(tmpdir(), 'vigie-test-cache', 'pipeline-pets09-100.json'));
    const p = await CameraPipeline.create(
      { classes: ['person'] },
      { scene, modelCacheDir: TEST_MODEL_CACHE, detectionCache: cache },
    );
    const hyp: MotRow[] = [];
    const events = [];
    const source = new FrameSource({ cameraId: 'pets09', input: PETS09_VIDEO, format: 'rgb24' });
    let n = 0;
    for await (const f of source.frames()) {
      const r = await p.process(f);
      assert.equal(r.seq, n, 'frames in order, none lost');
      hyp.push(...tracksToMotRows(r.seq + 1, r.tracks));
      events.push(...r.ruleEvents);
      if (++n === 100) break;
    }
    events.push(...p.finish());
    cache.save();
    const s = p.stats();
    await p.close();
    const gt = parseMot(readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8')).filter((r) => r.frame <= 100);
    const m = clearMot(gt, hyp);
    const kinds = new Set(events.map((e) => e.kind));
    t.diagnostic(
      `MOTA ${m.mota.toFixed(3)} (FP ${m.fp} FN ${m.fn} IDSW ${m.idSwitches}), ${new Set(hyp.map((r) => r.id)).size} track ids, ` +
        `${events.filter((e) => e.phase === 'end').length} events (${[...kinds].join(', ')}); detector on ` +
        `${(100 * s.detectorFrameShare).toFixed(0)} % of frames at ${s.detectorCostPerFrame.toFixed(2)} full-frame runs per frame ` +
        `(cache: ${cache.hits} hits, ${cache.misses} misses)`,
    );
    assert.equal(s.frames, 100);
    assert.ok(m.mota >= 0.6, `MOTA ${m.mota}`);
    assert.ok(kinds.has('intrusion') && kinds.has('wrong_way'), [...kinds].join());
    assert.ok(
      events.every((e) => e.trackIds.every((id) => hyp.some((h) => h.id === id))),
      'events name output tracks',
    );
    assert.ok(s.detectorCostPerFrame < 1, `detector cost ${s.detectorCostPerFrame}`);
  });
});
