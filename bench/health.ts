// Availability report over 230 cameras × 3 years of generated state changes (issue 24): the report the API serves
// (store read + union of offline/tampered intervals per camera + local months), against the plain SQL aggregate
// (SUM of clipped interval lengths per camera, overlaps counted twice) in the same run. Goal: ≤ 1 s.
// Run: npx tsx bench/health.ts [--pg]  (the SQLite database is built once in /tmp and reused)
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openStore } from '../src/adapters/store/open-store.js';
import { AvailabilityService, type HealthCamera } from '../src/core/health/availability.js';
import { periods } from '../src/core/health/calendar.js';
import { type HealthInterval, UNAVAILABLE_STATES } from '../src/core/ports/health.js';
import type { Store } from '../src/core/ports/store.js';
import { freshPostgres } from '../test/support/stores.js';
import { fmt, machine, timeIt } from './lib.js';

const CAMERAS = 230;
const SECTORS = 12;
const TZ = 'Europe/Paris';
const FROM = '2023-12-01';
const TO = '2026-11-30';
const START = Date.parse('2023-11-30T23:00:00Z');
const END = Date.parse('2026-11-30T23:00:00Z');
const NOW = END + 3_600_000;
const DIR = join(tmpdir(), 'vigie-bench-health-v1');
const cam = (i: number) => `cam-${String(i).padStart(3, '0')}`;
const cameras: HealthCamera[] = Array.from({ length: CAMERAS }, (_, i) => ({
  id: cam(i),
  name: `Camera ${i}`,
  sectorId: `sector-${i % SECTORS}`,
  createdAt: new Date(START).toISOString(),
}));

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Per camera and day, on average: 0.5 outage (30 s to ~6 h, exponential, mean 40 min), 0.05 tamper (mean 2 h, a
 * third of them overlapping an outage) and 0.2 degraded stretch; the last one may still be open.
 */
function* generate(): Generator<HealthInterval> {
  const r = rng(24);
  const exp = (mean: number) => -Math.log(1 - r()) * mean;
  let n = 0;
  for (const c of cameras) {
    for (const [state, perDay, meanMs, details] of [
      ['offline', 0.5, 40 * 60_000, ['Connection refused', 'No route to host', 'stall']],
      ['tampered', 0.05, 2 * 3_600_000, ['covered', 'moved', 'defocused', 'blinded']],
      ['degraded', 0.2, 20 * 60_000, ['fps', 'bitrate']],
    ] as const) {
      let t = START + exp(86_400_000 / perDay);
      while (t < END) {
        const len = Math.max(30_000, Math.min(6 * 3_600_000, exp(meanMs)));
        const to = t + len;
        yield {
          id: `h-${n++}`,
          cameraId: c.id,
          state,
          detail: details[Math.floor(r() * details.length)]!,
          fromMs: Math.round(t),
          toMs: to >= END ? null : Math.round(to),
        };
        t = to + exp(86_400_000 / perDay);
      }
    }
  }
}

function fillSqlite(path: string): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const ins = db.prepare(
    'INSERT INTO health_intervals (id, camera_id, state, detail, from_ms, to_ms) VALUES (?,?,?,?,?,?)',
  );
  let n = 0;
  db.transaction(() => {
    for (const i of generate()) {
      ins.run(i.id, i.cameraId, i.state, i.detail, i.fromMs, i.toMs);
      n++;
    }
  })();
  db.exec('ANALYZE');
  db.close();
  return n;
}

async function fillPostgres(store: Store): Promise<number> {
  let batch: HealthInterval[] = [];
  let n = 0;
  const flush = async () => {
    await store.transaction(async (tx) => {
      for (const i of batch) await tx.health.open(i);
    });
    n += batch.length;
    batch = [];
  };
  for (const i of generate()) {
    batch.push(i);
    if (batch.length === 5000) await flush();
  }
  await flush();
  return n;
}

/** Median wall and CPU (user + system of this process) ms of `runs` calls: a loaded host stretches the first only. */
async function clocks(fn: () => Promise<unknown>, runs = 5): Promise<{ wall: number; cpu: number }> {
  const cpu: number[] = [];
  const wall = await timeIt(async () => {
    const c = process.cpuUsage();
    await fn();
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }, runs);
  return { wall, cpu: [...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)]! };
}
const both = (t: { wall: number; cpu: number }, bold = false) =>
  bold ? `**${fmt(t.wall, 0)}** / ${fmt(t.cpu, 0)}` : `${fmt(t.wall, 0)} / ${fmt(t.cpu, 0)}`;

