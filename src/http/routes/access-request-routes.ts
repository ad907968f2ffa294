import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCESS_STATES, accessRequestInputSchema, accessStepSchema } from '../../core/access-requests/schemas.js';
import { principal, type Services } from '../context.js';
import { errorSchema, errors, uuidParams } from './schemas.js';

const requestSchema = z.object({
  id: z.string(),
  reference: z.string(),
  receivedOn: z.string(),
  dueOn: z.string().describe('receivedOn + one calendar month (RGPD art. 12(3)).'),
  extension: z.object({ dueOn: z.string(), reason: z.string() }).nullable(),
  cameraIds: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  description: z.string(),
  state: z.enum(ACCESS_STATES),
  outcome: z.enum(['answered', 'partially_answered', 'refused']).nullable(),
  outcomeOn: z.string().nullable(),
  outcomeReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(
    z.object({
      at: z.string(),
      by: z.string(),
      step: z.string(),
      note: z.string().optional(),
      copies: z.array(z.string()).optional().describe('answer: the anonymised copies given.'),
    }),
  ),
  daysLeft: z.number().int().describe('Days to the deadline in force (the extension’s if any), centre time zone.'),
  overdue: z.boolean().describe('Past the deadline and still unanswered.'),
});

const tags = ['access-requests'];

/** Right-of-access requests over HTTP: supervisors (their sectors) and admins handle, auditors read. */
export const accessRequestRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/access-requests',
      {
        schema: {
          tags,
          summary: 'The register of access requests, newest received first (scoped to the caller’s sectors).',
          querystring: z.strictObject({ state: z.enum(ACCESS_STATES).optional() }),
          response: { 200: z.array(requestSchema), ...errors },
        },
      },
      async (req) => s.accessRequests.list(principal(req), req.query),
    );

    app.post(
      '/api/access-requests',
      {
        schema: {
          tags,
          summary: 'Register a request (journaled). 400 when its window reaches past the cameras’ retention.',
          body: accessRequestInputSchema,
          response: { 201: requestSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await s.accessRequests.create(principal(req), req.body, req.ip)),
    );

    app.get(
      '/api/access-requests/:id',
      {
        schema: {
          tags,
          summary: 'One access request.',
          params: uuidParams,
          response: { 200: requestSchema, ...errors },
        },
      },
      async (req) => s.accessRequests.get(principal(req), req.params.id),
    );

    app.post(
      '/api/access-requests/:id/steps',
      {
        schema: {
          tags,
          summary: 'One step: start, answer (full or partial), refuse, close, or extend the deadline (journaled).',
          description: '409 when the request’s state does not allow the step.',
          params: uuidParams,
          body: accessStepSchema,
          response: { 200: requestSchema, ...errors, 409: errorSchema },
        },
      },
      async (req) => s.accessRequests.step(principal(req), req.params.id, req.body, req.ip),
    );
  };
