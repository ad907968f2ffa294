// Signed webhooks against real HTTP receivers: delivered and verifiable; a receiver that hangs or answers 500 is
// retried with backoff without delaying the others; a refusing one (4xx) is given up at once; nothing is dropped
// silently (every delivery ends delivered or dead with its reason).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { signature, WebhookDispatcher } from '../../src/core/integrations/webhook-dispatcher.js';
import { MemoryOutbox, type WebhookTarget } from '../../src/core/integrations/webhook-types.js';
import { systemClock } from '../../src/core/ports/clock.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** A receiver whose answer per request number is given by `answer` (a status, or 'hang'). */
async function receiver(answer: (n: number) => number | 'hang') {
  const got: Received[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      got.push({ headers: req.headers, body, at: Date.now() });
      const a = answer(got.length);
      if (a === 'hang') return; // never answers: the dispatcher's timeout must cut it
      res.writeHead(a).end();
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`, got };
}

const target = (id: string, url: string, extra: Partial<WebhookTarget> = {}): WebhookTarget => ({
  id,
  url,
  secret: `secret-${id}`,
  topics: ['events.*', 'alarms.*'],
  timeoutMs: 300,
  maxAttempts: 4,
  ...extra,
});

const until = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('deliveries are signed, retried with backoff, and a hanging or failing receiver delays no one', async () => {
  const ok = await receiver(() => 200);
  const hang = await receiver((n) => (n <= 2 ? 'hang' : 200)); // hangs twice, then recovers
  const flaky = await receiver((n) => (n <= 2 ? 500 : 204)); // two 500s, then accepts
  const refuses = await receiver(() => 400);
  const outbox = new MemoryOutbox();
  const logs: string[] = [];
  const d = new WebhookDispatcher(
    [target('ok', ok.url), target('hang', hang.url), target('flaky', flaky.url), target('refuses', refuses.url)],
    outbox,
    systemClock,
    { backoffMs: 50, maxBackoffMs: 400, pollMs: 25, log: (m) => logs.push(m) },
  );
  const bus = new MemoryBus();
  d.start(bus);
  const t0 = Date.now();
  bus.publish('alarms.changed', { id: 'a1', kind: 'intrusion', state: 'new' });
  await until(() => ok.got.length === 1);
  // The healthy receiver is served at once, not after the hanging one's timeout.
  assert.ok(ok.got[0]!.at - t0 < 250, `ok receiver served after ${ok.got[0]!.at - t0} ms`);
  const r = ok.got[0]!;
  const ts = Number(r.headers['x-vigie-timestamp']);
  assert.equal(r.headers['x-vigie-signature'], signature('secret-ok', ts, r.body));
  assert.deepEqual(JSON.parse(r.body).payload, { id: 'a1', kind: 'intrusion', state: 'new' });
  await until(async () => (await outbox.counts()).pending === 0, 8000);
  const byTarget = Object.fromEntries([...outbox.items.values()].map((x) => [x.targetId, x]));
  assert.equal(byTarget.ok!.state, 'delivered');
  assert.equal(byTarget.hang!.state, 'delivered');
  assert.equal(byTarget.hang!.attempts, 3);
  assert.equal(byTarget.flaky!.state, 'delivered');
  assert.equal(byTarget.flaky!.attempts, 3);
  // Backoff: the flaky receiver's retries are spaced by at least 50 then 100 ms.
  const gaps = flaky.got.slice(1).map((g, i) => g.at - flaky.got[i]!.at);
  assert.ok(gaps[0]! >= 45 && gaps[1]! >= 95, `retry gaps ${gaps.join(', ')} ms`);
  assert.equal(byTarget.refuses!.state, 'dead');
  assert.equal(byTarget.refuses!.attempts, 1);
  assert.equal(byTarget.refuses!.lastError, 'HTTP 400');
  // Same delivery id on every retry: receivers can deduplicate.
  assert.equal(new Set(hang.got.map((g) => g.headers['x-vigie-delivery'])).size, 1);
  assert.ok(logs.some((l) => l.includes('will retry')) && logs.some((l) => l.includes('given up')));
  await d.stop();
});

test('a receiver that never recovers ends dead after maxAttempts, with the reason kept', async () => {
  const down = await receiver(() => 503);
  const outbox = new MemoryOutbox();
  const d = new WebhookDispatcher([target('down', down.url, { maxAttempts: 3 })], outbox, systemClock, {
    backoffMs: 20,
    maxBackoffMs: 50,
    pollMs: 10,
  });
  await d.enqueue('events.fire', { id: 'e1' });
  await until(async () => {
    await d.kick();
    return (await outbox.counts()).dead === 1;
  });
  const [x] = [...outbox.items.values()];
  assert.equal(x!.attempts, 3);
  assert.equal(x!.lastError, 'HTTP 503');
  assert.equal(down.got.length, 3);
});

test('topics filter what a target receives', async () => {
  const fireOnly = await receiver(() => 200);
  const outbox = new MemoryOutbox();
  const d = new WebhookDispatcher([target('f', fireOnly.url, { topics: ['events.fire'] })], outbox, systemClock, {
    backoffMs: 20,
    maxBackoffMs: 50,
    pollMs: 10,
  });
  await d.enqueue('events.intrusion', { id: 1 });
  await d.enqueue('events.fire', { id: 2 });
  await d.kick();
  assert.equal(fireOnly.got.length, 1);
  assert.equal(JSON.parse(fireOnly.got[0]!.body).topic, 'events.fire');
});
