import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COCO_CLASSES } from '../../analytics/detect/coco-classes.js';
import { eventKinds } from '../../core/ports/recordings.js';
import { idSchema } from '../../core/shared/ids.js';
import { principal, type Services } from '../context.js';
import { errors, uuidParams } from './schemas.js';

export const eventSchema = z.object({
  id: z.string(),
  cameraId: z.string(),
  kind: z.enum(eventKinds),
  startedAt: z.number().describe('Epoch ms.'),
  endedAt: z.number().optional(),
  score: z.number(),
  zoneId: z.string().optional(),
  trackIds: z.array(z.number()),
  box: z.array(z.number()).optional(),
  snapshot: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  authorisationId: z
    .string()
    .optional()
    .describe(
      'The authorisation it was produced under (law.md L4): for an analytic event the algorithmic_processing one ' +
        "covering its family, for a technical one the camera's video_protection one; absent when none covered it.",
    ),
});

export const isoMs = (field: string) =>
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), `${field} must be an ISO date-time`)
    .transform((s) => Date.parse(s));

export const eventRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/events',
      {
        schema: {
          tags: ['events'],
          summary: 'Events of the cameras I may see, newest first.',
          querystring: z.strictObject({
            cameraId: idSchema.optional(),
            sectorId: idSchema.optional().describe("Only this sector's cameras (within your own sectors)."),
            kind: z.enum(eventKinds).optional(),
            zoneId: idSchema.optional().describe('Only events in this zone.'),
            objectClass: z
              .enum(COCO_CLASSES as [string, ...string[]])
              .optional()
              .describe('Only events about this kind of object (person, car…).'),
            disposition: z
              .enum(['confirmed', 'false_alarm', 'not_actionable'])
              .optional()
              .describe('Only events whose alarm was closed so.'),
            from: isoMs('from').optional(),
            to: isoMs('to').optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.array(eventSchema), ...errors },
        },
      },
      async (req) => {
        const q = req.query;
        return s.eventQueries.search(principal(req, 'fleet.read'), {
          ...(q.cameraId && { cameraId: q.cameraId }),
          ...(q.sectorId && { sectorId: q.sectorId }),
          ...(q.zoneId && { zoneId: q.zoneId }),
          ...(q.objectClass && { objectClass: q.objectClass }),
          ...(q.disposition && { disposition: q.disposition }),
          ...(q.kind && { kinds: [q.kind] }),
          ...(q.from !== undefined && { fromMs: q.from }),
          ...(q.to !== undefined && { toMs: q.to }),
          limit: q.limit,
        });
      },
    );
    app.get(
      '/api/events/:id',
      {
        schema: {
          tags: ['events'],
          summary: 'One event.',
          params: uuidParams,
          response: { 200: eventSchema, ...errors },
        },
      },
      async (req) => s.eventQueries.get(principal(req, 'fleet.read'), req.params.id),
    );
    app.get(
      '/api/events/:id/snapshot.jpg',
      {
        schema: {
          tags: ['events'],
          summary: "The event's snapshot (privacy masks applied); journaled.",
          params: uuidParams,
          produces: ['image/jpeg'],
        },
      },
      async (req, reply) => {
        const rel = await s.eventQueries.openSnapshot(principal(req, 'recordings.view'), req.params.id, req.ip);
        return reply
          .type('image/jpeg')
          .header('cache-control', 'private, no-store')
          .send(createReadStream(s.snapshots.absolute(rel)));
      },
    );
  };
