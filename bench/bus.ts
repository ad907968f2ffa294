// Bus throughput and latency (issue 23): publish → delivery, memory vs NATS JetStream in one run, both through the
// port the centre uses. Fan-out: a subscriber on a second connection; work once: a group of two members on two
// connections, acked after the handler. Sequential publishes give the latency (each awaits JetStream's PubAck);
// 256 publishes in flight give the throughput.
// Run: npx tsx bench/bus.ts   (NATS at VIGIE_TEST_NATS_URL or nats://127.0.0.1:4222)
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Bus } from '../src/core/ports/bus.js';
import { type BusFactory, memoryBusFactory, natsBusFactory, until } from '../test/support/buses.js';
import { fmt, machine } from './lib.js';

const WINDOW = 256;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

type Listen = (bus: Bus, onMsg: (p: { t: number }) => void) => Promise<() => unknown>;
const fanOut: Listen = async (bus, on) => bus.subscribe('bench.fan', (p) => on(p as { t: number }));
const workOnce: Listen = (bus, on) => bus.consume('bench.work', 'bench', async (p) => on(p as { t: number }));

async function run(factory: BusFactory, kind: string, listen: Listen, topic: string, N: number) {
  const cluster = await factory.open();
  const [a, b, c] = [await cluster.node(), await cluster.node(), await cluster.node()];
  const lat: number[] = [];
  let got = 0;
  const on = (p: { t: number }) => {
    lat.push(performance.now() - p.t);
    got++;
  };
  const stops = [await listen(b.bus, on), ...(kind === 'work once' ? [await listen(c.bus, on)] : [])];
  await Promise.all([b.ready(), c.ready()]);
  for (let i = 0; i < N; i++) await a.bus.publish(topic, { t: performance.now() });
  await until(() => got === N, `${N} deliveries`, 60_000);
  const seq = { p50: pct(lat, 0.5), p95: pct(lat, 0.95) };
  lat.length = 0;
  got = 0;
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < N; i++) {
    const p = a.bus.publish(topic, { t: performance.now() }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await until(() => got === N, `${N} deliveries`, 60_000);
  const rate = N / ((performance.now() - t0) / 1000);
  for (const stop of stops) await stop();
  await cluster.close();
  return `| ${factory.name} | ${kind} | ${fmt(seq.p50, 2)} | ${fmt(seq.p95, 2)} | ${fmt(rate, 0)} | ${fmt(pct(lat, 0.95), 1)} |`;
}

/** The table: memory and NATS, fan-out and work once, `n` messages a row. */
export async function busRows(n: number): Promise<string[]> {
  const rows: string[] = [];
  for (const f of [memoryBusFactory, natsBusFactory]) {
    const why = await f.unavailable();
    if (why) {
      rows.push(`| ${f.name} | skipped: ${why} | | | | |`);
      continue;
    }
    rows.push(await run(f, 'fan-out', fanOut, 'bench.fan', n));
    rows.push(await run(f, 'work once', workOnce, 'bench.work', n));
  }
  return [
    `Bus: ${n} messages per row, ${machine()}`,
    '',
    '| bus | delivery | p50 ms (one at a time) | p95 ms | msg/s (256 in flight) | p95 ms under load |',
    '|-----|----------|------|------|------|------|',
    ...rows,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log((await busRows(Number(process.env.BUS_BENCH_N ?? 2000))).join('\n'));
}
