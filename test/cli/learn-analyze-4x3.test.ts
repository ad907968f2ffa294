// `vigie learn` on 4:3 footage (640x480 and 768x576, the usual sub streams), then `vigie analyze --usual-model`
// on later footage of the same camera: the model's picture is the one analyze computes (180x135), so analyze
// accepts it and scores every frame (issue 17: learn wrote 180x136 and analyze exited 1).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { analysisSize } from '../../src/analytics/motion/downscale.js';
import { DEFAULT_USUAL_OPTIONS } from '../../src/analytics/unusual/options.js';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { PETS09_VIDEO, pets09Missing } from '../analytics/helpers/pets09.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-learn-4x3-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Seconds [from, from + seconds) of PETS09 (7 fps) at width x height, as H.264 like a camera's recording. */
function clip(name: string, width: number, height: number, from: number, seconds: number): string {
  const file = join(dir, `${name}.mp4`);
  const cut = ['-ss', String(from), '-t', String(seconds), '-i', PETS09_VIDEO, '-vf', `scale=${width}:${height}`];
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', ...cut, '-c:v', 'libx264', '-preset', 'ultrafast', file]);
  return file;
}

const vigie = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env: process.env });

describe('learn and analyze on 4:3 footage', { skip: pets09Missing() }, () => {
  for (const [width, height] of [
    [640, 480],
    [768, 576],
  ] as const) {
    test(`${width}x${height}: the model is accepted, every frame scored`, { timeout: 120_000 }, () => {
      const model = join(dir, `model-${width}.json`);
      const learnt = vigie('learn', clip(`learn-${width}`, width, height, 0, 8), '--out', model);
      assert.equal(learnt.status, 0, learnt.stderr);
      const grid = JSON.parse(readFileSync(model, 'utf8')).grid;
      const picture = analysisSize(width, height, DEFAULT_USUAL_OPTIONS.width);
      assert.deepEqual([grid.width, grid.height], [picture.width, picture.height], 'the picture analyze computes');
      const out = join(dir, `analysis-${width}`);
      const later = clip(`later-${width}`, width, height, 8, 3);
      const r = vigie('analyze', later, '--usual-model', model, '--size', '320', '--out', out);
      assert.equal(r.status, 0, r.stderr);
      const scores = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
      assert.equal(scores.length, 21, '3 s at 7 fps');
      assert.ok(
        scores.every((l) => Number.isFinite(Number(l.split(',')[1]))),
        'an unusual score on every frame',
      );
      assert.ok(
        scores.some((l) => Number(l.split(',')[1]) > 0),
        'motion scored against the model',
      );
      assert.match(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).scores, /unusual score/);
    });
  }

  test('decoded smaller (300 wide: 300x226, a row off) the 640x480 model still scores', {
    timeout: 60_000,
  }, async () => {
    const out = join(dir, 'analysis-300');
    const summary = await runAnalyze({
      input: join(dir, 'later-640.mp4'),
      out,
      usualModel: join(dir, 'model-640.json'),
      size: 320,
      width: 300,
      log: () => {},
    });
    assert.deepEqual(summary.frameSize, { width: 300, height: 226 });
    assert.equal(summary.frames, 21);
  });
});
