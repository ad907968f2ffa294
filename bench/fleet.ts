import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createServices } from '../src/app/centre.js';
import { parseConfig } from '../src/config/load.js';
import { camerasToCsv, parseCamerasCsv } from '../src/core/fleet/csv.js';
import type { Camera } from '../src/core/fleet/schemas.js';
import { SYSTEM } from '../src/core/users/principal.js';
import { fmt, machine, timeIt } from './lib.js';

const N = 10_000;
const SECTORS = Array.from({ length: 20 }, (_, i) => `sector-${i}`);

function fleetCsv(): string {
  const cams: Camera[] = Array.from({ length: N }, (_, i) => ({
    id: `BENCH-${String(i).padStart(5, '0')}`,
    name: `Camera ${i} rue ${i % 97}`,
    sectorId: SECTORS[i % SECTORS.length]!,
    position: { lat: 50.33 + (i % 100) / 2000, lon: 3.49 + (i % 71) / 1000 },
    address: `${i % 200} rue du Bench, Valenciennes`,
    streams: {
      main: `rtsp://10.${(i >> 8) & 255}.${i & 255}.1/main`,
      sub: `rtsp://10.${(i >> 8) & 255}.${i & 255}.1/sub`,
    },
    model: 'Generic 4MP dome',
    phase: i % 3 ? 'replacement' : 'extension',
    installedAt: '2026-03-01',
    status: i % 10 ? 'active' : 'maintenance',
    tags: i % 5 ? ['street'] : ['street', 'market'],
    hasCredentials: false,
    createdAt: '',
    updatedAt: '',
  }));
  return camerasToCsv(cams);
}

async function apiRps(_dataDir: string, url: string, cookie: string, seconds: number) {
  const r = await autocannon({ url, connections: 16, duration: seconds, headers: { cookie } });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** The server runs in its own process so the load generator does not steal its event loop. */
function startServer(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fleet-server.ts', ...extra], {
    env: { ...process.env, VIGIE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTEN (\S+)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    });
    child.on('exit', (c) => reject(new Error(`bench server exited ${c}`)));
  });
}

export async function runFleetBench(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const csv = fleetCsv();
  const cfg = parseConfig({ dataDir, log: { level: 'silent' } });
  const { services } = await createServices(cfg);
  for (const id of SECTORS) await services.fleet.upsertSector(SYSTEM, { id, name: id });

  const parsed = parseCamerasCsv(csv);
  if (!parsed.ok) throw new Error('bench CSV invalid');
  const parseMs = await timeIt(() => parseCamerasCsv(csv), 3);
  const importMs = await timeIt(() => services.fleet.importMany(SYSTEM, parsed.cameras, 'csv'), 3);

  // Baseline: the same rows through one prepared better-sqlite3 statement in one transaction (the storage floor).
  const raw = new Database(join(dataDir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.exec(
    'create table c (id text primary key, name text, sector_id text, lat real, lon real, address text, main_url text, sub_url text, phase text, status text, tags text)',
  );
  const ins = raw.prepare('insert or replace into c values (?,?,?,?,?,?,?,?,?,?,?)');
  const rawMs = await timeIt(
    () =>
      raw.transaction(() => {
        for (const c of parsed.cameras) {
          ins.run(
            c.id,
            c.name,
            c.sectorId,
            c.position?.lat,
            c.position?.lon,
            c.address,
            c.streams.main,
            c.streams.sub,
            c.phase,
            c.status,
            JSON.stringify(c.tags),
          );
        }
      })(),
    3,
  );

  const filters = { sectorId: 'sector-3', status: 'active', tag: 'market', limit: 100 };
  const listMs = await timeIt(() => services.fleet.list(SYSTEM, filters), 50);
  const rawList = raw.prepare(
    `select * from c where sector_id = ? and status = ? and tags like ? order by id limit 100`,
  );
  const rawListMs = await timeIt(() => rawList.all('sector-3', 'active', '%"market"%'), 50);
  const searchMs = await timeIt(() => services.fleet.list(SYSTEM, { q: 'rue du bench', limit: 100 }), 20);
  raw.close();

  await services.users.create(SYSTEM, {
    username: 'bench',
    password: 'bench password long',
    role: 'admin',
    sectorIds: [],
  });
  await services.store.close();

  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const api = await startServer(dataDir);
  const login = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench password long' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const list = await apiRps(dataDir, `${api.base}/api/cameras?limit=100&sectorId=sector-3`, cookie, seconds);
  const baseline = await apiRps(dataDir, `${api.base}/bench/static-list`, cookie, seconds);
  api.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });

  return `## Fleet registry and API (issue 2)

Machine: ${machine()}. ${N} cameras in ${SECTORS.length} sectors, SQLite (WAL) store.

| measure | Vigie | baseline | ratio (Vigie / baseline) |
|---|---|---|---|
| import ${N} cameras: CSV parse + validate | ${fmt(parseMs)} ms | — | — |
| import ${N} cameras: upsert + encrypt + journal, one transaction | ${fmt(importMs)} ms | raw prepared INSERT in one transaction: ${fmt(rawMs)} ms | ${fmt(importMs / rawMs, 2)}× |
| list with filters (sector + status + tag, 100 rows) | ${fmt(listMs, 2)} ms | raw SQL: ${fmt(rawListMs, 2)} ms | ${fmt(listMs / rawListMs, 2)}× |
| text search (id/name/address, 100 rows) | ${fmt(searchMs, 2)} ms | — | — |
| API \`GET /api/cameras?limit=100&sectorId=…\` (session auth, validation, serialisation), 16 connections | ${fmt(list.rps, 0)} req/s, p99 ${list.p99} ms | same server, static 100-camera JSON without auth or store: ${fmt(baseline.rps, 0)} req/s | ${fmt(list.rps / baseline.rps, 2)}× |

Errors during the load runs: ${list.errors + baseline.errors}. The server ran in its own process, autocannon in another, both on this 2-core machine.`;
}
