// The deadline's arithmetic and the steps as pure functions: calendar months clamped to the month's end, one
// extension of at most two more months, and each step only from the states that allow it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterStep, newRequest } from '../../src/core/access-requests/lifecycle.js';
import { ACCESS_STATES, type AccessRequest, addMonths, FROM } from '../../src/core/access-requests/schemas.js';
import { DomainError } from '../../src/core/errors.js';

test('one calendar month, clamped to the last day of a shorter month, across years and leap years', () => {
  assert.equal(addMonths('2026-12-04', 1), '2027-01-04');
  assert.equal(addMonths('2027-01-31', 1), '2027-02-28');
  assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
  assert.equal(addMonths('2026-03-31', 1), '2026-04-30');
  assert.equal(addMonths('2026-12-31', 2), '2027-02-28');
  assert.equal(addMonths('2026-05-15', 3), '2026-08-15');
});

const AT = '2026-12-04T10:00:00.000Z';
const o = { by: 'sup', at: AT, today: '2026-12-04' };
const request = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  ...newRequest(
    {
      reference: 'DPO-1',
      receivedOn: '2026-12-04',
      cameraIds: ['A', 'A', 'B'],
      from: '2026-12-03T10:00:00+01:00',
      to: '2026-12-03T11:00:00+01:00',
      description: 'red coat',
    },
    'sup',
    AT,
  ),
  ...over,
});

test('a new request: due in a month, cameras once each, instants in UTC, its creation in the history', () => {
  const r = request();
  assert.deepEqual(
    [r.dueOn, r.state, r.cameraIds, r.from],
    ['2027-01-04', 'received', ['A', 'B'], '2026-12-03T09:00:00.000Z'],
  );
  assert.deepEqual(r.history, [{ at: AT, by: 'sup', step: 'create' }]);
});

test('each step only from the states that allow it: 409 otherwise', () => {
  for (const [step, from] of Object.entries(FROM))
    for (const state of ACCESS_STATES) {
      const out = afterStep(
        request({ state }),
        { step: step as keyof typeof FROM, reason: 'because of this', dueOn: '2027-02-01' },
        o,
      );
      if (from.includes(state)) assert.ok(!(out instanceof DomainError), `${step} from ${state}`);
      else assert.equal((out as DomainError).status, 409, `${step} from ${state}`);
    }
});

test('an extension: after the deadline, at most two more months, once, with its reason', () => {
  const r = request();
  const ext = (dueOn: string, reason?: string) => afterStep(r, { step: 'extend', dueOn, ...(reason && { reason }) }, o);
  assert.equal((ext('2027-03-05', 'many cameras') as DomainError).status, 400, 'past two more months');
  assert.equal((ext('2027-01-04', 'many cameras') as DomainError).status, 400, 'not after the deadline');
  assert.equal((ext('2027-02-01') as DomainError).status, 400, 'without a reason');
  const ok = ext('2027-03-04', 'many cameras') as AccessRequest;
  assert.deepEqual(ok.extension, { dueOn: '2027-03-04', reason: 'many cameras' });
  assert.equal((afterStep(ok, { step: 'extend', dueOn: '2027-03-01', reason: 'again' }, o) as DomainError).status, 409);
});
