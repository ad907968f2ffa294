import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import {
  alarmOut,
  alarmSchema,
  alarmWithEventsSchema,
  assignBody,
  closeBody,
  commentBody,
  listQuery,
  statsQuery,
  statsSchema,
} from './alarm-schemas.js';
import { errorSchema, errors, uuidParams } from './schemas.js';

const acted = { 200: alarmSchema, ...errors, 409: errorSchema };

/** The alarm queue: reading within one's sectors, and the human steps from acknowledgement to disposition. */
export const alarmRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // Rights and sector scope come before input validation: an alarm out of scope answers 404 whatever was sent.
    const guard = (perm: Permission) => async (req: FastifyRequest) => {
      await s.alarms.get(principal(req, perm), String((req.params as { id?: unknown }).id));
    };
    const range = (q: { from?: number; to?: number }) => ({
      ...(q.from !== undefined && { fromMs: q.from }),
      ...(q.to !== undefined && { toMs: q.to }),
    });

    app.get(
      '/api/alarms',
      {
        schema: {
          tags: ['alarms'],
          summary: 'Alarms of the cameras I may see, newest first, with filters and paging.',
          querystring: listQuery,
          response: { 200: z.object({ items: z.array(alarmSchema), total: z.number() }), ...errors },
        },
      },
      async (req) => {
        const { from, to, ...q } = req.query;
        const r = await s.alarms.list(principal(req, 'alarms.read'), { ...q, ...range({ from, to }) });
        return { items: r.items.map(alarmOut), total: r.total };
      },
    );

    app.get(
      '/api/alarms/stats',
      {
        schema: {
          tags: ['alarms'],
          summary: 'Alarm counts per kind, camera, state and disposition, with the false-alarm rate per kind.',
          querystring: statsQuery,
          response: { 200: statsSchema, ...errors },
        },
      },
      async (req) => {
        const { from, to, ...q } = req.query;
        return s.alarms.stats(principal(req, 'alarms.read'), { ...q, ...range({ from, to }) });
      },
    );

    app.get(
      '/api/alarms/:id',
      {
        preValidation: guard('alarms.read'),
        schema: {
          tags: ['alarms'],
          summary: 'One alarm, its history and its newest events.',
          params: uuidParams,
          response: { 200: alarmWithEventsSchema, ...errors },
        },
      },
      async (req) => {
        const { alarm, events } = await s.alarms.events(principal(req), req.params.id);
        return { ...alarmOut(alarm), events };
      },
    );

    const opts = <B extends z.ZodType>(summary: string, body: B) => ({
      preValidation: guard('alarms.handle'),
      schema: { tags: ['alarms'], summary, params: uuidParams, body, response: acted },
    });

    app.post(
      '/api/alarms/:id/acknowledge',
      opts('Acknowledge a new alarm: someone is on it (journaled).', z.strictObject({}).nullish()),
      async (req) => alarmOut(await s.alarms.acknowledge(principal(req), req.params.id, req.ip)),
    );
    app.post(
      '/api/alarms/:id/assign',
      opts('Hand the alarm to a user authorised for its sector; a new alarm is acknowledged too.', assignBody),
      async (req) => alarmOut(await s.alarms.assign(principal(req), req.params.id, req.body.userId, req.ip)),
    );
    app.post(
      '/api/alarms/:id/comment',
      opts('Add a comment to an open alarm (journaled without its text).', commentBody),
      async (req) => alarmOut(await s.alarms.comment(principal(req), req.params.id, req.body.text, req.ip)),
    );
    app.post(
      '/api/alarms/:id/close',
      opts('Close the alarm with its disposition; a new alarm is acknowledged too.', closeBody),
      async (req) => {
        const b = req.body;
        return alarmOut(await s.alarms.close(principal(req), req.params.id, b.disposition, b.comment, req.ip));
      },
    );
  };
