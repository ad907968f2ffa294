import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { LiveRelay } from '../../src/media/live/relay.js';
import { liveArgs, redact, withCredentials } from '../../src/media/live/upstream.js';
import { startMini } from './support/cameras.js';
import { RecordingViewer, until } from './support/viewer.js';

let cams: Awaited<ReturnType<typeof startMini>>;
before(async () => {
  cams = await startMini(1, { width: 320, height: 180 });
});
after(() => cams.stop());

const relays: LiveRelay[] = [];
afterEach(() => Promise.all(relays.splice(0).map((r) => r.stop())));
function relay(opts: Partial<ConstructorParameters<typeof LiveRelay>[0]> = {}) {
  const r = new LiveRelay({ url: () => cams.url(0), idleStopMs: 300, backoffMs: { min: 200, max: 400 }, ...opts });
  relays.push(r);
  return r;
}

const keyframes = (v: RecordingViewer) => v.parts().flatMap((p) => (p.kind === 'fragment' ? [p.keyframe] : []));

test('one upstream however many viewers; late viewers start at once, on a keyframe, and decode cleanly', async () => {
  const r = relay();
  const first = new RecordingViewer();
  r.add(first);
  await until('first fragments', () => first.fragments >= 30);
  assert.match(first.events[0]!, /^init:avc1\.42c0[0-9a-f]{2}$/, 'constrained baseline, as x264 ultrafast writes it');
  assert.equal(keyframes(first)[0], true, 'the first fragment a viewer gets is a keyframe');

  const late = [new RecordingViewer(), new RecordingViewer()];
  for (const v of late) {
    r.add(v);
    // The init segment and the GOP so far are handed over synchronously: no wait for the next keyframe.
    assert.equal(v.inits, 1);
    assert.ok(v.fragments >= 1, 'the current GOP is replayed to a new viewer');
    assert.equal(keyframes(v)[0], true);
    assert.deepEqual(v.statuses, ['live']);
  }
  await until('late viewers get live fragments', () => late.every((v) => v.fragments >= 30));
  assert.equal(r.stats.starts, 1, 'one ffmpeg for all viewers');
  assert.equal(cams.server.players('cam1'), 1, 'one RTSP session at the camera');
  for (const v of [first, ...late]) assert.equal(v.decodeErrors(), '', 'joined mid-GOP and still decodes');
});

test('a slow viewer is dropped without holding back the others', async () => {
  const r = relay();
  const slow = new RecordingViewer();
  const fast = new RecordingViewer();
  r.add(slow);
  r.add(fast);
  await until('fragments', () => fast.fragments >= 5);
  slow.queued = 100 * 1024 * 1024;
  await until('slow viewer dropped', () => slow.dropped !== undefined);
  assert.match(slow.dropped!, /too slow/);
  const at = fast.fragments;
  const slowAt = slow.fragments;
  await until('fast viewer continues', () => fast.fragments >= at + 10);
  assert.equal(slow.fragments, slowAt, 'nothing more is sent to a dropped viewer');
  assert.equal(r.viewerCount, 1);
  assert.equal(r.stats.dropped, 1);
});

test('the upstream stops a while after the last viewer leaves, and starts again for the next one', async () => {
  const r = relay();
  const a = new RecordingViewer();
  const leave = r.add(a);
  await until('fragments', () => a.fragments >= 3);
  leave();
  await new Promise((res) => setTimeout(res, 100));
  assert.ok(r.running, 'kept during the idle grace');
  await until('upstream stopped', () => !r.running && cams.server.players('cam1') === 0, 3000);
  const b = new RecordingViewer();
  r.add(b);
  await until('fragments again', () => b.fragments >= 3);
  assert.equal(r.stats.starts, 2);
  assert.equal(keyframes(b)[0], true);
});

test('a camera that drops is reconnected with backoff; viewers stay and resume', async () => {
  const r = relay();
  const v = new RecordingViewer();
  r.add(v);
  await until('fragments', () => v.fragments >= 3);
  await cams.down(0);
  try {
    await until('reconnecting', () => v.statuses.includes('reconnecting'));
    await until('retries while down', () => r.stats.starts >= 3);
    assert.match(r.stats.lastError, /404|exited/, 'the camera refused');
  } finally {
    await cams.up(0);
  }
  const at = v.fragments;
  await until('resumed', () => v.fragments >= at + 10, 8000);
  assert.equal(v.statuses.at(-1), 'live');
  assert.ok(v.inits >= 2, 'a new init segment after the restart');
  assert.equal(v.dropped, undefined);
});

test('a stalled camera (session open, no frames) is restarted by the watchdog', async () => {
  const r = relay({ stallMs: 1000 });
  const v = new RecordingViewer();
  r.add(v);
  await until('fragments', () => v.fragments >= 3);
  cams.server.freeze('cam1');
  try {
    await until('restarted', () => r.stats.starts >= 2, 5000);
  } finally {
    cams.server.freeze('cam1', false);
  }
  const at = v.fragments;
  await until('resumed', () => v.fragments >= at + 5, 8000);
});

test('credentials go into the URL for ffmpeg only and are redacted from anything logged', () => {
  const url = withCredentials('rtsp://10.0.0.5:554/stream1', { username: 'admin', password: 'p@ss:w/rd' });
  assert.equal(url, 'rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.5:554/stream1');
  assert.equal(withCredentials('rtsp://10.0.0.5/s'), 'rtsp://10.0.0.5/s');
  const msg = `[rtsp @ 0x1] ${url}: 401 Unauthorized; tcp://a:b@host:1 failed`;
  assert.equal(redact(msg), '[rtsp @ 0x1] rtsp://***@10.0.0.5:554/stream1: 401 Unauthorized; tcp://***@host:1 failed');
  const { args } = liveArgs('rtsp://10.0.0.5:554/stream1');
  assert.deepEqual(args.slice(args.indexOf('-c'), args.indexOf('-c') + 2), ['-c', 'copy'], 'never transcodes');
  assert.equal(args[args.indexOf('-rtsp_transport') + 1], 'tcp');
  assert.match(args[args.indexOf('-movflags') + 1]!, /empty_moov.*frag_every_frame/);
  // With credentials the URL leaves the command line (ps shows it to every local user): it goes in a script on fd 3.
  const secret = liveArgs(url);
  assert.ok(!secret.args.join(' ').includes('p%40ss'), secret.args.join(' '));
  assert.deepEqual(secret.args.slice(secret.args.indexOf('-i'), secret.args.indexOf('-i') + 2), ['-i', 'pipe:3']);
  assert.match(
    secret.script!,
    /^ffconcat version 1\.0\nfile 'rtsp:\/\/admin:p%40ss%3Aw%2Frd@10\.0\.0\.5:554\/stream1'\n/,
  );
  assert.match(secret.script!, /\noption rtsp_transport 'tcp'\n/);
  assert.match(secret.script!, /\noption probesize '32'\n/, 'the nested demuxer probes fast too');
});
