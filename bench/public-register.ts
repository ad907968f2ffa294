// The public register (issue 20) for 10 000 cameras and 10 million events: GET /public/register.json through the
// centre's own HTTP server, served from memory (cached), against the uncached build (the SQL aggregates, the
// register's assembly, validation and serialisation) measured in the same run. Alarms are what the statistics read:
// one per ten events, over twelve months, with dispositions and offline situations.
// Run: npx tsx bench/public-register.ts [--events 10000000]  (the database is built once in /tmp and reused)
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openStore } from '../src/adapters/store/open-store.js';
import { createCentre } from '../src/app/centre.js';
import { parseConfig } from '../src/config/load.js';
import { LEGAL_FAMILIES } from '../src/core/shared/law.js';
import { fmt, machine } from './lib.js';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const N = arg('--events', 10_000_000);
const CAMERAS = arg('--cameras', 10_000);
const REQUESTS = arg('--requests', 500);
const SECTORS = 50;
const DIR = join(tmpdir(), `vigie-bench-public-v1-${CAMERAS}-${N}`);
// The register's clock: the end of the filled year (statistics cover the 12 months up to it).
const NOW = Date.UTC(2026, 11, 1, 12);
const SPAN = 365 * 86_400_000;
const KINDS = ['intrusion', 'wrong_way', 'crowd_density', 'camera_tamper', 'unusual', 'abandoned_object', 'fire'];
const DISPOSITIONS = ['confirmed', 'false_alarm', 'not_actionable'];
const scene = readFileSync(new URL('../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url), 'utf8');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const cam = (i: number) => `cam-${String(i).padStart(5, '0')}`;

/** Rows in multi-row INSERTs of `per` rows, one transaction per 100 000 rows. */
function bulk(db: Database.Database, table: string, cols: string[], total: number, row: (i: number) => unknown[]) {
  const per = Math.floor(900 / cols.length);
  const one = `(${cols.map(() => '?').join(',')})`;
  const many = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${Array(per).fill(one).join(',')}`);
  const single = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${one}`);
  const chunk = db.transaction((from: number, to: number) => {
    let i = from;
    for (; i + per <= to; i += per) many.run(Array.from({ length: per }, (_, k) => row(i + k)).flat());
    for (; i < to; i++) single.run(row(i));
  });
  for (let i = 0; i < total; i += 100_000) {
    chunk(i, Math.min(total, i + 100_000));
    if (i % 1_000_000 === 0) process.stderr.write(`bench public: ${table} ${i}\n`);
  }
}

async function fill(path: string) {
  // The schema from the migrations, then the rows raw (the services would journal each one).
  const store = await openStore(`sqlite:${path}`, DIR);
  const T = new Date(NOW - SPAN).toISOString();
  for (let s = 0; s < SECTORS; s++) await store.sectors.upsert({ id: `s${s}`, name: `Secteur ${s}` });
  for (let s = 0; s < SECTORS; s++)
    for (const kind of ['video_protection', 'algorithmic_processing'] as const)
      await store.authorisations.insert({
        id: `00000000-0000-4000-8000-${String(s * 2 + (kind === 'video_protection' ? 0 : 1)).padStart(12, '0')}`,
        kind,
        authority: 'Préfet du Nord',
        reference: `${kind === 'video_protection' ? 'VP' : 'AP'}-2026-${s}`,
        signedOn: '2025-01-01',
        startsOn: '2025-01-01',
        endsOn: '2030-12-31',
        purposes: ['public_safety'],
        purposeText: '',
        cameraIds: [],
        sectorIds: [`s${s}`],
        ...(kind === 'video_protection' ? { retentionDays: 15 + (s % 16) } : {}),
        families: kind === 'video_protection' ? [] : [...LEGAL_FAMILIES],
        publishDocument: false,
        document: null,
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
        createdAt: T,
        createdBy: 'bench',
        updatedAt: T,
      });
  await store.close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const r = rng(1);
  bulk(
    db,
    'cameras',
    [
      'id',
      'name',
      'sector_id',
      'lat',
      'lon',
      'main_url',
      'phase',
      'installed_at',
      'status',
      'tags',
      'created_at',
      'updated_at',
    ],
    CAMERAS,
    (i) => [
      cam(i),
      `Caméra ${i}`,
      `s${i % SECTORS}`,
      50.3 + r() * 0.1,
      3.45 + r() * 0.15,
      `rtsp://10.0.0.1/${i}`,
      'replacement',
      '2025-06-01',
      'active',
      '[]',
      T,
      T,
    ],
  );
  // Analytics on 30 % of the cameras (the PETS09 scene: intrusion, wrong way, density); 3 % withheld.
  bulk(db, 'camera_analytics', ['camera_id', 'config', 'enabled', 'updated_at'], Math.floor(CAMERAS * 0.3), (i) => [
    cam(Math.floor(i / 0.3)),
    JSON.stringify({ enabled: true, fps: 5, scene: JSON.parse(scene) }),
    1,
    T,
  ]);
  bulk(
    db,
    'camera_publication',
    ['camera_id', 'published', 'reason', 'covers', 'updated_by', 'updated_at'],
    Math.floor(CAMERAS * 0.03),
    (i) => [cam(i * 33), 0, 'sensitive site', null, 'bench', T],
  );
  bulk(
    db,
    'events',
    [
      'id',
      'camera_id',
      'kind',
      'started_at',
      'ended_at',
      'score',
      'zone_id',
      'track_ids',
      'box',
      'snapshot',
      'details',
      'object_class',
      'disposition',
    ],
    N,
    (i) => {
      const t = NOW - SPAN + Math.floor((i / N) * SPAN);
      return [
        `ev-${i}`,
        cam(Math.floor(r() * CAMERAS)),
        KINDS[Math.floor(r() ** 2 * KINDS.length)]!,
        t,
        t + 5000,
        r(),
        null,
        '[1]',
        null,
        null,
        '{}',
        'person',
        null,
      ];
    },
  );
  // One alarm per ten events; most closed with a disposition; one in 200 a camera offline for up to 2 h.
  bulk(
    db,
    'alarms',
    [
      'id',
      'kind',
      'camera_id',
      'zone_id',
      'priority',
      'base_priority',
      'state',
      'event_count',
      'ongoing',
      'raised_at',
      'last_event_at',
      'situation_ended_at',
      'deadline_at',
      'disposition',
      'history',
      'version',
      'updated_at',
    ],
    Math.floor(N / 10),
    (i) => {
      const t = NOW - SPAN + Math.floor((i / (N / 10)) * SPAN);
      const offline = r() < 0.005;
      const kind = offline ? 'camera_offline' : KINDS[Math.floor(r() ** 2 * KINDS.length)]!;
      const d = r() < 0.9 ? DISPOSITIONS[Math.floor(r() * 3)]! : null;
      return [
        `al-${i}`,
        kind,
        cam(Math.floor(r() * CAMERAS)),
        null,
        'high',
        'high',
        d ? 'closed' : 'new',
        1,
        0,
        t,
        t,
        offline ? t + Math.floor(r() * 7_200_000) : null,
        t + 60_000,
        d,
        '[]',
        1,
        t,
      ];
    },
  );
  db.exec('ANALYZE');
  db.close();
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** One GET, the body read to its end (gzip kept as sent: what the server serves, not what the client inflates). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }));
    })
      .on('error', reject)
      .end();
  });
}

