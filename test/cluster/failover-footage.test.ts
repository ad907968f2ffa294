// The failover test's ground truth, checked: its spec run embedded on its footage (as `vigie analyze --fps 2` does,
// from a file) raises exactly one covered `camera_tamper` per loop, as the cover starts — also when the analysis
// starts in the black. failover.solo.test.ts counts the live alarms against this.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EventAssembler } from '../../src/analytics/events/event-assembler.js';
import { cameraDecodeOptions } from '../../src/analytics/pipeline/camera-decode.js';
import { parseCameraSpec } from '../../src/analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../src/analytics/pipeline/from-spec.js';
import { FrameSource } from '../../src/media/decode/frame-source.js';
import { runToolOk } from '../../src/media/ffmpeg/run.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { COVER_MS, coverClip, PERIOD_MS, TAMPER_SPEC } from './failover-nodes.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-failover-footage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The events of the spec on a file, times in the file's clock (ms). */
async function eventsOn(file: string) {
  const spec = parseCameraSpec(TAMPER_SPEC);
  const pipeline = await pipelineFromSpec(spec, { modelCacheDir: TEST_MODEL_CACHE });
  const source = new FrameSource({ cameraId: 'GT', input: file, ...cameraDecodeOptions(spec) });
  const assembler = new EventAssembler('GT', 'file');
  const events = [];
  for await (const frame of source.frames()) {
    const r = await pipeline.process(frame);
    events.push(...assembler.add([...r.ruleEvents, ...r.situationEvents], frame.seq + 1));
  }
  events.push(...assembler.add(pipeline.finishSituations(), Number.MAX_SAFE_INTEGER));
  await pipeline.close();
  return events;
}

/** The clip `loops` times over, from `fromMs` into it. */
async function looped(loops: number, fromMs: number): Promise<string> {
  const clip = await coverClip();
  const list = join(dir, `list-${loops}.txt`);
  writeFileSync(list, Array.from({ length: loops }, () => `file '${clip}'\n`).join(''));
  const out = join(dir, `loops-${loops}-${fromMs}.mp4`);
  await runToolOk('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list],
    ...['-ss', String(fromMs / 1000), '-c:v', 'libx264', '-g', '10', '-bf', '0', out],
  ]);
  return out;
}

test('the footage raises one covered tamper per loop, from the start of each cover, none twice', async () => {
  const evs = await eventsOn(await looped(3, 0));
  assert.deepEqual(
    evs.map((e) => [e.kind, e.details.subKind, e.startedAt]),
    [0, 1, 2].map((k) => ['camera_tamper', 'covered', PERIOD_MS - COVER_MS + k * PERIOD_MS]),
  );
});

test('an analysis that starts in the black raises nothing until the next cover', async () => {
  // 4.5 s in: half a second into the first cover, as a node taking a camera over mid-cover.
  const evs = await eventsOn(await looped(3, 4500));
  const expected = [1, 2].map((k) => PERIOD_MS - COVER_MS + k * PERIOD_MS - 4500);
  assert.deepEqual(
    evs.map((e) => e.startedAt),
    expected,
  );
});
