// Anonymised copies, bad input and who may do what: a clear 4xx naming the problem, nothing produced, the attempt
// journaled (access_request.refused) — a camera outside the supervisor's sectors (404), a camera the request does
// not name, a copy before the requester is picked, a click where no one is tracked, a window whose footage has
// passed the camera's retention since the request was registered, copies named in an answer that are not the
// request's, and any copy work once the request is answered.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeSegments, placeSegment } from '../recordings/helpers.js';
import { body, type Fixture, fixture, journal, later, NOW } from './support.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
let f: Fixture;
let files: string[] = [];
const WIN = NOW - 20 * 3_600_000;
const OLD = NOW - 9.5 * DAY;

before(async () => {
  f = await fixture();
  files = makeSegments(1);
  const root = join(f.t.dataDir, 'recordings');
  await placeSegment(f.t.centre.services.store, root, 'NOR-1', WIN, files[0]!);
  await placeSegment(f.t.centre.services.store, root, 'NOR-10D', OLD, files[0]!);
});
after(async () => {
  await f?.t.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

// Two seconds of the 10 s segment: each follow pass decodes and detects every picture of its window (the suite's time).
const window = { from: iso(WIN + 4_000), to: iso(WIN + 6_000) };

async function request(over: Record<string, unknown> = {}) {
  const r = await f.sup.req('POST', '/api/access-requests', body({ ...window, ...over }));
  assert.equal(r.status, 201, r.text);
  return r.json.id as string;
}

const copiesDir = () => join(f.t.dataDir, 'access-copies');
const mp4s = () =>
  existsSync(copiesDir())
    ? readdirSync(copiesDir(), { recursive: true }).filter((n) => String(n).endsWith('.mp4')).length
    : 0;

async function refused(
  what: string,
  call: () => Promise<{ status: number; text: string }>,
  status: number,
  why: RegExp,
) {
  const before = (await journal(f.t, 'access_request.refused')).length;
  const files = mp4s();
  const r = await call();
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.match(r.text, why, what);
  const after = await journal(f.t, 'access_request.refused');
  assert.equal(after.length, before + 1, `${what}: journaled`);
  assert.match(JSON.stringify(after[0]!.details), why);
  assert.equal(mp4s(), files, `${what}: nothing produced`);
}

test('copy work shares the exports’ limits: past clips.exportsPerUser (2) a 429 naming it', async () => {
  const ids = [await request(), await request(), await request()];
  const at = encodeURIComponent(iso(WIN + 5_000));
  const look = (id: string) => f.sup.req('GET', `/api/access-requests/${id}/tracks?cameraId=NOR-1&at=${at}`);
  // Two looks at one window share its follow pass; three windows at once need three passes: the third is refused.
  const same = await Promise.all([look(ids[0]!), look(ids[0]!)]);
  assert.deepEqual(
    same.map((a) => a.status),
    [200, 200],
  );
  const answers = await Promise.all(ids.map(look));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200], 'the first window is followed already');
  const fresh = [await request(), await request(), await request()];
  const three = await Promise.all(fresh.map(look));
  assert.deepEqual(three.map((a) => a.status).sort(), [200, 200, 429], three.map((a) => a.text).join(' | '));
  assert.match(three.find((a) => a.status === 429)!.text, /too many exports at once: at most 2 per user/);
});

test('copies: refusals are clear, journaled, and produce nothing', async () => {
  const id = await request();
  const at = iso(WIN + 5_000);
  await refused(
    'a supervisor of another sector',
    () => f.supSud.req('POST', `/api/access-requests/${id}/copies`, { cameraId: 'NOR-1' }),
    404,
    /not found/,
  );
  await refused(
    'a camera the request does not name',
    () => f.sup.req('POST', `/api/access-requests/${id}/picks`, { cameraId: 'NOR-10D', at, point: [0.5, 0.5] }),
    400,
    /NOR-10D is not one of this request's/,
  );
  const long = await request({ from: iso(WIN - 3 * 3_600_000), to: iso(WIN + 10_000) });
  await refused(
    'a window longer than a copy follows',
    () => f.sup.req('POST', `/api/access-requests/${long}/copies`, { cameraId: 'NOR-1' }),
    400,
    /spans 3\.0 h: an anonymised copy follows at most 1 h per camera/,
  );
  await refused(
    'a copy before the requester is picked',
    () => f.sup.req('POST', `/api/access-requests/${id}/copies`, { cameraId: 'NOR-1' }),
    409,
    /pick the requester on camera NOR-1 first/,
  );
  // The test footage (a test pattern) has no one in it: the follow pass runs and finds no track there.
  await refused(
    'a click where no one is tracked',
    () => f.sup.req('POST', `/api/access-requests/${id}/picks`, { cameraId: 'NOR-1', at, point: [0.5, 0.5] }),
    422,
    /no tracked person there/,
  );
  await refused(
    'a click outside the window',
    () => f.sup.req('POST', `/api/access-requests/${id}/picks`, { cameraId: 'NOR-1', at: iso(NOW), point: [0.5, 0.5] }),
    400,
    /outside the request's window/,
  );
  await refused(
    'an answer naming a copy that is not the request’s',
    () =>
      f.sup.req('POST', `/api/access-requests/${id}/steps`, {
        step: 'answer',
        copyIds: ['00000000-0000-4000-8000-000000000000'],
      }),
    400,
    /copyIds: 00000000-0000-4000-8000-000000000000 is not a copy made for this request/,
  );
  assert.equal((await f.sup.req('GET', `/api/access-requests/${id}`)).json.state, 'received', 'the answer was refused');
  const shown = await f.sup.req('GET', `/api/access-requests/${id}/tracks?cameraId=NOR-1&at=${encodeURIComponent(at)}`);
  assert.equal(shown.status, 200, shown.text);
  assert.deepEqual(shown.json.tracks, []);
  assert.equal((await f.op.req('POST', `/api/access-requests/${id}/copies`, { cameraId: 'NOR-1' })).status, 403);
  assert.equal((await f.aud.req('POST', `/api/access-requests/${id}/copies`, { cameraId: 'NOR-1' })).status, 403);
  assert.equal((await f.aud.req('GET', `/api/access-requests/${id}/copies`)).status, 200, 'auditors read');
  // Answered: the register is closed to new copy work.
  assert.equal((await f.sup.req('POST', `/api/access-requests/${id}/steps`, { step: 'answer' })).status, 200);
  await refused(
    'a copy once answered',
    () => f.sup.req('POST', `/api/access-requests/${id}/copies`, { cameraId: 'NOR-1' }),
    409,
    /the request is answered: no more copies/,
  );
});

test('copies: a window that has passed the camera’s retention since the request is refused, nothing produced', async () => {
  const id = await request({ cameraIds: ['NOR-10D'], from: iso(OLD), to: iso(OLD + 10_000) });
  await later(f, 1 * DAY);
  await refused(
    'the footage has aged out (10 days)',
    () => f.sup.req('POST', `/api/access-requests/${id}/copies`, { cameraId: 'NOR-10D' }),
    400,
    /NOR-10D keeps 10 days of footage: the window starts before/,
  );
  await later(f, -1 * DAY);
});