export async function runPublicRegisterBench(): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, 'vigie.db');
  let fillMs = 0;
  if (!existsSync(path)) {
    const t0 = performance.now();
    await fill(path);
    fillMs = performance.now() - t0;
  }
  const cfg = parseConfig({
    dataDir: DIR,
    http: { port: 0 },
    log: { level: 'silent' },
    publicRegister: { rateLimitPerMinute: 100_000 },
  });
  const centre = await createCentre(cfg, { clock: { now: () => NOW }, logger: pino({ level: 'silent' }) });
  const pr = centre.services.publicRegister!;
  try {
    // Uncached: what a request would cost if the register were built for it (5 builds, the first one warms up).
    const builds: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pr.refresh();
      if (i > 0) builds.push(pr.lastBuildMs);
    }
    const base = await centre.server.listen({ host: '127.0.0.1', port: 0 });
    const url = `${base}/public/register.json`;
    const first = await get(url);
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    const plain: number[] = [];
    const zipped: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      plain.push((await get(url)).ms);
      zipped.push((await get(url, { 'accept-encoding': 'gzip' })).ms);
    }
    // While the register is being rebuilt (back to back): what a visitor waits for then.
    let rebuilding = true;
    const loop = (async () => {
      while (rebuilding) await pr.refresh();
    })();
    const during: number[] = [];
    for (let i = 0; i < REQUESTS / 5; i++) {
      during.push((await get(url, { 'accept-encoding': 'gzip' })).ms);
      await new Promise((r) => setTimeout(r, 5));
    }
    rebuilding = false;
    await loop;
    const cameras = (JSON.parse((await (await fetch(url)).text()) as string) as { cameras: unknown[] }).cameras.length;
    const p95 = pct(plain, 0.95);
    const build95 = pct(builds, 0.95);
    return [
      `### Public register: ${CAMERAS.toLocaleString('en')} cameras, ${(N / 1e6).toFixed(N >= 1e6 ? 0 : 1)} million events (issue 20)`,
      '',
      `Machine: ${machine()}. SQLite, ${SECTORS} sectors, ${CAMERAS * 0.3} cameras with analytics (the PETS09 scene),`,
      `3 % withheld (${cameras} published), ${(N / 10).toLocaleString('en')} alarms over 12 months (one per ten events;`,
      'the statistics read alarms, not events). Served: `GET /public/register.json` through the centre’s own HTTP',
      `server, ${REQUESTS} requests each way, one at a time, body read to its end (gzip: as sent, not inflated).`,
      'Uncached: one rebuild of everything /public serves (12 months of SQL aggregates, the register assembled,',
      'validated by its zod schema, serialised to JSON, GeoJSON, CSV and gzip), 5 in a row after a warm-up build,',
      `in the same run. Goal: p95 ≤ 50 ms cached.${fillMs ? ` Database filled in ${fmt(fillMs / 60_000)} min.` : ''}`,
      '',
      '| | p50 ms | p95 ms | body |',
      '|---|---|---|---|',
      `| cached, identity | ${fmt(pct(plain, 0.5), 2)} | **${fmt(p95, 2)}** | ${fmt(first.bytes / 1e6, 2)} MB |`,
      `| cached, gzip | ${fmt(pct(zipped, 0.5), 2)} | **${fmt(pct(zipped, 0.95), 2)}** | ${fmt(gz.bytes / 1e6, 2)} MB |`,
      `| cached, gzip, while rebuilding back to back (${REQUESTS / 5} requests; max ${fmt(Math.max(...during), 0)} ms) | ${fmt(pct(during, 0.5), 2)} | ${fmt(pct(during, 0.95), 2)} | |`,
      `| uncached build (whole register) | ${fmt(pct(builds, 0.5), 0)} | ${fmt(build95, 0)} | |`,
      '',
      `Cached p95 is ×${fmt(build95 / p95, 0)} faster than building it for the request (identity), ×${fmt(build95 / pct(zipped, 0.95), 0)} with gzip.`,
    ].join('\n');
  } finally {
    await centre.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runPublicRegisterBench());
}
