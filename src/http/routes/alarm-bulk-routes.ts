import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_SNOOZE_MINUTES } from '../../core/alarms/snoozes.js';
import { dispositions, type Snooze } from '../../core/ports/alarms.js';
import { eventKinds } from '../../core/ports/recordings.js';
import { idSchema } from '../../core/shared/ids.js';
import { principal, type Services } from '../context.js';
import { alarmOut, alarmSchema } from './alarm-schemas.js';
import { errors, uuidParams } from './schemas.js';

/** The most alarms one bulk close takes: a screenful, not the whole history. */
const MAX_BULK = 200;

const bulkCloseBody = z.strictObject({
  ids: z.array(z.uuid('must be a UUID')).min(1).max(MAX_BULK).describe(`The alarms to close (1 to ${MAX_BULK}).`),
  disposition: z.enum(dispositions).describe('One disposition for all of them.'),
  comment: z.string().trim().max(2000).optional().describe('Why, in a few words (kept on each alarm).'),
});

const bulkResult = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['closed', 'not_found', 'already_closed', 'refused']).describe('What happened to this id.'),
      message: z.string().optional(),
      alarm: alarmSchema.optional().describe('The alarm as closed.'),
    }),
  ),
  closed: z.number().describe('How many were closed by this call.'),
});

const snoozeBody = z.strictObject({
  cameraId: idSchema.describe('The camera whose alarms of this kind are silenced.'),
  kind: z.enum(eventKinds).describe('The kind of event that raises no alarm meanwhile (its events are still stored).'),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_SNOOZE_MINUTES)
    .describe(`For how long, 1 to ${MAX_SNOOZE_MINUTES} minutes.`),
  reason: z.string().trim().min(3).max(500).describe('Why (journaled).'),
});

export const snoozeSchema = z.object({
  id: z.string(),
  cameraId: z.string(),
  sectorId: z.string().nullable(),
  kind: z.enum(eventKinds),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.number().describe('Epoch ms.'),
  until: z.number().describe('Epoch ms: alarms are raised again from then on.'),
  endedAt: z.number().nullable().describe('Epoch ms: ended early.'),
  endedBy: z.string().nullable(),
});

export const snoozeOut = (s: Snooze) => ({
  id: s.id,
  cameraId: s.cameraId,
  sectorId: s.sectorId,
  kind: s.kind,
  reason: s.reason,
  createdBy: s.createdBy,
  createdAt: s.createdAtMs,
  until: s.untilMs,
  endedAt: s.endedAtMs,
  endedBy: s.endedBy,
});

/** Work on many alarms at once: bulk close with one disposition, and snoozes of a camera's kind. */
export const alarmBulkRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/alarms/close',
      {
        schema: {
          tags: ['alarms'],
          summary: 'Close several alarms with one disposition, each as a single close (journaled per alarm).',
          body: bulkCloseBody,
          response: { 200: bulkResult, ...errors },
        },
      },
      async (req) => {
        const b = req.body;
        const r = await s.alarms.closeMany(principal(req, 'alarms.handle'), b.ids, b.disposition, b.comment, req.ip);
        const results = r.map(({ alarm, ...x }) => ({ ...x, ...(alarm && { alarm: alarmOut(alarm) }) }));
        return { results, closed: r.filter((x) => x.outcome === 'closed').length };
      },
    );

    app.get(
      '/api/alarms/snoozes',
      {
        schema: {
          tags: ['alarms'],
          summary: 'Running snoozes of the cameras I may see, soonest end first.',
          response: { 200: z.array(snoozeSchema), ...errors },
        },
      },
      async (req) => (await s.alarms.snoozes.active(principal(req, 'alarms.read'))).map(snoozeOut),
    );

    app.post(
      '/api/alarms/snoozes',
      {
        // Rights and camera scope first: a camera out of sight answers 404 whatever else was sent.
        preValidation: async (req) => {
          const p = principal(req, 'alarms.handle');
          const cameraId = (req.body as { cameraId?: unknown } | undefined)?.cameraId;
          if (typeof cameraId === 'string') await s.fleet.get(p, cameraId);
        },
        schema: {
          tags: ['alarms'],
          summary: "Silence a camera's kind for N minutes: its events are stored but raise no alarm (journaled).",
          body: snoozeBody,
          response: { 201: snoozeSchema, ...errors },
        },
      },
      async (req, reply) => {
        const snooze = await s.alarms.snoozes.create(principal(req, 'alarms.handle'), req.body, req.ip);
        return reply.code(201).send(snoozeOut(snooze));
      },
    );

    app.delete(
      '/api/alarms/snoozes/:id',
      {
        schema: {
          tags: ['alarms'],
          summary: 'End a running snooze now: alarms are raised again (journaled).',
          params: uuidParams,
          response: { 200: snoozeSchema, ...errors },
        },
      },
      async (req) => snoozeOut(await s.alarms.snoozes.end(principal(req, 'alarms.handle'), req.params.id, req.ip)),
    );
  };
