// Camera passwords never reach a process's command line (ps, /proc/PID/cmdline show it to every local user): the
// recording, live and analytics ffmpeg (and ffprobe) read a URL with credentials from a pipe; logs and errors redact it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { FrameSource } from '../../src/media/decode/frame-source.js';
import { probeVideo } from '../../src/media/ffmpeg/probe.js';
import { withCredentials } from '../../src/media/live/upstream.js';
import { startMini } from '../live/support/cameras.js';
import { addCameras, type LiveSocket, openLive } from '../live/support/live-centre.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, pred: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// A quote and an @: the URL and the ffconcat script both need escaping right, or the camera refuses the login.
const SECRET = { username: 'rec', password: `it's@S3cret-${randomBytes(6).toString('hex')}` };
const ENCODED = encodeURIComponent(SECRET.password).replace(/%27/g, "'");

let cam: Awaited<ReturnType<typeof startMini>>;
let t: TestCentre;
let admin: Client;
const sockets: LiveSocket[] = [];

/** Every process below this one, with its command line (Linux /proc). */
function descendants(): { pid: number; cmdline: string }[] {
  const parent = new Map<number, number>();
  const cmd = new Map<number, string>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // gone meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...cmd].filter(([pid]) => below(pid)).map(([pid, cmdline]) => ({ pid, cmdline }));
}

/** Every process on the machine whose command line holds the password, in clear or URL-encoded. */
function leaking(): string[] {
  const out: string[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const c = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (c.includes(SECRET.password) || c.includes(ENCODED)) out.push(`${d}: ${c.replaceAll('\0', ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

before(async () => {
  cam = await startMini(1, { width: 320, height: 180, auth: SECRET });
  t = await startCentre({
    config: {
      recordings: { segmentSeconds: 2 },
      ingest: { stallSeconds: 8, backoffInitialMs: 300, backoffMaxMs: 1000, staggerMs: 100 },
    },
  });
  await addCameras(t, [{ id: 'LOCKED', name: 'Locked', sectorId: 'nord', url: cam.url(0), credentials: SECRET }]);
  admin = await t.user('admin', 'admin');
  await t.centre.start();
});
after(async () => {
  for (const s of sockets) s.ws.terminate();
  await t?.stop();
  await cam?.stop();
});

test('recording and live view of a camera with a password: no process shows the password', {
  timeout: 60_000,
}, async () => {
  const store = t.centre.services.store;
  const segs = () => store.segments.range('LOCKED', 0, Number.MAX_SAFE_INTEGER);
  await until('two recorded segments', async () => (await segs()).length >= 2, 30_000);
  const live = await openLive(admin, 'LOCKED');
  sockets.push(live);
  await until('live fragments', () => live.binaries.length >= 5, 20_000);
  // Both ffmpeg run now, each reading its input (the camera URL, password included) from fd 3.
  const ffmpegs = descendants().filter((p) => /ffmpeg/.test(p.cmdline) && p.cmdline.includes('pipe:3'));
  assert.ok(ffmpegs.length >= 2, `recording and live ffmpeg found: ${JSON.stringify(ffmpegs)}`);
  assert.ok(
    ffmpegs.some((p) => p.cmdline.includes('-segment_list')),
    'the recorder is one of them',
  );
  assert.ok(
    ffmpegs.some((p) => p.cmdline.includes('frag_every_frame')),
    'the live relay is one of them',
  );
  assert.deepEqual(leaking(), []);
  const health = (await admin.req('GET', '/api/cameras/LOCKED/health')).json;
  assert.equal(health.state, 'online');
});

test('a wrong password: the camera stays offline, its error says why, and shows neither password', {
  timeout: 30_000,
}, async () => {
  const r = await admin.req('PATCH', '/api/cameras/LOCKED', {
    credentials: { username: 'rec', password: `${SECRET.password}-wrong` },
  });
  assert.equal(r.status, 200, r.text);
  let h: { state: string; lastError: string | null } = { state: '', lastError: null };
  await until(
    'offline with a reason',
    async () => {
      h = (await admin.req('GET', '/api/cameras/LOCKED/health')).json;
      return h.state === 'offline' && !!h.lastError;
    },
    20_000,
  );
  assert.match(h.lastError!, /401|Unauthorized|denied|camera stream/i, h.lastError!);
  assert.ok(!h.lastError!.includes('S3cret'), h.lastError!);
  assert.deepEqual(leaking(), []);
  const events = await t.centre.services.store.events.search({ cameraIds: ['LOCKED'], limit: 50 });
  assert.ok(!JSON.stringify(events).includes('S3cret'), 'stored events redact too');
});

test('analytics decoding and probing read a URL with credentials from a pipe, and errors redact it', {
  timeout: 30_000,
}, async () => {
  const url = withCredentials(cam.url(0), SECRET);
  const probed = await probeVideo(url);
  assert.equal(probed.codecName, 'h264');
  assert.equal(probed.width, 320);
  const src = new FrameSource({ cameraId: 'LOCKED', input: url, width: 160, fps: 5 });
  let frames = 0;
  let seen: string[] = [];
  src.on('frame', () => {
    if (++frames === 3) seen = leaking();
  });
  await src.start();
  try {
    await until('decoded frames', () => frames >= 3, 20_000);
  } finally {
    await src.stop();
  }
  assert.deepEqual(seen, []);
  const wrong = withCredentials(cam.url(0), { username: 'rec', password: 'Wrong-S3cret' });
  const err = await probeVideo(wrong).then(
    () => undefined,
    (e: Error) => e.message,
  );
  assert.ok(err, 'a refused login fails the probe');
  assert.ok(!err.includes('Wrong-S3cret'), err);
});
