import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Centre, createCentre } from '../../src/app/centre.js';
import { keysDir } from '../../src/app/keys.js';
import { seedDemoFleet } from '../../src/app/seed-demo.js';
import { parseConfig } from '../../src/config/load.js';
import type { Role } from '../../src/core/ports/store.js';
import { LEGAL_FAMILIES } from '../../src/core/shared/law.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';

export const PASSWORD = 'a long enough password';

/** A manual clock for windows and expiry. */
export class TestClock {
  t = Date.parse('2026-06-01T08:00:00Z');
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export interface TestCentre {
  centre: Centre;
  base: string;
  dataDir: string;
  clock: TestClock;
  /** Creates a user directly through the service and returns a logged-in client. */
  user(username: string, role: Role, sectorIds?: string[]): Promise<Client>;
  /**
   * Records what the product requires before analytics run (law.md L4): a video_protection (30 days) and an
   * algorithmic_processing authorisation (every family) covering every sector that exists now, in force for a year
   * around the test clock. Call it after creating the sectors.
   */
  authorise(): Promise<void>;
  stop(): Promise<void>;
}

export class Client {
  constructor(
    readonly base: string,
    public cookie = '',
    public bearer = '',
  ) {}

  async req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  async login(username: string, password = PASSWORD) {
    const r = await this.req('POST', '/api/auth/login', { username, password });
    const set = r.headers.get('set-cookie');
    if (r.status === 200 && set) this.cookie = set.split(';')[0]!;
    return r;
  }
}

export async function startCentre(
  opts: { demo?: boolean; config?: Record<string, unknown>; logger?: pino.Logger } = {},
): Promise<TestCentre> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
  // One model cache for every test centre: the detector is converted once per size and precision, not per centre.
  const analytics = { modelCacheDir: TEST_MODEL_CACHE, ...(opts.config?.analytics as object) };
  // A fresh centre blurs people on the wall (live.privacy: blur), which re-encodes every live stream. The tests
  // written before issue 21 check copied streams (codec, bytes, one RTSP session), so test centres default to off;
  // the privacy tests (test/privacy) ask for blur themselves.
  const live = { privacy: 'off', ...(opts.config?.live as object) };
  const cfg = parseConfig({ dataDir, http: { port: 0 }, log: { level: 'silent' }, ...opts.config, analytics, live });
  const clock = new TestClock();
  const centre = await createCentre(cfg, { clock, logger: opts.logger ?? pino({ level: 'silent' }) });
  if (opts.demo) await seedDemoFleet(centre.services.store, centre.services.fleet);
  const base = await centre.server.listen({ host: '127.0.0.1', port: 0 });
  return {
    centre,
    base,
    dataDir,
    clock,
    async user(username, role, sectorIds = []) {
      await centre.services.users.create(SYSTEM, { username, password: PASSWORD, role, sectorIds });
      const c = new Client(base);
      const r = await c.login(username);
      if (r.status !== 200) throw new Error(`login failed: ${r.text}`);
      return c;
    },
    async authorise() {
      const sectorIds = (await centre.services.store.sectors.list()).map((x) => x.id);
      const day = centre.services.legal.day();
      const base = {
        authority: 'Préfet du Nord (test)',
        signedOn: '2026-01-01',
        startsOn: '2026-01-01',
        endsOn: `${Number(day.slice(0, 4)) + 1}-12-31`,
        purposes: ['public_safety' as const],
        purposeText: 'test centre',
        cameraIds: [],
        sectorIds,
        publishDocument: false,
      };
      await centre.services.legal.create(SYSTEM, {
        ...base,
        kind: 'video_protection',
        reference: 'TEST-VP',
        retentionDays: 30,
      });
      await centre.services.legal.create(SYSTEM, {
        ...base,
        kind: 'algorithmic_processing',
        reference: 'TEST-AP',
        families: [...LEGAL_FAMILIES],
      });
    },
    async stop() {
      await centre.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(keysDir(dataDir), { recursive: true, force: true });
    },
  };
}
