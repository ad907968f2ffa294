// The public register counts access requests per month (received, answered fully or in part, refused), each count
// below the threshold published as "< N" like every other count: the register feeds the statistics, never a detail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { statisticsSchema } from '../../src/core/public/register-schemas.js';
import { Client } from '../support/centre.js';
import { body, type Fixture, fixture } from './support.js';

let f: Fixture;
before(async () => {
  f = await fixture({ publicRegister: { rateLimitPerMinute: 10_000 } });
});
after(() => f?.t.stop());

test('received, answered (full and partial) and refused per month; small counts hidden', async () => {
  const create = async (receivedOn: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        (await f.sup.req('POST', '/api/access-requests', body({ reference: `S-${receivedOn}-${i}`, receivedOn }))).json
          .id,
      );
    return ids;
  };
  const november = await create('2026-11-20', 2);
  const december = await create('2026-12-01', 6);
  const step = (id: string, s: Record<string, unknown>) => f.sup.req('POST', `/api/access-requests/${id}/steps`, s);
  // Answered in December: three in full, two in part (a November one among them); one refused.
  for (const id of december.slice(0, 3)) assert.equal((await step(id, { step: 'answer' })).status, 200);
  for (const id of [december[3]!, november[0]!])
    assert.equal((await step(id, { step: 'answer', partial: true, reason: 'one camera overwritten' })).status, 200);
  assert.equal((await step(december[4]!, { step: 'refuse', reason: 'manifestly unfounded' })).status, 200);
  await f.t.centre.services.publicRegister!.refresh();
  const anon = new Client(f.t.base);
  const stats = statisticsSchema.parse((await anon.req('GET', '/public/statistics.json')).json);
  const month = (m: string) => stats.months.find((x) => x.month === m)!.accessRequests;
  assert.deepEqual({ ...month('2026-12'), note: '' }, { received: 6, answered: 5, refused: '< 5', note: '' });
  assert.deepEqual({ ...month('2026-11'), note: '' }, { received: '< 5', answered: '< 5', refused: '< 5', note: '' });
  assert.doesNotMatch(JSON.stringify(stats), /S-2026|sup-nord|red coat/, 'no reference, user or description');
});