async function measure(store: Store, label: string, count: number): Promise<string[]> {
  const svc = new AvailabilityService(store.health, { now: () => NOW }, TZ);
  const months = periods(FROM, TO, 'month', TZ, 400);
  // Cold: a new process's first report reads the whole settled history once.
  let report = undefined as unknown as Awaited<ReturnType<AvailabilityService['report']>>;
  const cold = await clocks(async () => {
    report = await svc.report(cameras, { from: FROM, to: TO, by: 'month' });
  }, 1);
  const ours = await clocks(async () => {
    report = await svc.report(cameras, { from: FROM, to: TO, by: 'month' });
  });
  let sums = new Map<string, number>();
  const sql = await clocks(async () => {
    sums = await store.health.summedMs(START, END, UNAVAILABLE_STATES);
  });
  const sqlMonths = await clocks(async () => {
    for (const m of months) await store.health.summedMs(m.fromMs, m.toMs, UNAVAILABLE_STATES);
  });
  const lastDays = await clocks(async () => svc.report(cameras, { from: '2026-11-01', to: TO, by: 'day' }));
  // The report merges overlaps, the plain sum does not: the report's down time is never more, and the gap is the
  // overlap of tamper and offline stretches.
  let sqlDown = 0;
  for (const v of sums.values()) sqlDown += v;
  const down = report.cameras.reduce((a, c) => a + c.downSeconds * 1000, 0);
  if (down > sqlDown + 1) throw new Error(`report down ${down} ms > plain sum ${sqlDown} ms`);
  const avail = report.fleet.availability ?? 0;
  return [
    `| ${label} | ${count.toLocaleString('en')} | ${both(cold)} | ${both(ours, true)} | ${both(sql)} | ${both(sqlMonths)} | ${both(lastDays)} | ${fmt(avail * 100, 3)} % | ${fmt(((sqlDown - down) / sqlDown) * 100, 2)} % |`,
  ];
}

export async function runHealthBench(): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, 'vigie.db');
  const fresh = !existsSync(path);
  const store = await openStore(`sqlite:${path}`, DIR);
  if (fresh) fillSqlite(path);
  const count = new Database(path, { readonly: true }).prepare('SELECT count(*) AS n FROM health_intervals').get() as {
    n: number;
  };
  const rows = await measure(store, 'SQLite', count.n);
  await store.close();
  if (process.argv.includes('--pg')) {
    const db = await freshPostgres();
    const pg = await openStore(db.url, DIR);
    const t0 = performance.now();
    const n = await fillPostgres(pg);
    process.stderr.write(`bench health: PostgreSQL filled in ${fmt((performance.now() - t0) / 1000, 1)} s\n`);
    rows.push(...(await measure(pg, 'PostgreSQL', n)));
    await pg.close();
    await db.dispose();
  }
  return [
    '## Camera availability report, 230 cameras × 3 years (issue 24)',
    '',
    `Machine: ${machine()}. ${CAMERAS} cameras in ${SECTORS} sectors, 36 local months (${FROM} to ${TO}, ${TZ}) of`,
    'generated health intervals (per camera and day on average 0.5 outage, 0.05 tamper, 0.2 degraded stretch). "Report":',
    'the availability report the API serves, per camera, sector and fleet per month with MTTR (the settled history,',
    'ended over 2 days ago, read once per process and kept merged in memory; the recent rows read from the store;',
    'union of offline and tampered intervals; local months), median of 5 after the first (cold) one. Baselines in the same run: the plain SQL aggregate',
    '(SUM of clipped lengths per camera, overlaps counted twice) over the 3 years, and the same once per month (36',
    'queries). Goal: report ≤ 1 s. `npx tsx bench/health.ts --pg` adds PostgreSQL.',
    '',
    `Wall / CPU ms (this process's user + system CPU): the host's load average was ${loadavg()[0]!.toFixed(1)} at the end of the run, and a loaded host stretches the wall time only.`,
    '',
    '| store | intervals | first report (cold), ms | report by month, ms | plain SQL sum, 3 years, ms | plain SQL sum × 36 months, ms | report by day, last month, ms | fleet availability | plain sum over-counts by |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runHealthBench());
}
