import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AnalyticsHealth } from '../../core/ports/analytics-status.js';
import { sectorScope } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { errors, idParams } from './schemas.js';

export const analyticsHealthSchema = z
  .object({
    cameraId: z.string(),
    state: z
      .enum(['starting', 'running', 'failed', 'off'])
      .describe('off: analytics not enabled (or the centre runs none); failed: retried, see error and retryAt.'),
    since: z.string().nullable(),
    error: z.string().nullable().describe('Why the last start failed.'),
    attempts: z.number().describe('Failed starts in a row.'),
    retryAt: z.string().nullable(),
    received: z.number().describe('Frames handed to analysis.'),
    analysed: z.number(),
    dropped: z.number().describe('Frames dropped because analysis fell behind.'),
    failed: z.number(),
    queueDelayMs: z.number().describe('From frame arrival to analysis result, recent mean.'),
    msPerFrame: z.number().describe('Analysis time per frame, recent mean.'),
    detectorMsShare: z.number().describe('Share of the analysis time the detector takes.'),
    detectorFrameShare: z.number().describe('Share of analysed frames the detector ran on.'),
    behind: z.boolean().describe('Recently dropping frames or answering late: alarms may come late or not at all.'),
    running: z.unknown().describe("What the analysis worker runs: the camera's spec as it received it, and precision."),
  })
  .describe("How a camera's live analytics fare.");

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function analyticsHealthView(cameraId: string, h: AnalyticsHealth | undefined) {
  if (h) return { ...h, since: iso(h.since), retryAt: iso(h.retryAt) };
  return {
    cameraId,
    state: 'off' as const,
    since: null,
    error: null,
    attempts: 0,
    retryAt: null,
    received: 0,
    analysed: 0,
    dropped: 0,
    failed: 0,
    queueDelayMs: 0,
    msPerFrame: 0,
    detectorMsShare: 0,
    detectorFrameShare: 0,
    behind: false,
    running: null,
  };
}

export const analyticsHealthRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cameras/:id/analytics/health',
      {
        schema: {
          tags: ['analytics'],
          summary: "How a camera's live analytics fare: frames analysed and dropped, delay, detector share.",
          params: idParams,
          response: { 200: analyticsHealthSchema, ...errors },
        },
      },
      async (req) => {
        const cam = await s.fleet.get(principal(req, 'fleet.read'), req.params.id);
        return analyticsHealthView(cam.id, s.analyticsStatus.health(cam.id));
      },
    );
    app.get(
      '/api/analytics/health',
      {
        schema: {
          tags: ['analytics'],
          summary: 'Live analytics health of every analysed camera I may see.',
          response: { 200: z.array(analyticsHealthSchema), ...errors },
        },
      },
      async (req) => {
        const p = principal(req, 'fleet.read');
        const visible = new Set((await s.fleet.all(sectorScope(p))).map((c) => c.id));
        return s.analyticsStatus
          .all()
          .filter((h) => visible.has(h.cameraId))
          .map((h) => analyticsHealthView(h.cameraId, h));
      },
    );
  };
