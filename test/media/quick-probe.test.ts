// A live camera's start waits on two RTSP probes (ffprobe, then ffmpeg), ~3.3 s each by default: FrameSource's
// quickProbeMs caps both (-analyzeduration) when the stream tells its size within it (the analytics supervisor sets
// 1 s; a takeover's longest step). The cap reaches ffmpeg's arguments, for RTSP only, and a live camera starts with it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildDecodeArgs } from '../../src/media/decode/decode-args.js';
import { FrameSource } from '../../src/media/decode/frame-source.js';
import type { Frame } from '../../src/media/frames/frame.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { coverClip } from '../cluster/failover-nodes.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-quick-probe-'));
const small = { width: 320, height: 240 };
const sim = new CameraSimulator({ port: 0, cacheDir: dir, main: small, sub: small });
after(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the analysis cap reaches ffmpeg before -i, for RTSP inputs only', () => {
  const base = { width: 320, height: 240, format: 'yuv420p' as const, analyzeMs: 1000 };
  const rtsp = buildDecodeArgs({ ...base, input: 'rtsp://127.0.0.1:8554/C/sub' }).args;
  const at = rtsp.indexOf('-analyzeduration');
  assert.ok(at >= 0 && rtsp[at + 1] === '1000000' && at < rtsp.indexOf('-i'), rtsp.join(' '));
  assert.ok(!buildDecodeArgs({ ...base, input: '/tmp/clip.mp4' }).args.includes('-analyzeduration'));
  const plain = buildDecodeArgs({ ...base, analyzeMs: undefined, input: 'rtsp://127.0.0.1:8554/C/sub' }).args;
  assert.ok(!plain.includes('-analyzeduration'), 'none unless asked');
});

test('a live camera started with quickProbeMs delivers frames at its size', { timeout: 30_000 }, async (t) => {
  await sim.start([{ id: 'QP-1', source: await coverClip() }]);
  const t0 = Date.now();
  const source = new FrameSource({
    cameraId: 'QP-1',
    input: sim.urls('QP-1').sub,
    live: true,
    fps: 2,
    width: 320,
    format: 'yuv420p',
    quickProbeMs: 1000,
  });
  const first = new Promise<Frame>((resolve) => source.once('frame', resolve));
  await source.start();
  const f = await first;
  await source.stop();
  t.diagnostic(`first frame ${Date.now() - t0} ms after start (two probes of ~3.3 s each without the cap)`);
  assert.deepEqual([f.width, f.height], [320, 240]);
});
