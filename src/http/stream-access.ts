import type { FastifyRequest } from 'fastify';
import { ACCESS_CHANGED, FLEET_CHANGED } from '../core/ports/bus.js';
import { authenticate, type Services } from './context.js';

export interface StreamAccess {
  /** Re-resolves the caller's rights; throws when they no longer allow the stream. */
  check(): Promise<void>;
  /** Ends the stream (rights lost). */
  end(): void;
  /** The periodic fallback: a session's expiry is not announced on the bus. */
  everyMs: number;
  /** Also re-check when the fleet changes (a camera moved to another sector). */
  onFleetChange?: (payload: { cameraId?: string }) => boolean;
}

/**
 * Keeps an open WebSocket's rights current. A logout, disable, password, role or sector change is pushed on the bus
 * (ACCESS_CHANGED) and checked at once, so the stream ends within moments instead of at the next periodic check.
 * Returns the function that stops watching.
 */
export function watchAccess(s: Services, req: FastifyRequest, a: StreamAccess): () => void {
  const userId = req.principal?.userId;
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      req.principal = undefined;
      await authenticate(s)(req, undefined as never);
      await a.check();
    } catch {
      a.end();
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };
  const timer = setInterval(run, a.everyMs);
  const offAccess = s.bus.subscribe(ACCESS_CHANGED, (payload) => {
    if ((payload as { userId?: string } | undefined)?.userId === userId) void run();
  });
  const onFleet = a.onFleetChange;
  const offFleet = onFleet
    ? s.bus.subscribe(FLEET_CHANGED, (payload) => {
        if (onFleet((payload ?? {}) as { cameraId?: string })) void run();
      })
    : () => {};
  return () => {
    clearInterval(timer);
    offAccess();
    offFleet();
  };
}
