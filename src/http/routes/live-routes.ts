import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { forbidden } from '../../core/errors.js';
import type { LiveViewer } from '../../core/live/live-port.js';
import type { LiveTarget } from '../../core/live/live-service.js';
import { REVEAL_ENDED, type RevealEnded } from '../../core/live/reveal-service.js';
import { principal, type Services } from '../context.js';
import { sameOrigin } from '../origin.js';
import { watchAccess } from '../stream-access.js';
import { idParams } from './schemas.js';

const liveQuery = z.strictObject({
  stream: z.enum(['sub', 'main']).default('sub').describe('sub (wall) or main (full resolution).'),
});

// Resolved before the upgrade, so a refusal is a plain HTTP answer (401/403/404) and no socket ever opens.
const targets = new WeakMap<FastifyRequest, LiveTarget>();

/** A clear view lasts as long as its reveal: closed with 4001 when it ends (expiry, DELETE), the timer as a backstop. */
function closeAtRevealEnd(s: Services, revealId: string, untilMs: number | null, socket: WebSocket): () => void {
  const close = () => socket.close(4001, 'reveal ended');
  const off = s.bus.subscribe(REVEAL_ENDED, (p) => {
    if ((p as RevealEnded).id === revealId) close();
  });
  // The service's own timer ends the reveal (and journals it); this one only guards against a lost message.
  const t = untilMs === null ? undefined : setTimeout(close, Math.max(0, untilMs - s.clock.now()) + 1000);
  return () => {
    off();
    clearTimeout(t);
  };
}

/**
 * `GET /api/live/:id?stream=sub|main` (WebSocket): a JSON `{type:'init', codec, stream, privacy, revealUntil}` text
 * message (privacy: blurred, clear under a reveal until revealUntil, or off), the binary
 * init segment, then binary fMP4 fragments; `{type:'status', status}` text messages may come at any time.
 */
export const liveRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/live/:id',
      {
        websocket: true,
        schema: { params: idParams, querystring: liveQuery },
        preHandler: async (req) => {
          if (!sameOrigin(req)) throw forbidden('cross-origin WebSocket refused');
          targets.set(req, await s.live.resolve(principal(req), req.params.id, req.query.stream));
        },
      },
      async (socket: WebSocket, req) => {
        const target = targets.get(req);
        if (!target) return socket.close(1011, 'not resolved');
        const send = (data: string | Buffer) => {
          if (socket.readyState === socket.OPEN) socket.send(data);
        };
        // The init message comes first; until then a client shows "connecting" by itself.
        let started = false;
        const viewer: LiveViewer = {
          buffered: () => socket.bufferedAmount,
          init: (seg) => {
            started = true;
            const revealUntil = target.revealUntil === null ? null : new Date(target.revealUntil).toISOString();
            const privacy = target.privacy;
            send(
              JSON.stringify({ type: 'init', codec: seg.codec ?? null, stream: target.stream, privacy, revealUntil }),
            );
            send(seg.data);
          },
          fragment: (data) => send(data),
          drop: (reason) => socket.close(1013, reason.slice(0, 120)),
          // Upstream details (addresses, ffmpeg messages) stay on the server.
          status: (status) => started && send(JSON.stringify({ type: 'status', status })),
        };
        let view: { end(): Promise<void> } | undefined;
        let closed = false;
        // Rights are re-checked while the view lasts: a logout, disable, password or sector change (pushed on the
        // bus), an expired session (periodic check) or the camera moving out of the viewer's sectors ends it.
        const unwatch = watchAccess(s, req, {
          check: async () => {
            const now = await s.live.resolve(principal(req), target.cameraId, target.stream);
            // The camera's (or sector's) privacy changed: the client reconnects and gets the feed it is due now.
            if (now.privacy !== target.privacy && target.privacy !== 'clear') socket.close(4001, 'privacy changed');
          },
          end: () => socket.close(4403, 'access ended'),
          everyMs: s.live.recheckMs,
          onFleetChange: (c) => !c.cameraId || c.cameraId === target.cameraId,
        });
        const unreveal = target.revealId ? closeAtRevealEnd(s, target.revealId, target.revealUntil, socket) : () => {};
        socket.on('close', () => {
          unwatch();
          unreveal();
          closed = true;
          view
            ?.end()
            .catch((e: Error) => req.log.error({ err: e, camera: target.cameraId }, 'live view not journaled'));
        });
        try {
          view = await s.live.watch(principal(req), target, req.ip, viewer);
        } catch (e) {
          req.log.error({ err: e, camera: target.cameraId }, 'live view refused');
          return socket.close(1011, 'live view unavailable');
        }
        // The client may have left while the start was being journaled.
        if (closed) await view.end();
      },
    );
  };
