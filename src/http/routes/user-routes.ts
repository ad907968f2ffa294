import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userInputSchema, userPatchSchema, userSchema } from '../../core/users/schemas.js';
import { principal, SESSION_COOKIE, type Services } from '../context.js';
import { errorSchema, errors, okSchema, uuidParams } from './schemas.js';

export const userRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/users',
      { schema: { tags: ['users'], summary: 'All users (admin).', response: { 200: z.array(userSchema), ...errors } } },
      async (req) => s.users.list(principal(req)),
    );
    app.post(
      '/api/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user (admin).',
          body: userInputSchema,
          response: { 201: userSchema, ...errors, 409: errorSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await s.users.create(principal(req), req.body, req.ip)),
    );
    app.patch(
      '/api/users/:id',
      {
        schema: {
          tags: ['users'],
          summary:
            "Change a user (admin); anyone may change their own password, giving the current one. A new password or a disable ends the user's other sessions and API tokens.",
          params: uuidParams,
          body: userPatchSchema,
          response: { 200: userSchema, ...errors, 409: errorSchema },
        },
      },
      async (req) => s.users.update(principal(req), req.params.id, req.body, req.ip, req.cookies[SESSION_COOKIE]),
    );
    app.delete(
      '/api/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'Delete a user (admin).',
          params: uuidParams,
          response: { 200: okSchema, ...errors, 409: errorSchema },
        },
      },
      async (req) => {
        await s.users.remove(principal(req), req.params.id, req.ip);
        return { ok: true as const };
      },
    );
  };
