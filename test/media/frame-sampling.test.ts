// The one rule for the frames kept at a lower rate: ffmpeg's select filter keeps exactly the frames the rule names
// (checked by their pixels against an every-frame decode), and FrameSource numbers and times them as the source's own.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KeptFrameIndex, keepsFrame, keptFrames, selectFilter } from '../../src/media/decode/frame-sampling.js';
import { FrameSource } from '../../src/media/decode/frame-source.js';
import type { Frame } from '../../src/media/frames/frame.js';

describe('the sampling rule', () => {
  test('7 → 5 fps keeps 5 frames in every 7, evenly; at or above the source rate every frame', () => {
    assert.deepEqual(keptFrames(14, 7, 5), [0, 2, 3, 5, 6, 7, 9, 10, 12, 13]);
    assert.equal(keptFrames(795, 7, 5).length, 568);
    assert.deepEqual(keptFrames(6, 10, 5), [0, 2, 4]);
    assert.deepEqual(keptFrames(4, 7, 7), [0, 1, 2, 3]);
    assert.deepEqual(keptFrames(4, 7, 30), [0, 1, 2, 3], 'never a frame twice');
    assert.ok(keepsFrame(0, 30000 / 1001, 5));
  });

  test('KeptFrameIndex replays the rule one kept frame at a time', () => {
    const ix = new KeptFrameIndex(30000 / 1001, 7.5);
    const kept = keptFrames(600, 30000 / 1001, 7.5);
    assert.deepEqual(
      kept.map(() => ix.next()),
      kept,
    );
    const unknownRate = new KeptFrameIndex(0, 5);
    assert.deepEqual([unknownRate.next(), unknownRate.next()], [0, 1], 'frames kept by time are counted');
  });

  test('the select filter: the same arithmetic; by time when the source rate is unknown; none when all are kept', () => {
    assert.equal(selectFilter(7, 5), "select='gt(floor(n*5/7),floor((n-1)*5/7))'");
    assert.equal(
      selectFilter(0, 5),
      "select='isnan(prev_t)+gt(floor((t-start_t)*5+0.5),floor((prev_t-start_t)*5+0.5))'",
    );
    assert.equal(selectFilter(7, 7), undefined);
    assert.equal(selectFilter(7, undefined), undefined);
  });
});

describe('ffmpeg keeps the frames the rule names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-sampling-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const decode = async (input: string, fps?: number): Promise<Frame[]> => {
    const out: Frame[] = [];
    for await (const f of new FrameSource({ cameraId: 'c', input, fps }).frames()) out.push(f);
    return out;
  };

  // An NTSC rate (30000/1001: its decimal form must reach ffmpeg unchanged) and a target that divides nothing.
  for (const [rate, fps] of [
    ['30000/1001', 7.5],
    ['7', 5],
  ] as const) {
    test(`${rate} fps source at ${fps} fps: seq, time and pixels of the source's own frames`, async () => {
      const clip = join(dir, `clip-${fps}.mkv`);
      // Lossless, every picture different (a moving pattern): a frame is known by its pixels.
      execFileSync(
        'ffmpeg',
        ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `testsrc=s=64x48:r=${rate}:d=4`].concat([
          '-c:v',
          'ffv1',
          clip,
        ]),
      );
      const all = await decode(clip);
      const kept = await decode(clip, fps);
      const sourceFps = rate === '7' ? 7 : 30000 / 1001;
      assert.deepEqual(
        kept.map((f) => f.seq),
        keptFrames(all.length, sourceFps, fps),
      );
      for (const f of kept) {
        assert.deepEqual(f.data, all[f.seq]!.data, `frame ${f.seq} is the source's frame ${f.seq}`);
        assert.equal(f.ptsMs, all[f.seq]!.ptsMs);
      }
    });
  }

  // The rule by time (live streams): a camera at the analysis rate whose timestamps jitter keeps every frame, a
  // faster one keeps one frame per interval. Jitter: each 200 ms frame time moved by up to ±30 ms.
  for (const [rate, jitter, want] of [
    [5, true, 40],
    [25, false, 40],
  ] as const) {
    test(`by time: a ${rate} fps source${jitter ? ' with jittery timestamps' : ''} at 5 fps keeps ${want} of 8 s`, () => {
      const pts = jitter ? "settb=1/1000,setpts='(N*0.2+0.03*sin(N*1.7))/TB'," : '';
      const vf = `${pts}${selectFilter(0, 5)},showinfo`;
      const r = spawnSync(
        'ffmpeg',
        ['-nostdin', '-f', 'lavfi', '-i', `testsrc=s=64x48:r=${rate}:d=8`, '-vf', vf, '-f', 'null', '-'],
        {
          encoding: 'utf8',
        },
      );
      const kept = r.stderr.match(/Parsed_showinfo.* n: *\d+/g)?.length ?? 0;
      assert.ok(Math.abs(kept - want) <= 1, `kept ${kept} frames`);
    });
  }
});
