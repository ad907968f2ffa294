import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StreamHealth } from '../../core/ports/ingest.js';
import { sectorScope } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { analyticsHealthSchema, analyticsHealthView } from './analytics-health-routes.js';
import { errors, idParams } from './schemas.js';

const healthSchema = z.object({
  cameraId: z.string(),
  state: z
    .enum(['starting', 'online', 'offline', 'stopped', 'not_recording'])
    .describe('not_recording: not active, or ingest off.'),
  since: z.string().nullable(),
  fps: z.number(),
  bitrateKbps: z.number(),
  lastFrameAt: z.string().nullable(),
  restarts: z.number(),
  lastError: z.string().nullable().describe("Why the stream is not online, in ffmpeg's words."),
  segments: z.number().describe('Segments recorded since the centre started.'),
  analytics: analyticsHealthSchema.describe("The camera's live analytics (state off when not analysed)."),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const streamView = (cameraId: string, h: StreamHealth | undefined) =>
  h
    ? { ...h, since: iso(h.since), lastFrameAt: iso(h.lastFrameAt) }
    : {
        cameraId,
        state: 'not_recording' as const,
        since: null,
        fps: 0,
        bitrateKbps: 0,
        lastFrameAt: null,
        restarts: 0,
        lastError: null,
        segments: 0,
      };

export const ingestRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const view = (cameraId: string, h: StreamHealth | undefined) => ({
      ...streamView(cameraId, h),
      analytics: analyticsHealthView(cameraId, s.analyticsStatus.health(cameraId)),
    });
    app.get(
      '/api/cameras/:id/health',
      {
        schema: {
          tags: ['media'],
          summary: 'Stream health of one camera.',
          params: idParams,
          response: { 200: healthSchema, ...errors },
        },
      },
      async (req) => {
        const cam = await s.fleet.get(principal(req, 'fleet.read'), req.params.id);
        return view(cam.id, s.ingest.health(cam.id));
      },
    );
    app.get(
      '/api/streams/health',
      {
        schema: {
          tags: ['media'],
          summary: 'Stream health of every recorded camera I may see.',
          response: { 200: z.array(healthSchema), ...errors },
        },
      },
      async (req) => {
        const p = principal(req, 'fleet.read');
        const visible = new Set((await s.fleet.all(sectorScope(p))).map((c) => c.id));
        const all = s.ingest.all().filter((h) => visible.has(h.cameraId));
        return all.map((h) => view(h.cameraId, h));
      },
    );
  };
