import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { CameraReconciler, type CameraWork } from '../../src/app/camera-reconciler.js';
import { FLEET_CHANGED } from '../../src/core/ports/bus.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until `ok()` holds (polling), or fails with `what` after `ms`: a loaded machine is slow, never wrong. */
async function until(ok: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await sleep(20);
  }
}

/** A fleet in memory: what is wanted, what runs, and cameras whose start fails or hangs a while. */
function world() {
  const wanted = new Map<string, { url: string; rules: number }>();
  const running = new Map<string, { url: string; rules: number }>();
  const log: string[] = [];
  const failing = new Set<string>();
  const slow = new Map<string, number>();
  const work: CameraWork<{ url: string; rules: number }> = {
    wanted: async () => new Map(wanted),
    async start(id, w) {
      log.push(`start ${id}`);
      await sleep(slow.get(id) ?? 0);
      if (failing.has(id)) throw new Error(`${id}: cannot open`);
      running.set(id, w);
    },
    async stop(id) {
      log.push(`stop ${id}`);
      running.delete(id);
    },
    async update(id, from, to) {
      if (from.url !== to.url) return false;
      log.push(`update ${id}`);
      running.set(id, to);
      return true;
    },
  };
  return { wanted, running, log, failing, slow, work };
}

test('changes pushed on the bus apply at once; the safety pass is only a net', async () => {
  const w = world();
  const bus = new MemoryBus();
  const r = new CameraReconciler('t', w.work, log, { bus, topics: [FLEET_CHANGED], safetyMs: 3_600_000 });
  await r.start();
  assert.equal(w.running.size, 0);
  w.wanted.set('A', { url: 'a', rules: 1 });
  bus.publish(FLEET_CHANGED, { cameraId: 'A' });
  await r.poke(); // waits for the pass the publish queued (no second pass: they coalesce)
  assert.deepEqual([...w.running.keys()], ['A']);
  w.wanted.set('A', { url: 'a', rules: 2 });
  bus.publish(FLEET_CHANGED, {});
  await r.poke();
  assert.deepEqual(w.log, ['start A', 'update A'], 'same stream: updated in place, not restarted');
  w.wanted.set('A', { url: 'a2', rules: 2 });
  bus.publish(FLEET_CHANGED, {});
  await r.poke();
  assert.deepEqual(w.log.slice(2), ['stop A', 'start A'], 'a new stream: restarted');
  w.wanted.clear();
  bus.publish(FLEET_CHANGED, {});
  await r.poke();
  assert.equal(w.running.size, 0);
  await r.stop();
});

test('a camera whose start fails (or hangs) does not hold the others; it is retried with backoff', async () => {
  const w = world();
  for (const id of ['A', 'B', 'C']) w.wanted.set(id, { url: id, rules: 0 });
  w.failing.add('B');
  // B's start takes 300 ms: long enough to see A and C running while it is still trying.
  w.slow.set('B', 300);
  const r = new CameraReconciler('t', w.work, log, { backoffInitialMs: 200, backoffMaxMs: 1_000 });
  try {
    const t0 = Date.now();
    const started = r.start();
    await until(() => w.running.has('A') && w.running.has('C'), 'A and C running');
    assert.ok(!r.state('B') || r.state('B')!.state !== 'running', 'A and C run while B is still failing to start');
    await started;
    const b = r.state('B')!;
    assert.equal(b.state, 'failed');
    assert.match(b.error!, /cannot open/);
    assert.ok(b.attempts >= 1);
    assert.ok(b.retryAt! >= t0 + 200);
    assert.equal(r.state('A')!.state, 'running');
    // The retry (after 200 ms) fails again: the attempts count, and the next wait doubles.
    await until(() => r.state('B')!.attempts >= 2, 'a second attempt');
    w.failing.delete('B');
    await until(() => r.state('B')!.state === 'running', 'retried until it starts');
    assert.equal(r.state('B')!.attempts, 0);
  } finally {
    await r.stop();
  }
  assert.equal(w.running.size, 0, 'stop stops every camera');
});

test('a failed camera whose wanted state changes is tried again at once', async () => {
  const w = world();
  w.wanted.set('A', { url: 'bad', rules: 0 });
  w.failing.add('A');
  const r = new CameraReconciler('t', w.work, log, { backoffInitialMs: 60_000 });
  await r.start();
  assert.equal(r.state('A')!.state, 'failed');
  w.failing.delete('A');
  w.wanted.set('A', { url: 'good', rules: 0 });
  await r.poke();
  assert.equal(r.state('A')!.state, 'running', 'no wait for the 60 s backoff: the fix is applied now');
  await r.stop();
});

test('a retry timer that fires before retryAt by the wall clock (a loaded host) schedules itself again', async () => {
  const w = world();
  w.wanted.set('B', { url: 'b', rules: 0 });
  w.failing.add('B');
  const r = new CameraReconciler('t', w.work, log, { backoffInitialMs: 100, backoffMaxMs: 100, safetyMs: 3_600_000 });
  const realNow = Date.now;
  try {
    await r.start();
    assert.equal(r.state('B')!.state, 'failed');
    w.failing.delete('B');
    // The wall clock reads 80 ms behind while the 100 ms retry timer fires: B is "not due yet" at that moment.
    Date.now = () => realNow() - 80;
    await sleep(150);
    Date.now = realNow;
    await until(() => r.state('B')?.state === 'running', 'B retried once really due', 2_000);
  } finally {
    Date.now = realNow;
    await r.stop();
  }
});
