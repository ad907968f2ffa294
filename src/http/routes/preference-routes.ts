// The console's per-user preferences (wall layout), kept by the centre so they follow the user to any console.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principal, type Services } from '../context.js';
import { errors } from './schemas.js';

/** The console's beep patterns (src/console/attention.js PATTERNS). */
const pattern = z.enum(['urgent', 'double', 'single', 'soft', 'none']);

export const preferencesSchema = z
  .strictObject({
    locale: z
      .enum(['fr', 'en'])
      .optional()
      .describe("The console's language for this user: French (the default) or English; dates follow it."),
    wall: z
      .strictObject({
        size: z.number().int().min(1).max(4).describe('Tiles per side: 1, 2, 3 or 4.'),
        layout: z
          .enum(['1', '2', '3', '4', '1+5', '1+7'])
          .optional()
          .describe('The layout: a square grid (1, 2, 3, 4 per side) or one large tile plus 5 or 7 small ones.'),
        pinned: z
          .record(z.string().regex(/^\d{1,2}$/, 'a tile index'), z.string().max(64))
          .describe('Tile index → camera id chosen by drag and drop.'),
      })
      .optional(),
    attention: z
      .strictObject({
        mute: z.boolean().describe('No alarm sound at this user’s consoles (toasts, title and flashing remain).'),
        sounds: z
          .strictObject({
            critical: pattern.optional(),
            high: pattern.optional(),
            medium: pattern.optional(),
            low: pattern.optional(),
          })
          .describe(
            'Beep pattern per alarm priority (defaults: critical urgent, high double, medium single, low none).',
          ),
      })
      .optional()
      .describe('How new alarms call for attention.'),
  })
  .describe("A user's console preferences.");

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
          body: preferencesSchema,
          response: { 200: preferencesSchema, ...errors },
        },
      },
      async (req) => {
        await s.store.settings.set(key(principal(req).userId), JSON.stringify(req.body));
        return req.body;
      },
    );
  };
