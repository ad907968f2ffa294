import type { FastifyRequest } from 'fastify';
import { forbidden } from '../core/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The Origin header, when sent, names this centre (its Host, or the proxy's forwarded host when trusted). */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const host = new URL(origin).host;
    return host !== '' && (host === req.headers.host || host === req.host);
  } catch {
    return false;
  }
}

/**
 * Cross-site request forgery brake (OWASP ASVS 4.2.2), on top of SameSite=Strict cookies: a state-changing request
 * that a browser could send with the session cookie (anything but a Bearer token), bodyless ones included, is
 * refused when it says it comes from another site. Clients that send no Origin (scripts, curl) are not browsers
 * acting for another page, and pass.
 */
export async function checkOrigin(req: FastifyRequest): Promise<void> {
  if (!STATE_CHANGING.has(req.method) || req.headers.authorization?.startsWith('Bearer ')) return;
  if (req.headers['sec-fetch-site'] === 'cross-site') throw forbidden('cross-site request refused (Sec-Fetch-Site)');
  if (!sameOrigin(req)) {
    throw forbidden(
      `cross-origin request refused: Origin ${String(req.headers.origin).slice(0, 100)} is not this centre`,
    );
  }
}
