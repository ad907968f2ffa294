// Event search over 10 million stored events (issue "Alarm centre"): p50/p95 of the common filters through the
// store's own search (SQLite, the embedded default), against the same SQL run raw in the same run (the baseline).
// Run: npx tsx bench/event-search.ts [--events 10000000]  (the database is built once in /tmp and reused)
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openStore } from '../src/adapters/store/open-store.js';
import type { EventFilter, EventKind } from '../src/core/ports/recordings.js';
import { fmt, machine } from './lib.js';

const argEvents = process.argv.indexOf('--events');
const N = argEvents > 0 ? Number(process.argv[argEvents + 1]) : 10_000_000;
// v2: events carry an object class, and 1 % of them an alarm closed with a disposition.
const DIR = join(tmpdir(), `vigie-bench-events-v3-${N}`);
const CAMERAS = 230;
const SECTORS = 12;
const DAYS = 30;
const END = Date.UTC(2026, 10, 1);
const KINDS: EventKind[] = [
  'intrusion',
  'wrong_way',
  'crowd_density',
  'camera_tamper',
  'unusual',
  'abandoned_object',
  'crowd_movement',
  'camera_offline',
];
const cam = (i: number) => `cam-${String(i).padStart(3, '0')}`;

// Deterministic pseudo-random numbers: the same database and the same queries on every run.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function fill(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const ins = db.prepare(
    'INSERT INTO events (id, camera_id, kind, started_at, ended_at, score, zone_id, track_ids, box, snapshot, details, object_class, disposition) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const alarm = db.prepare(
    `INSERT INTO alarms (id, kind, camera_id, zone_id, priority, base_priority, state, event_count, ongoing, raised_at, last_event_at, deadline_at, disposition, history, version, updated_at)
     VALUES (?, ?, ?, NULL, 'high', 'high', 'closed', 1, 0, ?, ?, ?, ?, '[]', 1, ?)`,
  );
  const link = db.prepare('INSERT INTO alarm_events (event_id, alarm_id, at) VALUES (?, ?, ?)');
  const CLASSES = ['person', 'person', 'person', 'car', 'bicycle', 'truck'];
  const DISPOSITIONS = ['confirmed', 'false_alarm', 'not_actionable'];
  const r = rng(1);
  const span = DAYS * 86_400_000;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = END - span + Math.floor((i / N) * span);
      const kind = KINDS[Math.floor(r() ** 2 * KINDS.length)]!;
      const c = cam(Math.floor(r() * CAMERAS));
      const cls = CLASSES[Math.floor(r() * CLASSES.length)]!;
      const zone = r() < 0.6 ? `zone-${Math.floor(r() * 4)}` : null;
      const disposition = r() < 0.01 ? DISPOSITIONS[Math.floor(r() * 3)]! : null;
      ins.run(`ev-${i}`, c, kind, t, t + 5000, r(), zone, '[1]', null, null, '{}', cls, disposition);
      if (disposition) {
        alarm.run(`al-${i}`, kind, c, t, t, t + 60_000, disposition, t);
        link.run(`ev-${i}`, `al-${i}`, t);
      }
    }
  });
  for (let i = 0; i < N; i += 100_000) {
    batch(i, Math.min(N, i + 100_000));
    if (i % 1_000_000 === 0) process.stderr.write(`bench event-search: ${i} events\n`);
  }
  db.exec('ANALYZE');
  db.close();
}

interface Case {
  name: string;
  filter: (r: () => number) => EventFilter;
}

