import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EvidenceHold } from '../../core/ports/recordings.js';
import type { Permission } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { cameraGuard, from, reason, spanCheck, to } from './recording-routes.js';
import { errorSchema, errors, idParams } from './schemas.js';

const holdBody = z
  .strictObject({ from, to, reason: reason.describe('Legal reference, e.g. a requisition number.') })
  .superRefine(spanCheck());
const holdSchema = z.object({
  id: z.string(),
  cameraId: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  releasedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
});
const holdParams = z.strictObject({ holdId: z.uuid('must be a UUID') });

const holdOut = ({ fromMs, toMs, ...h }: EvidenceHold) => ({
  ...h,
  from: new Date(fromMs).toISOString(),
  to: new Date(toMs).toISOString(),
});

/** Evidence holds (L5): admins and supervisors put footage beyond retention, auditors read; all journaled. */
export const holdRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const guard = cameraGuard(s);
    // An unknown hold, or one of a camera out of scope, answers 404 before the body is even read.
    const holdGuard = (perm: Permission) => async (req: FastifyRequest) => {
      await s.holds.get(principal(req, perm), String((req.params as { holdId?: unknown }).holdId));
    };

    app.get(
      '/api/cameras/:id/holds',
      {
        preValidation: guard('holds.read'),
        schema: {
          tags: ['holds'],
          summary: 'Evidence holds of a camera, newest first.',
          params: idParams,
          querystring: z.strictObject({
            active: z.enum(['true', 'false']).default('false').describe('Only holds not released.'),
          }),
          response: { 200: z.array(holdSchema), ...errors },
        },
      },
      async (req) => (await s.holds.list(principal(req), req.params.id, req.query.active === 'true')).map(holdOut),
    );

    app.post(
      '/api/cameras/:id/holds',
      {
        preValidation: guard('holds.manage'),
        schema: {
          tags: ['holds'],
          summary: 'Put a range under evidence hold: retention keeps it until released (admin, supervisor; journaled).',
          description:
            'The range must hold recorded footage within the legal retention reach, the reason must name a legal reference (8+ characters). 409 when the active holds would keep more than recordings.holdsMaxPercent of the recordings budget.',
          params: idParams,
          body: holdBody,
          response: { 201: holdSchema, ...errors, 409: errorSchema },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const h = await s.holds.create(
          principal(req),
          req.params.id,
          { fromMs: Date.parse(b.from), toMs: Date.parse(b.to), reason: b.reason },
          req.ip,
        );
        return reply.status(201).send(holdOut(h));
      },
    );

    app.get(
      '/api/holds/:holdId',
      {
        preValidation: holdGuard('holds.read'),
        schema: {
          tags: ['holds'],
          summary: 'One evidence hold.',
          params: holdParams,
          response: { 200: holdSchema, ...errors },
        },
      },
      async (req) => holdOut(await s.holds.get(principal(req), req.params.holdId)),
    );

    app.post(
      '/api/holds/:holdId/release',
      {
        preValidation: holdGuard('holds.manage'),
        schema: {
          tags: ['holds'],
          summary: 'Release an evidence hold: its footage returns to normal retention (journaled).',
          params: holdParams,
          body: z.strictObject({ note: z.string().max(500).optional().describe('Why it is released.') }).nullish(),
          response: { 200: holdSchema, ...errors, 409: errorSchema },
        },
      },
      async (req) => holdOut(await s.holds.release(principal(req), req.params.holdId, req.body?.note ?? '', req.ip)),
    );
  };
