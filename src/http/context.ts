import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { can, type Permission, type Principal } from '../core/users/principal.js';

export type { Services };

export interface HttpOptions {
  bodyLimitBytes: number;
  importLimitBytes: number;
  trustProxy: boolean;
  secureCookies: boolean;
  sessionTtlHours: number;
  version: string;
  /** Requests per client address and minute on /public (publicRegister.rateLimitPerMinute). */
  publicRateLimitPerMinute?: number;
  /** The console map's tile server, when an admin configured one. */
  mapTileUrl?: string;
  mapAttribution?: string;
}

export const SESSION_COOKIE = 'vigie_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (health, login, setup, OpenAPI). */
    public?: boolean;
  }
}

export function principal(req: FastifyRequest, perm?: Permission): Principal {
  const p = req.principal;
  if (!p) throw unauthorized();
  if (perm && !can(p, perm)) throw forbidden();
  return p;
}

/** Resolves the caller from the session cookie or an `Authorization: Bearer vgt_...` token, before any parsing. */
export function authenticate(services: Services) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    await identify(services, req);
    // Anonymous callers learn nothing about a route's input: 401 comes before validation.
    if (!req.principal && req.routeOptions.url && !req.routeOptions.config.public) throw unauthorized();
  };
}

async function identify(services: Services, req: FastifyRequest) {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const p = await services.auth.fromToken(header.slice(7).trim());
    if (!p) throw unauthorized('invalid, expired or revoked API token');
    req.principal = p;
    return;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const p = await services.auth.fromSession(cookie);
    if (p) req.principal = p;
  }
}