const DAY = 86_400_000;
const CASES: Case[] = [
  { name: 'newest 100, all cameras', filter: () => ({ limit: 100 }) },
  {
    name: 'one camera, last 7 days',
    filter: (r) => ({ cameraIds: [cam(Math.floor(r() * CAMERAS))], fromMs: END - 7 * DAY, toMs: END, limit: 100 }),
  },
  {
    name: 'one sector (~19 cameras), last 24 h',
    filter: (r) => {
      const s = Math.floor(r() * SECTORS);
      return {
        cameraIds: Array.from({ length: CAMERAS }, (_, i) => i)
          .filter((i) => i % SECTORS === s)
          .map(cam),
        fromMs: END - DAY,
        toMs: END,
        limit: 100,
      };
    },
  },
  {
    name: 'one kind, a day 2 weeks ago',
    filter: (r) => ({ kinds: [KINDS[Math.floor(r() * 4)]!], fromMs: END - 15 * DAY, toMs: END - 14 * DAY, limit: 100 }),
  },
  {
    name: 'one camera and one kind, 30 days',
    filter: (r) => ({ cameraIds: [cam(Math.floor(r() * CAMERAS))], kinds: ['intrusion'], limit: 100 }),
  },
  { name: 'rare kind (camera_offline), 30 days', filter: () => ({ kinds: ['camera_offline'], limit: 100 }) },
  {
    name: 'one zone of one camera, 30 days',
    filter: (r) => ({ cameraIds: [cam(Math.floor(r() * CAMERAS))], zoneId: `zone-${Math.floor(r() * 4)}`, limit: 100 }),
  },
  {
    name: 'object class (bicycle), last 24 h',
    filter: () => ({ objectClass: 'bicycle', fromMs: END - DAY, toMs: END, limit: 100 }),
  },
  { name: 'closed as false alarm, 30 days', filter: () => ({ disposition: 'false_alarm', limit: 100 }) },
];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export async function runEventSearchBench(): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, 'vigie.db');
  const fresh = !existsSync(path);
  const store = await openStore(`sqlite:${path}`, DIR);
  if (fresh) fill(path);
  const raw = new Database(path, { readonly: true });
  const rows: string[] = [];
  for (const c of CASES) {
    const r = rng(7);
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 200; i++) {
      const f = c.filter(r);
      let t = performance.now();
      const got = await store.events.search(f);
      ours.push(performance.now() - t);
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (clause: string, ...values: unknown[]) => {
        where.push(clause);
        args.push(...values);
      };
      if (f.cameraIds) add(`camera_id IN (${f.cameraIds.map(() => '?').join(',')})`, ...f.cameraIds);
      if (f.kinds) add(`kind IN (${f.kinds.map(() => '?').join(',')})`, ...f.kinds);
      if (f.fromMs !== undefined) add('started_at >= ?', f.fromMs);
      if (f.toMs !== undefined) add('started_at < ?', f.toMs);
      if (f.zoneId !== undefined) add('zone_id = ?', f.zoneId);
      if (f.objectClass !== undefined) add('object_class = ?', f.objectClass);
      if (f.disposition !== undefined) add('disposition = ?', f.disposition);
      const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ${f.limit}`;
      t = performance.now();
      const want = raw.prepare(sql).all(...args);
      base.push(performance.now() - t);
      if (want.length !== got.length) throw new Error(`${c.name}: ${got.length} results vs ${want.length} raw`);
    }
    rows.push(
      `| ${c.name} | ${fmt(pct(ours, 0.5), 2)} | **${fmt(pct(ours, 0.95), 2)}** | ${fmt(pct(base, 0.5), 2)} | ${fmt(pct(base, 0.95), 2)} | ×${fmt(pct(ours, 0.95) / pct(base, 0.95), 2)} |`,
    );
  }
  raw.close();
  await store.close();
  return [
    `### Event search over ${(N / 1e6).toFixed(0)} million stored events (issue "Alarm centre")`,
    '',
    `Machine: ${machine()}. SQLite (the embedded default), ${CAMERAS} cameras in ${SECTORS} sectors, ${DAYS} days, 8 kinds;`,
    "200 queries per filter (newest 100 results, as the console asks), through the store's own search; baseline: the",
    'same SQL prepared and run raw by better-sqlite3 in the same run. Goal: p95 ≤ 20 ms for the common filters.',
    '',
    '| filter | p50 ms | p95 ms | raw SQL p50 | raw SQL p95 | p95 ratio |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runEventSearchBench());
}
