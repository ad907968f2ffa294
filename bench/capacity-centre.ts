// One capacity trial through the product's own path: a centre (embedded, as `vigie serve` runs it), its cameras and
// their analytics set through the HTTP API, RTSP cameras from the simulator, and the figures read back from the
// centre's own analytics health API. Nothing here calls the pool or the pipeline directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CameraAnalyticsSpecInput } from '../src/analytics/pipeline/camera-spec.js';
import { createCentre } from '../src/app/centre.js';
import { parseConfig } from '../src/config/load.js';
import type { AnalyticsHealth } from '../src/core/ports/analytics-status.js';
import { SYSTEM } from '../src/core/users/principal.js';
import { CameraSimulator } from '../src/media/simulator/simulator.js';

export interface Counts {
  received: number;
  analysed: number;
  dropped: number;
  msPerFrame: number;
}

export interface TrialRun {
  /** The counters summed over the cameras, once every camera runs and receives frames. */
  counts(): Promise<Counts>;
  stop(): Promise<void>;
}

const PASSWORD = 'capacity bench password';

async function http(base: string, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Starts a centre analysing `cameras` simulated cameras (camera i plays files(i)) at `spec`, all set by the API. */
export async function startCentreTrial(
  files: (i: number) => string,
  cameras: number,
  spec: CameraAnalyticsSpecInput,
  modelCacheDir: string,
): Promise<TrialRun> {
  const sim = new CameraSimulator({ port: 0, fps: 5, sub: { width: 640, height: 480 } });
  const ids = Array.from({ length: cameras }, (_, i) => `CAP-${i}`);
  await sim.start(ids.map((id, i) => ({ id, source: files(i) })));
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-capacity-'));
  const cfg = parseConfig({
    dataDir,
    http: { port: 0 },
    log: { level: 'silent' },
    ingest: { enabled: false },
    analytics: { workers: availableParallelism(), modelCacheDir },
  });
  const centre = await createCentre(cfg, { logger: pino({ level: 'silent' }) });
  const base = await centre.server.listen({ host: '127.0.0.1', port: 0 });
  await centre.services.users.create(SYSTEM, { username: 'bench', password: PASSWORD, role: 'admin', sectorIds: [] });
  const login = await http(base, '', 'POST', '/api/auth/login', { username: 'bench', password: PASSWORD });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  await http(base, cookie, 'POST', '/api/sectors', { id: 'bench', name: 'Bench' });
  for (const id of ids) {
    const streams = sim.urls(id);
    const cam = { id, name: id, sectorId: 'bench', streams, phase: 'pilot', status: 'active', tags: [] };
    await http(base, cookie, 'POST', '/api/cameras', cam);
    await http(base, cookie, 'PUT', `/api/cameras/${id}/analytics`, { ...spec, enabled: true });
  }
  await centre.start();
  return {
    async counts() {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const all = (await http(base, cookie, 'GET', '/api/analytics/health')).json as AnalyticsHealth[];
        // Running, and frames arriving (the RTSP session and the decoder's probe take several seconds).
        if (all.length === cameras && all.every((h) => h.state === 'running' && h.received > 0)) {
          return all.reduce(
            (t, h) => ({
              received: t.received + h.received,
              analysed: t.analysed + h.analysed,
              dropped: t.dropped + h.dropped,
              msPerFrame: t.msPerFrame + h.msPerFrame / cameras,
            }),
            { received: 0, analysed: 0, dropped: 0, msPerFrame: 0 },
          );
        }
        if (Date.now() > deadline)
          throw new Error(`cameras not all running: ${JSON.stringify(all.map((h) => h.state))}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    async stop() {
      await centre.close();
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
