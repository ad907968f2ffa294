import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { analyticsConfigSchema, ruleJsonSchema } from '../../core/analytics/schemas.js';
import type { Permission } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { errors, idParams } from './schemas.js';

const schemaAnswer = z
  .strictObject({
    rule: z
      .record(z.string(), z.unknown())
      .describe('JSON Schema (draft 2020-12) of one scene rule: a oneOf on `kind`, as PUT …/analytics validates it.'),
  })
  .describe('The analytics configuration schemas, for forms built from them.');

export const analyticsRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const rule = ruleJsonSchema();
    app.get(
      '/api/analytics/schema',
      {
        schema: {
          tags: ['analytics'],
          summary:
            'JSON Schema of the scene rules, the same the API validates them with (the console builds forms from it).',
          response: { 200: schemaAnswer, ...errors },
        },
      },
      async (req) => {
        principal(req, 'fleet.read');
        return { rule };
      },
    );

    // Scope and rights come before input validation: a camera out of reach is 404 whatever is sent.
    const guard = (perm: Permission) => async (req: FastifyRequest) => {
      await s.fleet.get(principal(req), String((req.params as { id?: unknown }).id));
      principal(req, perm);
    };

    app.get(
      '/api/cameras/:id/analytics',
      {
        preValidation: guard('fleet.read'),
        schema: {
          tags: ['analytics'],
          summary: 'Analytics configuration of a camera.',
          params: idParams,
          response: { 200: analyticsConfigSchema, ...errors },
        },
      },
      async (req) => s.analytics.get(principal(req), req.params.id),
    );

    app.put(
      '/api/cameras/:id/analytics',
      {
        preValidation: guard('fleet.write'),
        schema: {
          tags: ['analytics'],
          summary: 'Replace the analytics configuration of a camera (zones, lines, rules, privacy masks); journaled.',
          params: idParams,
          body: analyticsConfigSchema,
          response: { 200: analyticsConfigSchema, ...errors },
        },
      },
      async (req) => s.analytics.put(principal(req), req.params.id, req.body, req.ip),
    );
  };
