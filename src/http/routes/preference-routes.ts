// The console's per-user preferences (language, sounds, walls, named layouts, tours), kept by the centre so they
// follow the user to any console. Schemas in preference-schemas.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { badRequest } from '../../core/errors.js';
import { sectorScope } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { camerasNamed, type Preferences, preferencesBody, preferencesSchema } from './preference-schemas.js';
import { errors } from './schemas.js';

const key = (userId: string) => `prefs:${userId}`;

export const preferenceRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/preferences',
      {
        schema: { tags: ['auth'], summary: 'My console preferences.', response: { 200: preferencesSchema, ...errors } },
      },
      async (req) => {
        const raw = await s.store.settings.get(key(principal(req).userId));
        return raw ? JSON.parse(raw) : {};
      },
    );
    app.put(
      '/api/me/preferences',
      {
        schema: {
          tags: ['auth'],
          summary: 'Replace my console preferences.',
          body: preferencesBody,
          response: { 200: preferencesSchema, ...errors },
        },
      },
      async (req) => {
        await checkCameras(s, principal(req), req.body);
        await s.store.settings.set(key(principal(req).userId), JSON.stringify(req.body));
        return req.body;
      },
    );
  };

/**
 * Every camera named in the preferences must be one the user can see: a camera of another sector is "unknown" exactly
 * like a missing one (its existence does not leak), and the whole PUT is refused, nothing saved.
 */
async function checkCameras(s: Services, p: ReturnType<typeof principal>, prefs: Preferences) {
  const named = camerasNamed(prefs);
  if (!named.length) return;
  const visible = new Set((await s.fleet.all(sectorScope(p))).map((c) => c.id));
  const unknown = named.find(([id]) => !visible.has(id));
  if (unknown) throw badRequest(`unknown camera ${unknown[0]} (${unknown[1]})`, { camera: unknown[0] });
}
