import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import { LEGAL_CHANGED } from '../../core/legal/legal-register.js';
import { filmingWithoutBasis } from '../../core/legal/video-basis.js';
import { FLEET_CHANGED } from '../../core/ports/bus.js';
import type { HttpOptions, Services } from '../context.js';

/** A camera not recording for this long counts against health (a restart or a short drop does not). */
const NOT_RECORDING_GRACE_MS = 60_000;

/** Storage past its budget or floor, and cameras that should record but have not for a while. */
function recordingProblems(s: Services): string[] {
  const now = Date.now();
  const down = s.ingest
    .all()
    .filter((h) => h.state !== 'online' && now - h.since > NOT_RECORDING_GRACE_MS)
    .map((h) => h.cameraId)
    .sort();
  const cams = down.length ? [`${down.length} camera(s) not recording: ${down.slice(0, 20).join(', ')}`] : [];
  return [...s.storageWatch.problems(), ...cams];
}

/** How long the list of cameras filming without a basis is reused by health and metrics (never past its day). */
const BASIS_TTL_MS = 5_000;

/**
 * Cameras in service that film without a video_protection authorisation today (law.md L4): said, not stopped. Health
 * and metrics are polled and the answer reads the whole fleet, so it is kept a few seconds, and dropped at once when
 * the fleet or the register changes.
 */
function basisWatch(s: Services) {
  let cached: { at: number; day: string; ids: Promise<string[]> } | undefined;
  const drop = () => (cached = undefined);
  s.bus.subscribe(FLEET_CHANGED, drop);
  s.bus.subscribe(LEGAL_CHANGED, drop);
  return () => {
    const now = Date.now();
    const day = s.legal.day();
    if (!cached || cached.day !== day || now - cached.at > BASIS_TTL_MS) {
      const ids = s.fleet.all().then((cams) => filmingWithoutBasis(s.legal, cams));
      ids.catch(drop);
      cached = { at: now, day, ids };
    }
    return cached.ids;
  };
}

const journalHealth = z
  .string()
  .describe(
    'ok, unverified (the centre has not started its roles) or tampered: <first problem>; a tampered journal makes the centre degraded.',
  );

const liveBlurHealth = z
  .object({
    streams: z.number().describe('Live streams running with people blurred on the server.'),
    warming: z.number().describe('Of those, still hiding the whole picture (no background model yet).'),
    droppedFrames: z.number().describe('Pictures not blurred in time since they started: held on screen, never clear.'),
  })
  .describe('The live privacy blur (counts only: this answer is public).');

export const systemRoutes =
  (s: Services, o: HttpOptions, registry: Registry): FastifyPluginAsyncZod =>
  async (app) => {
    const started = Date.now();
    const withoutBasis = basisWatch(s);
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

    new Gauge({
      name: 'vigie_cameras_without_legal_basis',
      help: 'Cameras in service filming without a video_protection authorisation in force today (law.md L4).',
      registers: [registry],
      async collect() {
        this.set((await withoutBasis()).length);
      },
    });

    new Gauge({
      name: 'vigie_live_blurred_streams',
      help: 'Live streams running with people blurred on the server (issue 21).',
      registers: [registry],
      collect() {
        this.set(s.liveBlur.streams().length);
      },
    });

    app.get(
      '/api/health',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary:
            'Liveness (no authentication): 200 ok, or 200 degraded with the reasons (recording impaired, journal tampered); 503 when the store is unreachable.',
          response: {
            200: z.object({
              status: z
                .enum(['ok', 'degraded'])
                .describe('degraded: the API works but recording is impaired (see reasons).'),
              version: z.string(),
              uptimeSeconds: z.number(),
              store: z.string(),
              reasons: z
                .array(z.string())
                .optional()
                .describe(
                  'When degraded: what impairs recording, a tampered journal, cameras filming without a basis.',
                ),
              auditJournal: journalHealth,
              liveBlur: liveBlurHealth,
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
        // A tampered journal is a reason like a full disk: the API still answers, the store is reachable.
        // Filming without an authorisation is unlawful, not an outage: the centre keeps recording and says so.
        const unlawful = (await withoutBasis()).length;
        const reasons = [
          ...recordingProblems(s),
          ...(j.state === 'tampered' ? [`audit journal ${auditJournal}`] : []),
          ...(unlawful ? [`${unlawful} camera(s) film without a video_protection authorisation`] : []),
        ];
        const blurred = s.liveBlur.streams();
        const liveBlur = {
          streams: blurred.length,
          warming: blurred.filter((b) => b.lastMode === 'warming').length,
          droppedFrames: blurred.reduce((n, b) => n + b.dropped, 0),
        };
        const ok = { ...base, store: s.store.kind, liveBlur };
        return reasons.length ? { status: 'degraded' as const, ...ok, reasons } : { status: 'ok' as const, ...ok };
      },
    );

    app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  };
