import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import type { HttpOptions, Services } from '../context.js';

const journalHealth = z
  .string()
  .describe(
    'ok, unverified (the centre has not started its roles) or tampered: <first problem>; a tampered journal makes the centre degraded.',
  );

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
        for (const [sector, n] of Object.entries(await s.store.cameras.countBySector())) this.set({ sector }, n);
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
              auditJournal: journalHealth,
            }),
            503: z.object({
              status: z.literal('degraded'),
              version: z.string(),
              uptimeSeconds: z.number(),
              store: z.string(),
              auditJournal: journalHealth,
            }),
          },
        },
      },
      async (_req, reply) => {
        const uptimeSeconds = Math.round((Date.now() - started) / 1000);
        const j = s.journalIntegrity.status();
        const auditJournal =
          j.state === 'tampered' ? `tampered: ${j.problems[0]?.message} (${j.problems.length} problems)` : j.state;
        const base = { version: o.version, uptimeSeconds, auditJournal };
        try {
          await s.store.ping();
        } catch (e) {
          return reply
            .status(503)
            .send({ status: 'degraded' as const, ...base, store: `${s.store.kind}: ${(e as Error).message}` });
        }
        if (j.state === 'tampered')
          return reply.status(503).send({ status: 'degraded' as const, ...base, store: s.store.kind });
        return { status: 'ok' as const, ...base, store: s.store.kind };
      },
    );

    app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  };
