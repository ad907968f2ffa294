import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../core/errors.js';
import { camerasToCsv, parseCamerasCsv } from '../../core/fleet/csv.js';
import { camerasToGeoJson, parseCamerasGeoJson } from '../../core/fleet/geojson.js';
import {
  type Camera,
  cameraInputSchema,
  cameraPatchSchema,
  cameraPhases,
  cameraSchema,
  cameraStatuses,
  privacySettingSchema,
} from '../../core/fleet/schemas.js';
import { legalBasisOf, legalBasisSchema } from '../../core/legal/video-basis.js';
import { idSchema } from '../../core/shared/ids.js';
import { type HttpOptions, principal, type Services } from '../context.js';
import { errorSchema, errors, idParams, okSchema } from './schemas.js';

const listQuery = z.strictObject({
  sectorId: idSchema.optional(),
  status: z.enum(cameraStatuses).optional(),
  phase: z.enum(cameraPhases).optional(),
  tag: z.string().min(1).max(64).optional(),
  q: z.string().min(1).max(100).optional().describe('Text searched in id, name and address.'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** A camera as the API answers it: with its legal basis today (flagged when it films without one). */
const cameraOutSchema = cameraSchema.extend({
  legalBasis: legalBasisSchema,
  privacy: privacySettingSchema,
  privacyEffective: z
    .enum(['blur', 'off'])
    .describe(
      "What the wall gets: people blurred or not (the camera's setting, else its sector's, else live.privacy).",
    ),
});

const importErrorSchema = errorSchema.extend({
  rows: z.array(z.object({ line: z.number(), field: z.string().optional(), message: z.string() })).optional(),
});

export const cameraRoutes =
  (s: Services, o: HttpOptions): FastifyPluginAsyncZod =>
  async (app) => {
    const withBasis = async <C extends Camera>(cams: C[]) => {
      const flags = await legalBasisOf(s.legal, cams);
      const modes = await s.privacy.modesOf(cams);
      return cams.map((c) => ({
        ...c,
        legalBasis: flags.get(c.id)!,
        privacy: c.privacy ?? ('inherit' as const),
        privacyEffective: modes.get(c.id)!,
      }));
    };
    const oneWithBasis = async (c: Camera) => (await withBasis([c]))[0]!;

    app.get(
      '/api/cameras',
      {
        schema: {
          tags: ['fleet'],
          summary: 'List the cameras I may see, with filters.',
          querystring: listQuery,
          response: { 200: z.object({ items: z.array(cameraOutSchema), total: z.number() }), ...errors },
        },
      },
      async (req) => {
        const r = await s.fleet.list(principal(req, 'fleet.read'), req.query);
        return { items: await withBasis(r.items), total: r.total };
      },
    );

    app.post(
      '/api/cameras',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Add a camera.',
          body: cameraInputSchema,
          response: { 201: cameraOutSchema, ...errors, 409: errorSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await oneWithBasis(await s.fleet.create(principal(req), req.body, req.ip))),
    );

    app.get(
      '/api/cameras/export',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Export the visible fleet as CSV or GeoJSON (credentials never included).',
          querystring: z.strictObject({ format: z.enum(['csv', 'geojson']).default('csv') }),
        },
      },
      async (req, reply) => {
        const cams = await s.fleet.exportAll(principal(req, 'fleet.read'), req.query.format, req.ip);
        if (req.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="cameras.csv"')
            .send(camerasToCsv(cams));
        }
        return reply.type('application/geo+json').send(JSON.stringify(camerasToGeoJson(cams)));
      },
    );

    app.post(
      '/api/cameras/import',
      {
        bodyLimit: o.importLimitBytes,
        schema: {
          tags: ['fleet'],
          summary: 'Import cameras from CSV (text/csv) or GeoJSON (application/geo+json); all rows or none.',
          consumes: ['text/csv', 'application/geo+json'],
          response: {
            200: z.object({ imported: z.number() }),
            400: importErrorSchema,
            401: errorSchema,
            403: errorSchema,
          },
        },
      },
      async (req, reply) => {
        const p = principal(req, 'fleet.write');
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim();
        if (typeof req.body !== 'string')
          throw badRequest('body: send CSV as text/csv or GeoJSON as application/geo+json');
        const format = type === 'text/csv' ? 'csv' : 'geojson';
        const parsed = format === 'csv' ? parseCamerasCsv(req.body) : parseCamerasGeoJson(req.body);
        if (!parsed.ok) {
          return reply.status(400).send({
            error: 'bad_request',
            message: `${parsed.errors.length} invalid: ${parsed.errors
              .slice(0, 20)
              .map((e) => e.message)
              .join('; ')}; nothing imported`,
            rows: parsed.errors,
          });
        }
        return s.fleet.importMany(p, parsed.cameras, format, req.ip);
      },
    );

    app.get(
      '/api/cameras/:id',
      {
        schema: {
          tags: ['fleet'],
          summary: 'One camera.',
          params: idParams,
          response: { 200: cameraOutSchema, ...errors },
        },
      },
      async (req) => oneWithBasis(await s.fleet.get(principal(req, 'fleet.read'), req.params.id)),
    );

    app.patch(
      '/api/cameras/:id',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Change a camera.',
          params: idParams,
          body: cameraPatchSchema,
          response: { 200: cameraOutSchema, ...errors },
        },
      },
      async (req) => {
        const p = principal(req);
        await s.fleet.get(p, req.params.id);
        return oneWithBasis(await s.fleet.update(p, req.params.id, req.body, req.ip));
      },
    );

    app.delete(
      '/api/cameras/:id',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Remove a camera.',
          params: idParams,
          response: { 200: okSchema, ...errors },
        },
      },
      async (req) => {
        const p = principal(req);
        await s.fleet.get(p, req.params.id);
        await s.fleet.remove(p, req.params.id, req.ip);
        return { ok: true as const };
      },
    );
  };
