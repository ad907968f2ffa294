import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../core/shared/ids.js';
import { principal, type Services } from '../context.js';
import { isoTime } from './recording-routes.js';
import { errors, idParams } from './schemas.js';

const revealBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(5, 'say why you reveal in 5 characters or more')
      .max(500)
      .optional()
      .describe('Why the camera is seen clear (5..500 characters); or give the alarm it is opened from.'),
    alarmId: z.uuid('must be a UUID').optional().describe('An alarm of this camera the reveal is opened from.'),
  })
  .describe('A reveal needs a reason or an alarm of the camera.');

const revealOut = z.object({
  id: z.string(),
  cameraId: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  alarmId: z.string().nullable(),
  from: z.string(),
  until: z.string().describe('When the blur comes back (from + live.revealSeconds).'),
});

const reportQuery = z.strictObject({
  from: isoTime.optional().describe('Reveals started at or after this time.'),
  to: isoTime.optional().describe('Reveals started before this time.'),
  cameraId: idSchema.optional(),
  actor: z.string().min(1).max(200).optional().describe('Username of who revealed.'),
});

/** Reveals (issue 21): a blurred camera seen clear, live, by one user, for live.revealSeconds, with why. */
export const revealRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/live/:id/reveal',
      {
        schema: {
          tags: ['live'],
          summary:
            'See this camera clear (people not blurred) for live.revealSeconds, saying why; journaled. A reveal in force is answered as is (200).',
          params: idParams,
          body: revealBody,
          response: { 200: revealOut, 201: revealOut, ...errors },
        },
      },
      async (req, reply) => {
        const r = await s.reveals.create(principal(req), req.params.id, req.body, req.ip);
        return reply.status(r.created ? 201 : 200).send(r.reveal);
      },
    );
    app.delete(
      '/api/live/:id/reveal',
      {
        schema: {
          tags: ['live'],
          summary: 'End my reveal of this camera now (its clear views close with 4001).',
          params: idParams,
          response: { 204: z.null().describe('Ended, or none was in force.'), ...errors },
        },
      },
      async (req, reply) => {
        await s.reveals.end(principal(req), req.params.id, req.ip);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/api/reveals',
      {
        schema: {
          tags: ['live'],
          summary: 'The reveal report: who saw which camera clear, when, why, and how it ended; newest first.',
          querystring: reportQuery,
          response: {
            200: z.object({
              items: z.array(
                revealOut.extend({
                  cameraName: z.string(),
                  endedAt: z.string().nullable().describe('Null while in force.'),
                  how: z
                    .enum(['early', 'expired'])
                    .nullable()
                    .describe('Ended by its user, or by its time running out.'),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const q = req.query;
        return s.reveals.list(principal(req), {
          ...(q.from && { fromMs: Date.parse(q.from) }),
          ...(q.to && { toMs: Date.parse(q.to) }),
          ...(q.cameraId && { cameraId: q.cameraId }),
          ...(q.actor && { actor: q.actor }),
        });
      },
    );
  };
