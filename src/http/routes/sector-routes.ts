import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { privacySettingSchema, type Sector, sectorInputSchema, sectorPatchSchema } from '../../core/fleet/schemas.js';
import { principal, type Services } from '../context.js';
import { errorSchema, errors, idParams, okSchema } from './schemas.js';

const sectorOut = sectorInputSchema.extend({ cameras: z.number().optional(), privacy: privacySettingSchema });
/** Absent in the store means inherit; the API always says it. */
const out = <S extends Sector>(x: S) => ({ ...x, privacy: x.privacy ?? ('inherit' as const) });

export const sectorRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/sectors',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Sectors I may see, with camera counts.',
          response: { 200: z.array(sectorOut), ...errors },
        },
      },
      async (req) => (await s.fleet.listSectors(principal(req, 'fleet.read'))).map(out),
    );
    app.post(
      '/api/sectors',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Create a sector.',
          body: sectorInputSchema,
          response: { 201: sectorOut, ...errors, 409: errorSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(out(await s.fleet.upsertSector(principal(req), req.body, req.ip, true))),
    );
    app.get(
      '/api/sectors/:id',
      {
        schema: { tags: ['fleet'], summary: 'One sector.', params: idParams, response: { 200: sectorOut, ...errors } },
      },
      async (req) => out(await s.fleet.getSector(principal(req, 'fleet.read'), req.params.id)),
    );
    app.patch(
      '/api/sectors/:id',
      {
        schema: {
          tags: ['fleet'],
          summary: "Rename or describe a sector, or set its cameras' live privacy (inherit, blur, off).",
          params: idParams,
          body: sectorPatchSchema,
          response: { 200: sectorOut, ...errors },
        },
      },
      async (req) => {
        const p = principal(req);
        const cur = await s.fleet.getSector(p, req.params.id);
        return out(await s.fleet.upsertSector(p, { ...cur, ...req.body }, req.ip));
      },
    );
    app.delete(
      '/api/sectors/:id',
      {
        schema: {
          tags: ['fleet'],
          summary: 'Delete an empty sector.',
          params: idParams,
          response: { 200: okSchema, ...errors, 409: errorSchema },
        },
      },
      async (req) => {
        await s.fleet.removeSector(principal(req), req.params.id, req.ip);
        return { ok: true as const };
      },
    );
  };
