// `vigie eval --clip`: a city's own footage scored through its camera's spec. PETS09's first 60 frames stand in for
// a city's clip with MOT tracks; a constructed tamper (real footage covered by ffmpeg) for a situations JSON truth.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runOwnEval } from '../../../src/eval/own/own-eval.js';
import { keptFrames } from '../../../src/media/decode/frame-sampling.js';
import { TEST_MODEL_CACHE } from '../../analytics/helpers/models.js';
import { PETS09_DIR, PETS09_VIDEO } from '../../analytics/helpers/pets09.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-own-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const missing = process.env.CI !== 'true' && !existsSync(PETS09_VIDEO) ? 'PETS09 not found' : undefined;
const quiet = () => {};
// What a city would store for a 384-wide sub stream (the test's small width; the rest the defaults).
const spec = join(dir, 'camera.json');
writeFileSync(spec, JSON.stringify({ enabled: true, fps: 5, width: 384, pipeline: { classes: ['person'] } }));

describe('own footage, clips', { skip: missing }, () => {
  test('PETS09 frames 11-60 with their MOT truth: MOTA, IDF1, detection precision/recall by score', {
    timeout: 120_000,
  }, async () => {
    const gt = readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && Number(l.split(',')[0]) <= 60);
    const truth = join(dir, 'gt60.txt');
    writeFileSync(truth, `${gt.join('\n')}\n`);
    const out = join(dir, 'pets');
    const r = (await runOwnEval({
      clip: PETS09_VIDEO,
      truth,
      cameraSpec: spec,
      firstFrame: 11,
      frames: 60,
      out,
      log: quiet,
    })) as any;
    assert.equal(r.truthFormat, 'mot', 'guessed from the file');
    const t = r.tracks;
    // 60 frames of a 7 fps clip analysed at 5 fps: only the frames the camera keeps are judged.
    const analysed = new Set(
      keptFrames(60, 7, 5)
        .map((n) => n + 1)
        .filter((f) => f >= 11),
    );
    assert.equal(t.frames, analysed.size);
    const expected = gt.filter((l) => analysed.has(Number(l.split(',')[0])) && l.split(',')[6] !== '0').length;
    assert.equal(t.truthBoxes, expected, 'truth on analysed frames, zero-flagged rows left out');
    assert.ok(t.tracking.mota > 0.4 && t.tracking.idf1 > 0.6, JSON.stringify(t.tracking));
    const rows = t.detection.rows as { threshold: number; current: boolean; precision: number; recall: number }[];
    assert.deepEqual(
      rows.filter((x) => x.current).map((x) => x.threshold),
      [0.5],
      'the camera setting marked',
    );
    for (let i = 1; i < rows.length; i++)
      assert.ok(rows[i]!.recall <= rows[i - 1]!.recall, 'recall falls as the score rises');
    assert.ok(rows[0]!.precision < rows.find((x) => x.current)!.precision, 'low scores add false positives');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(html, /<tr class="current">/);
    assert.match(html, /MOTA/);
  });

  test('a constructed tamper with a situations JSON truth: matched in time; an analytic that is off is said', {
    timeout: 120_000,
  }, async () => {
    const clip = join(dir, 'covered.mp4');
    // 11 s of PETS09 at 5 fps, covered black from 6 s to 9 s: clip frames 31-46.
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-i', PETS09_VIDEO, '-t', '11'],
      ...['-vf', "fps=5,scale=384:288,drawbox=color=black:t=fill:enable='between(t,6,9)'"],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip],
    ]);
    const truth = join(dir, 'truth.json');
    writeFileSync(
      truth,
      JSON.stringify({
        events: [
          { kind: 'camera_tamper', subKind: 'covered', from: 31, to: 46 },
          { kind: 'fire', from: 5, to: 20, box: [10, 10, 50, 50] },
        ],
      }),
    );
    const r = (await runOwnEval({ clip, truth, cameraSpec: spec, out: join(dir, 'boxes'), log: quiet })) as any;
    const k = Object.fromEntries(r.boxes.kinds.map((x: any) => [x.kind, x]));
    assert.equal(k.camera_tamper.eventRecall, 1, JSON.stringify(k.camera_tamper));
    assert.equal(k.camera_tamper.eventPrecision, 1);
    assert.ok(k.camera_tamper.delaysS[0] >= 0 && k.camera_tamper.delaysS[0] <= 2, String(k.camera_tamper.delaysS));
    assert.ok(k.camera_tamper.frameRecall > 0.8);
    assert.equal(k.fire.eventRecall, 0, 'fire is off in this spec: nothing raised');
    assert.match(r.notes.join(' '), /Off in this spec.*fire/);
  });
});
