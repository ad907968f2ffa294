import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../core/errors.js';
import { sectorScope } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { isoTime } from './recording-routes.js';
import { errors, idParams } from './schemas.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD')
  .describe('A local day of the centre (legal.timeZone), YYYY-MM-DD.');

const reportQuery = z.strictObject({
  from: day.describe('First local day of the report (inclusive), YYYY-MM-DD.'),
  to: day.describe('Last local day of the report (inclusive), YYYY-MM-DD.'),
  by: z.enum(['day', 'month']).default('day').describe('One figure per local day or per local month.'),
});

const figures = {
  availability: z
    .number()
    .nullable()
    .describe('(observed − down) / observed; null when nothing was observed (future, camera not yet created).'),
  observedSeconds: z.number().describe('Time observed: the period, from the camera’s creation, up to now.'),
  downSeconds: z.number().describe('Offline or tampered (covered, moved, defocused, blinded), overlaps merged.'),
  degradedSeconds: z.number().describe('Low frame rate or bitrate: reported, not counted as down.'),
  repairs: z.number().describe('Outages that ended in the period.'),
  mttrSeconds: z.number().nullable().describe('Mean length of those outages (mean time to repair).'),
};
const rowSchema = z.object({
  ...figures,
  periods: z.array(z.object({ period: z.string(), ...figures })),
});
const reportSchema = z.object({
  timeZone: z.string(),
  by: z.enum(['day', 'month']),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  periods: z.array(z.string()),
  fleet: rowSchema.describe('Every camera I may see together, weighted by observed time.'),
  sectors: z.array(rowSchema.extend({ sectorId: z.string() })),
  cameras: z.array(rowSchema.extend({ cameraId: z.string(), name: z.string(), sectorId: z.string() })),
});

const state = z.enum(['offline', 'tampered', 'degraded']);
const outageSchema = z.object({
  cameraId: z.string(),
  name: z.string(),
  sectorId: z.string(),
  state,
  detail: z.string().nullable().describe('tampered: covered, moved, defocused, blinded; degraded: fps, bitrate.'),
  since: z.string(),
  ageSeconds: z.number(),
});
const intervalSchema = z.object({
  state,
  detail: z.string().nullable(),
  from: z.string(),
  to: z.string().nullable().describe('null while it lasts.'),
});
// Both optional (the last 7 days by default): a camera out of the caller's sectors then answers 404 like every other
// camera route, rather than a 400 about the query that would tell it exists.
const historyQuery = z.strictObject({
  from: isoTime.optional().describe('Start (inclusive); default: 7 days before `to`.'),
  to: isoTime.optional().describe('End (exclusive); default: now.'),
});

const iso = (ms: number) => new Date(ms).toISOString();

/** Camera health history and availability (issue 24): read by whoever reads the fleet, within their sectors. */
export const healthHistoryRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const visible = async (req: Parameters<typeof principal>[0]) =>
      s.fleet.all(sectorScope(principal(req, 'fleet.read')));
    app.get(
      '/api/fleet-health/availability',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Availability per camera, sector and fleet per local day or month, and mean time to repair.',
          querystring: reportQuery,
          response: { 200: reportSchema, ...errors },
        },
      },
      async (req) => {
        const cams = await visible(req);
        try {
          return await s.health.availability.report(cams, req.query);
        } catch (e) {
          if (e instanceof RangeError) throw badRequest(e.message);
          throw e;
        }
      },
    );
    app.get(
      '/api/fleet-health/outages',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Cameras offline, tampered or degraded now, oldest first, with their age.',
          response: { 200: z.array(outageSchema), ...errors },
        },
      },
      async (req) => s.health.availability.outages(await visible(req)),
    );
    app.get(
      '/api/cameras/:id/health-history',
      {
        schema: {
          tags: ['fleet'],
          summary: 'One camera’s offline, tampered and degraded intervals overlapping a time range.',
          params: idParams,
          querystring: historyQuery,
          response: { 200: z.array(intervalSchema), ...errors },
        },
      },
      async (req) => {
        const cam = await s.fleet.get(principal(req, 'fleet.read'), req.params.id);
        const toMs = req.query.to ? Date.parse(req.query.to) : Date.now();
        const fromMs = req.query.from ? Date.parse(req.query.from) : toMs - 7 * 86_400_000;
        if (toMs <= fromMs) throw badRequest('to must be after from');
        if (toMs - fromMs > 400 * 86_400_000)
          throw badRequest('the range is longer than 400 days: ask for a shorter one');
        const rows = await s.health.availability.history(cam.id, fromMs, toMs);
        return rows.map((i) => ({
          state: i.state,
          detail: i.detail,
          from: iso(i.fromMs),
          to: i.toMs === null ? null : iso(i.toMs),
        }));
      },
    );
  };
