import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { ALARMS_TOPIC, type AlarmMessage } from '../../core/alarms/alarm-writer.js';
import { SNOOZES_TOPIC, type SnoozeMessage } from '../../core/alarms/snoozes.js';
import { forbidden } from '../../core/errors.js';
import { canSeeSector } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { sameOrigin } from '../origin.js';
import { watchAccess } from '../stream-access.js';
import { snoozeOut } from './alarm-bulk-routes.js';
import { alarmOut } from './alarm-schemas.js';

/** A console that cannot keep up is disconnected (it reloads the queue on reconnect) rather than buffered forever. */
const MAX_BUFFERED_BYTES = 1 << 20;

export const alarmStream = { recheckMs: 30_000 };

/**
 * `GET /api/alarms/stream` (WebSocket): `{type:'ready'}` once subscribed, then `{type:'alarm', change, alarm}` for
 * every change of an alarm the caller may see (their sectors only), and `{type:'snooze', change, snooze}` when a
 * snooze of their sectors starts or ends. Clients only ever send close frames.
 */
export const alarmStreamRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/alarms/stream',
      {
        websocket: true,
        schema: {
          tags: ['alarms'],
          summary: 'WebSocket: alarm changes within my sectors, as JSON messages.',
        },
        preHandler: async (req) => {
          if (!sameOrigin(req)) throw forbidden('cross-origin WebSocket refused');
          principal(req, 'alarms.read');
        },
      },
      async (socket: WebSocket, req) => {
        const send = (msg: unknown) => {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(1013, 'too slow: reload the queue');
          socket.send(JSON.stringify(msg));
        };
        // Refreshed by the recheck: a lost sector stops its alarms at the next check.
        let current = principal(req, 'alarms.read');
        const unsubscribe = s.bus.subscribe(ALARMS_TOPIC, (payload) => {
          const { change, alarm } = payload as AlarmMessage;
          if (s.alarms.visibleTo(current, alarm)) send({ type: 'alarm', change, alarm: alarmOut(alarm) });
        });
        // Snoozes set or ended elsewhere: every console of the sector shows the same silenced cameras.
        const unsnooze = s.bus.subscribe(SNOOZES_TOPIC, (payload) => {
          const { change, snooze } = payload as SnoozeMessage;
          if (snooze.sectorId !== null && canSeeSector(current, snooze.sectorId))
            send({ type: 'snooze', change, snooze: snoozeOut(snooze) });
        });
        // Rights are re-checked while the console stays connected: a logout, disable or sector change is pushed on
        // the bus and ends or narrows the stream at once; an expired session ends it at the periodic check.
        const unwatch = watchAccess(s, req, {
          check: async () => {
            current = principal(req, 'alarms.read');
          },
          end: () => socket.close(4403, 'access ended'),
          everyMs: alarmStream.recheckMs,
        });
        socket.on('close', () => {
          unwatch();
          unsubscribe();
          unsnooze();
        });
        send({ type: 'ready' });
      },
    );
  };
