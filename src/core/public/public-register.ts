// The public register served from memory: built in the background (at start, soon after any change of the fleet,
// the analytics, the legal register or the publication choices, and at least every rebuildSeconds), each document
// serialised once with its strong ETag. A request never waits for a rebuild, except the very first.
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { z } from 'zod';
import { LEGAL_CHANGED } from '../legal/legal-register.js';
import { ANALYTICS_CHANGED, type Bus, FLEET_CHANGED } from '../ports/bus.js';
import { algorithmsDoc } from './algorithms.js';
import { camerasCsv, camerasGeoJson, featureSchema, geojsonSchema } from './open-data.js';
import { PUBLICATION_CHANGED } from './publication-service.js';
import type { RegisterBuilder } from './register-builder.js';
import {
  algorithmsSchema,
  publicCameraSchema,
  publicContractSchema,
  registerSchema,
  statisticsSchema,
} from './register-schemas.js';

export interface Served {
  body: Buffer;
  etag: string;
  type: string;
  /** The body gzipped once at build time (large documents only), with its own strong tag. */
  gzip?: { body: Buffer; etag: string };
}

export type DocName =
  | 'register.json'
  | 'cameras.geojson'
  | 'cameras.csv'
  | 'algorithms.json'
  | 'contracts.json'
  | 'statistics.json';

const JSON_TYPE = 'application/json; charset=utf-8';

const tagOf = (buf: Buffer) => createHash('sha256').update(buf).digest('base64url').slice(0, 32);

export function served(body: string | Buffer, type: string): Served {
  const buf = Buffer.from(body);
  // Strong: the bytes decide, so two centres serving the same register give the same tag.
  return { body: buf, etag: `"${tagOf(buf)}"`, type };
}

const gzipAsync = promisify(gzip);

/**
 * A document as served, gzipped once here rather than per request (10 000 cameras make megabytes of very repetitive
 * JSON). The compression runs on libuv's threads and each step yields first, so that requests served from the
 * previous register are not held up while this one is built.
 */
async function prepared(body: string, type: string): Promise<Served> {
  await yieldToRequests();
  const d = served(body, type);
  if (d.body.length > 8192) d.gzip = { body: await gzipAsync(d.body), etag: `"${d.etag.slice(1, -1)}-gz"` };
  return d;
}

/** Cameras validated and serialised per slice, yielding between slices. */
const SLICE = 500;

/**
 * `value` validated by `schema` and serialised, its large array `key` (of `item`s) a slice at a time so that the
 * event loop serves requests in between: 10 000 cameras in one go held them up for tens of ms.
 */
async function chunkedJson(
  schema: z.ZodObject,
  value: Record<string, unknown>,
  key: string,
  item: z.ZodType,
): Promise<string> {
  const items = value[key] as unknown[];
  const parts: string[] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    await yieldToRequests();
    const s = JSON.stringify(z.array(item).parse(items.slice(i, i + SLICE)));
    if (s.length > 2) parts.push(s.slice(1, -1));
  }
  await yieldToRequests();
  const rest = schema.omit({ [key]: true } as never).parse(value) as Record<string, unknown>;
  // The array goes where the schema puts it, through a placeholder no data can contain.
  const hole = `hole-${randomUUID()}`;
  const ordered = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, k === key ? hole : rest[k]]));
  return JSON.stringify(ordered).replace(JSON.stringify(hole), () => `[${parts.join(',')}]`);
}

async function asJson(schema: z.ZodType, value: unknown): Promise<Served> {
  await yieldToRequests();
  return prepared(JSON.stringify(schema.parse(value)), JSON_TYPE);
}

/** The published JSON Schemas, generated from the very schemas the documents are serialised with. */
export const SCHEMAS = {
  'register.json': registerSchema,
  'algorithms.json': algorithmsSchema,
  'statistics.json': statisticsSchema,
  'cameras.geojson': geojsonSchema,
  'contracts.json': z.array(publicContractSchema),
} as const;

export function jsonSchemaOf(name: keyof typeof SCHEMAS) {
  return z.toJSONSchema(SCHEMAS[name], { io: 'output' });
}

const WATCHED = [FLEET_CHANGED, ANALYTICS_CHANGED, LEGAL_CHANGED, PUBLICATION_CHANGED];

export class PublicRegister {
  private docs: Map<DocName, Served> | undefined;
  private months = new Map<string, Served>();
  private building: Promise<void> | undefined;
  private dirty = false;
  private debounce: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Array<() => void> = [];
  /** How long the last build took (ms), for the benchmark and the logs. */
  lastBuildMs = 0;
  builds = 0;

  constructor(
    readonly builder: RegisterBuilder,
    private readonly bus: Bus | undefined,
    private readonly rebuildMs: number,
    private readonly onError: (err: unknown) => void = () => {},
    /** A burst of changes (an import of 500 cameras) gives one rebuild this long after the last. */
    private readonly debounceMs = 2_000,
  ) {
    // Followed from creation, not only once the background roles start: a centre serving HTTP alone stays fresh.
    for (const t of WATCHED) this.unsubscribe.push(this.bus?.subscribe(t, () => this.changed()) ?? (() => {}));
  }

  start() {
    this.timer = setInterval(() => this.refresh(), this.rebuildMs);
    this.timer.unref();
    this.refresh();
  }

  stop() {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    clearInterval(this.timer);
    clearTimeout(this.debounce);
  }

  private changed() {
    // Nothing served yet: the first request builds it anyway.
    if (!this.docs) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), this.debounceMs);
    this.debounce.unref();
  }

  /** Starts a rebuild (or marks one due after the running one); resolves when the register is fresh. */
  refresh(): Promise<void> {
    if (this.building) {
      this.dirty = true;
      return this.building;
    }
    this.building = (async () => {
      try {
        do {
          this.dirty = false;
          await this.rebuild();
        } while (this.dirty);
      } catch (err) {
        // The previous register stays served: stale by minutes is better than none.
        this.onError(err);
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  private async rebuild() {
    const t0 = performance.now();
    const b = await this.builder.build();
    const r = b.register;
    const docs = new Map<DocName, Served>([
      ['register.json', await prepared(await chunkedJson(registerSchema, r, 'cameras', publicCameraSchema), JSON_TYPE)],
      [
        'cameras.geojson',
        await prepared(
          await chunkedJson(geojsonSchema, camerasGeoJson(r.cameras), 'features', featureSchema),
          'application/geo+json; charset=utf-8',
        ),
      ],
      ['cameras.csv', await prepared(camerasCsv(r.cameras), 'text/csv; charset=utf-8')],
      ['algorithms.json', await asJson(algorithmsSchema, algorithmsDoc(b, this.builder.o, r.generatedAt))],
      ['contracts.json', await asJson(z.array(publicContractSchema), r.contracts)],
      ['statistics.json', await asJson(statisticsSchema, r.statistics)],
    ]);
    this.docs = docs;
    this.months = new Map();
    this.lastBuildMs = performance.now() - t0;
    this.builds++;
  }

  /** A document from memory; only the first request after start waits for the first build. */
  async get(name: DocName): Promise<Served> {
    if (!this.docs) await this.refresh();
    const d = this.docs?.get(name);
    if (!d) throw new Error('the public register could not be built (see the log)');
    return d;
  }

  /** One month's statistics (YYYY-MM), computed on first request and kept until the next rebuild. */
  async month(month: string): Promise<Served> {
    const hit = this.months.get(month);
    if (hit) return hit;
    const s = await asJson(statisticsSchema, await this.builder.statistics([month]));
    if (this.months.size > 100) this.months.clear();
    this.months.set(month, s);
    return s;
  }
}
