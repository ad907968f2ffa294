// The lifecycle of a right-of-access request over HTTP: deadline one calendar month after receipt with a countdown
// in the centre's days, an extension of at most two more months with its reason, each step journaled, impossible
// steps a clear 409, partial answers and refusals with their reason.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { body, type Fixture, fixture, journal, later } from './support.js';

let f: Fixture;
before(async () => {
  f = await fixture();
});
after(() => f?.t.stop());

const DAY = 86_400_000;

test('received → in progress → answered → closed: deadline, countdown, history, journal', async () => {
  const c = await f.sup.req('POST', '/api/access-requests', body());
  assert.equal(c.status, 201, c.text);
  const r = c.json;
  assert.equal(r.state, 'received');
  assert.equal(r.dueOn, '2027-01-04', 'one calendar month after 2026-12-04');
  assert.equal(r.daysLeft, 31);
  assert.equal(r.overdue, false);
  assert.equal(r.createdBy, 'sup-nord');
  assert.equal('name' in r, false, 'no name field: the reference only');
  const step = (s: Record<string, unknown>, who = f.sup) => who.req('POST', `/api/access-requests/${r.id}/steps`, s);
  assert.equal((await step({ step: 'start' })).json.state, 'in_progress');
  await later(f, 10 * DAY);
  const answered = await step({ step: 'answer', reason: 'copy handed over on a USB key' });
  assert.equal(answered.status, 200, answered.text);
  assert.equal(answered.json.state, 'answered');
  assert.equal(answered.json.outcomeOn, '2026-12-14');
  assert.equal(answered.json.daysLeft, 21);
  const closed = await step({ step: 'close' }, f.admin);
  assert.equal(closed.json.state, 'closed');
  assert.deepEqual(
    closed.json.history.map((h: { step: string; by: string }) => `${h.step}:${h.by}`),
    ['create:sup-nord', 'start:sup-nord', 'answer:sup-nord', 'close:admin'],
  );
  for (const a of ['create', 'start', 'answer', 'close'])
    assert.ok(
      (await journal(f.t, `access_request.${a}`)).some((e) => e.target === r.id),
      `access_request.${a} journaled`,
    );
  // An impossible step: 409 saying why, nothing changed.
  const again = await step({ step: 'start' });
  assert.equal(again.status, 409);
  assert.match(again.json.message, /cannot start a request that is closed/);
  assert.equal((await f.sup.req('GET', `/api/access-requests/${r.id}`)).json.state, 'closed');
});

test('the deadline: overdue past it, an extension of at most two more months with its reason', async () => {
  const r = (await f.admin.req('POST', '/api/access-requests', body({ receivedOn: '2026-11-30' }))).json;
  assert.equal(r.dueOn, '2026-12-30');
  const step = (s: Record<string, unknown>) => f.admin.req('POST', `/api/access-requests/${r.id}/steps`, s);
  assert.equal((await step({ step: 'extend', dueOn: '2027-03-01', reason: 'many cameras' })).status, 400);
  assert.match((await step({ step: 'extend', dueOn: '2027-02-10' })).json.message, /reason/);
  const ext = await step({ step: 'extend', dueOn: '2027-02-28', reason: 'forty hours of footage over six cameras' });
  assert.equal(ext.status, 200, ext.text);
  assert.deepEqual(ext.json.extension, { dueOn: '2027-02-28', reason: 'forty hours of footage over six cameras' });
  const twice = await step({ step: 'extend', dueOn: '2027-02-20', reason: 'once more' });
  assert.equal(twice.status, 409);
  await later(f, 90 * DAY);
  const late = (await f.admin.req('GET', `/api/access-requests/${r.id}`)).json;
  assert.equal(late.overdue, true);
  assert.ok(late.daysLeft < 0);
  const overdueList = await f.admin.req('GET', '/api/access-requests?state=received');
  assert.ok(overdueList.json.some((x: { id: string; overdue: boolean }) => x.id === r.id && x.overdue));
  await later(f, -100 * DAY);
});

test('partial answers and refusals need their reason; the month-end deadline is clamped', async () => {
  const r = (await f.sup.req('POST', '/api/access-requests', body({ receivedOn: '2026-10-31' }))).json;
  assert.equal(r.dueOn, '2026-11-30', '31 October + one month');
  const step = (s: Record<string, unknown>) => f.sup.req('POST', `/api/access-requests/${r.id}/steps`, s);
  const noReason = await step({ step: 'answer', partial: true });
  assert.equal(noReason.status, 400);
  assert.match(noReason.json.message, /partially answered needs its reason/);
  assert.equal((await step({ step: 'refuse' })).status, 400);
  const partial = await step({ step: 'answer', partial: true, reason: 'another camera had overwritten it' });
  assert.equal(partial.json.state, 'partially_answered');
  assert.equal(partial.json.outcomeReason, 'another camera had overwritten it');
  const r2 = (await f.sup.req('POST', '/api/access-requests', body({ reference: 'DPO-2026-042' }))).json;
  const refused = await f.sup.req('POST', `/api/access-requests/${r2.id}/steps`, {
    step: 'refuse',
    reason: 'manifestly unfounded: the requester was not in the area',
  });
  assert.equal(refused.json.state, 'refused');
  assert.equal(refused.json.outcome, 'refused');
  assert.equal((await f.sup.req('POST', `/api/access-requests/${r2.id}/steps`, { step: 'answer' })).status, 409);
});
