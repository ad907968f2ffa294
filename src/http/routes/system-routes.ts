import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import type { HttpOptions, Services } from '../context.js';

export const systemRoutes =
  (s: Services, o: HttpOptions, registry: Registry): FastifyPluginAsyncZod =>
  async (app) => {
    const started = Date.now();
    new Gauge({
      name: 'vigie_cameras',
      help: 'Cameras in the fleet, by sector.',
      labelNames: ['sector'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [sector, n] of await s.store.cameras.countBySector()) this.set({ sector }, n);
      },
    });

    app.get(
      '/api/health',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: 'Liveness and store reachability (no authentication).',
          response: {
            200: z.object({
              status: z.literal('ok'),
              version: z.string(),
              uptimeSeconds: z.number(),
              store: z.string(),
            }),
            503: z.object({
              status: z.literal('degraded'),
              version: z.string(),
              uptimeSeconds: z.number(),
              store: z.string(),
            }),
          },
        },
      },
      async (_req, reply) => {
        const uptimeSeconds = Math.round((Date.now() - started) / 1000);
        try {
          await s.store.ping();
          return { status: 'ok' as const, version: o.version, uptimeSeconds, store: s.store.kind };
        } catch (e) {
          return reply.status(503).send({
            status: 'degraded' as const,
            version: o.version,
            uptimeSeconds,
            store: `${s.store.kind}: ${(e as Error).message}`,
          });
        }
      },
    );

    app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  };
