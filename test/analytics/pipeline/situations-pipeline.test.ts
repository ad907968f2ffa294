// Scene analytics inside the camera pipeline: a real PETS09 clip defocused by ffmpeg after 20 s must come out of
// `vigie analyze` as one camera_tamper event (defocused), and the untouched start must raise nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parsePipelineSettings } from '../../../src/analytics/pipeline/settings.js';
import { runAnalyze } from '../../../src/cli/analyze-command.js';
import { TEST_MODEL_CACHE } from '../helpers/models.js';
import { PETS09_VIDEO, pets09Missing } from '../helpers/pets09.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-situations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('tamper is on by default and crowd movement off (it costs a few ms a frame)', () => {
  const s = parsePipelineSettings({});
  assert.equal(s.situations.tamper.enabled, true);
  assert.equal(s.situations.crowd.enabled, false);
  assert.throws(() => parsePipelineSettings({ situations: { tamper: { enabled: true, bogus: 1 } } }), /bogus/);
});

test('vigie analyze reports a defocused camera as camera_tamper within 5 s', {
  skip: pets09Missing(),
  timeout: 180_000,
}, async () => {
  const clip = join(dir, 'blurred.mp4');
  const vf = "scale=384:-2,gblur=sigma=12:enable='gte(t,20)'";
  const enc = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '14', '-an'];
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-t', '34', '-i', PETS09_VIDEO, '-vf', vf, ...enc, clip]);
  const out = join(dir, 'out');
  const summary = await runAnalyze({ input: clip, out, fps: 5, size: 320, log: () => {} });
  const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const tamper = events.filter((e) => e.kind === 'camera_tamper');
  assert.equal(tamper.length, 1, JSON.stringify(tamper));
  assert.equal(tamper[0].details.subKind, 'defocused');
  // Raised persistSeconds after the blur starts (t = 20 s); the event carries the first blurred frame's time.
  const raisedFrame = tamper[0].details.startFrame as number;
  assert.ok(tamper[0].startedAt >= 19_500 && tamper[0].startedAt <= 21_000, `started at ${tamper[0].startedAt} ms`);
  // Frames are numbered as the source's (7 fps), whatever rate they are analysed at.
  assert.ok(raisedFrame / 7 <= 25, `raised at source frame ${raisedFrame} (${(raisedFrame / 7).toFixed(1)} s)`);
  assert.equal(summary.events.byKind.camera_tamper, 1);
});
