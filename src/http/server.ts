import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Counter, Histogram } from 'prom-client';
import { authenticate, type HttpOptions, type Services } from './context.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { checkOrigin } from './origin.js';
import { accessCopyRoutes } from './routes/access-copy-routes.js';
import { accessRequestRoutes } from './routes/access-request-routes.js';
import { alarmBulkRoutes } from './routes/alarm-bulk-routes.js';
import { alarmRoutes } from './routes/alarm-routes.js';
import { alarmStreamRoutes } from './routes/alarm-stream-routes.js';
import { analyticsHealthRoutes } from './routes/analytics-health-routes.js';
import { analyticsRoutes } from './routes/analytics-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { bookmarkRoutes } from './routes/bookmark-routes.js';
import { cameraRoutes } from './routes/camera-routes.js';
import { consoleRoutes } from './routes/console-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { healthHistoryRoutes } from './routes/health-history-routes.js';
import { holdRoutes } from './routes/hold-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { legalRoutes } from './routes/legal-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { preferenceRoutes } from './routes/preference-routes.js';
import { publicRoutes } from './routes/public-routes.js';
import { publicSiteRoutes } from './routes/public-site-routes.js';
import { publicationRoutes } from './routes/publication-routes.js';
import { recordingRoutes } from './routes/recording-routes.js';
import { registerRoutes } from './routes/register-routes.js';
import { revealRoutes } from './routes/reveal-routes.js';
import { sectorRoutes } from './routes/sector-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { responseSerializerCompiler } from './serializer.js';

/** The HTTP API: zod schemas validate input, shape output and generate the OpenAPI document. */
export async function buildServer(
  services: Services,
  opts: HttpOptions,
  logger: FastifyBaseLogger,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: opts.bodyLimitBytes,
    trustProxy: opts.trustProxy,
    // Refusals are logged once in onResponse; per-request lines would drown the log at wall-refresh rates.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Imports arrive as text; their size limit is set per route.
  for (const type of ['text/csv', 'application/geo+json']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: opts.importLimitBytes }, (_req, body, done) =>
      done(null, body),
    );
  }

  // Authorisation documents arrive as bytes; the register checks they are a PDF and their size.
  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: services.legal.documentMaxBytes },
    (_req, body, done) => done(null, body),
  );

  const registry = services.metrics;
  const requests = new Counter({
    name: 'vigie_http_requests_total',
    help: 'HTTP requests.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'vigie_http_request_duration_seconds',
    help: 'HTTP request latency.',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: reply.statusCode });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400)
      req.log.info({ method: req.method, url: route, status: reply.statusCode }, 'request refused');
  });

  await app.register(fastifyCookie);
  // Before the auth hook: its onRequest hook marks upgrade requests, so a refused upgrade's socket gets closed.
  // Clients only ever send close frames; video goes one way.
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigie centre API',
        version: opts.version,
        description: 'Video-protection centre: fleet, users, audit journal, recordings, live view, events and alarms.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vigie_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Before authentication: a forged cross-site request is refused whatever its cookie.
  app.addHook('onRequest', checkOrigin);
  app.addHook('onRequest', authenticate(services));

  await app.register(authRoutes(services, opts));
  await app.register(cameraRoutes(services, opts));
  await app.register(sectorRoutes(services));
  await app.register(userRoutes(services));
  await app.register(auditRoutes(services));
  await app.register(ingestRoutes(services));
  await app.register(healthHistoryRoutes(services));
  await app.register(analyticsRoutes(services));
  await app.register(analyticsHealthRoutes(services));
  await app.register(eventRoutes(services));
  await app.register(recordingRoutes(services));
  await app.register(holdRoutes(services));
  await app.register(bookmarkRoutes(services));
  await app.register(legalRoutes(services));
  await app.register(accessRequestRoutes(services));
  await app.register(accessCopyRoutes(services));
  await app.register(registerRoutes(services));
  await app.register(publicationRoutes(services));
  if (services.publicRegister)
    await app.register(publicRoutes(services, services.publicRegister, opts.publicRateLimitPerMinute ?? 120));
  await app.register(systemRoutes(services, opts, registry));
  await app.register(liveRoutes(services));
  await app.register(revealRoutes(services));
  await app.register(alarmRoutes(services));
  await app.register(alarmBulkRoutes(services));
  await app.register(preferenceRoutes(services));
  await app.register(alarmStreamRoutes(services));
  await app.register(consoleRoutes(opts));
  await app.register(publicSiteRoutes());
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  return app;
}
