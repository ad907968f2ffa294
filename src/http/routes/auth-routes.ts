import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginSchema, passwordSchema, usernameSchema, userSchema } from '../../core/users/schemas.js';
import { type HttpOptions, principal, SESSION_COOKIE, type Services } from '../context.js';
import { errorSchema, errors, okSchema, uuidParams } from './schemas.js';

const meSchema = z.object({
  userId: z.string(),
  username: z.string(),
  role: z.string(),
  sectorIds: z.array(z.string()),
  via: z.string(),
});

export const authRoutes =
  (s: Services, o: HttpOptions): FastifyPluginAsyncZod =>
  async (app) => {
    const meta = (req: { ip: string; headers: Record<string, unknown> }) => ({
      ip: req.ip,
      userAgent: String(req.headers['user-agent'] ?? ''),
    });

    app.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary:
            'Log in; sets an HttpOnly SameSite=Strict Secure session cookie. Accounts with a one-time code enrolled also send `totp` (401 totp_required without it).',
          body: loginSchema,
          response: {
            200: z.object({ user: meSchema, expiresAt: z.string() }),
            400: errorSchema,
            401: errorSchema,
            429: errorSchema,
          },
        },
      },
      async (req, reply) => {
        const r = await s.auth.login(req.body.username, req.body.password, meta(req), req.body.totp);
        reply.setCookie(SESSION_COOKIE, r.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: o.secureCookies,
          path: '/',
          maxAge: Math.floor(o.sessionTtlHours * 3600),
        });
        return { user: r.principal, expiresAt: r.expiresAt };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: 'End the current session.', response: { 200: okSchema, ...errors } } },
      async (req, reply) => {
        const p = principal(req);
        const cookie = req.cookies[SESSION_COOKIE];
        if (cookie) await s.auth.logout(cookie, p, req.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: o.secureCookies });
        return { ok: true as const };
      },
    );

    app.get(
      '/api/me',
      { schema: { tags: ['auth'], summary: 'Who am I.', response: { 200: meSchema, ...errors } } },
      async (req) => principal(req),
    );

    app.post(
      '/api/setup',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Create the first admin with the one-time setup token printed at first start.',
          body: z.strictObject({
            token: z.string().min(10).max(200),
            username: usernameSchema,
            password: passwordSchema,
          }),
          response: { 201: userSchema, 400: errorSchema, 403: errorSchema },
        },
      },
      async (req, reply) => {
        const u = await s.users.completeSetup(req.body.token, req.body.username, req.body.password, req.ip);
        return reply.status(201).send(u);
      },
    );

    const tokenSchema = z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
      lastUsedAt: z.string().nullable().describe('Last use, to the minute (null: never used).'),
      revoked: z.boolean(),
      userId: z.string(),
    });

    app.get(
      '/api/tokens',
      { schema: { tags: ['auth'], summary: 'My API tokens.', response: { 200: z.array(tokenSchema), ...errors } } },
      async (req) => s.auth.listTokens(principal(req, 'tokens.own')),
    );

    app.post(
      '/api/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token acting as me (shown once).',
          body: z.strictObject({
            name: z.string().trim().min(1).max(200),
            expiresInDays: z
              .number()
              .int()
              .min(1)
              .max(3650)
              .optional()
              .describe('Lifetime: 90 days when not given, at most 365 (auth.tokenDefaultDays, auth.tokenMaxDays).'),
          }),
          response: {
            201: z.object({ id: z.string(), name: z.string(), expiresAt: z.string(), token: z.string() }),
            ...errors,
          },
        },
      },
      async (req, reply) => {
        const p = principal(req, 'tokens.own');
        return reply.status(201).send(await s.auth.createToken(p, req.body.name, req.body.expiresInDays, req.ip));
      },
    );

    app.post(
      '/api/auth/totp',
      {
        schema: {
          tags: ['auth'],
          summary:
            'Start enrolling a one-time-code device (admins and supervisors): the secret and otpauth URI are shown this once; confirm with a first code.',
          body: z.strictObject({}).nullish(),
          response: { 200: z.object({ secret: z.string(), uri: z.string() }), ...errors, 409: errorSchema },
        },
      },
      async (req) => s.totp.enrol(principal(req), req.ip),
    );

    app.post(
      '/api/auth/totp/confirm',
      {
        schema: {
          tags: ['auth'],
          summary: 'Confirm the enrolment with a first code: from then on login needs a code (journaled).',
          body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') }),
          response: { 200: okSchema, ...errors },
        },
      },
      async (req) => {
        await s.totp.confirm(principal(req), req.body.code, req.ip);
        return { ok: true as const };
      },
    );

    app.delete(
      '/api/tokens/:id',
      {
        schema: {
          tags: ['auth'],
          summary: 'Revoke an API token.',
          params: uuidParams,
          response: { 200: okSchema, ...errors, 409: errorSchema },
        },
      },
      async (req) => {
        await s.auth.revokeToken(principal(req), req.params.id, req.ip);
        return { ok: true as const };
      },
    );
  };
