import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contractInputSchema, publicationInputSchema } from '../../core/public/schemas.js';
import { principal, type Services } from '../context.js';
import { errors, idParams, okSchema, uuidParams } from './schemas.js';

const publicationSchema = z.object({
  cameraId: z.string(),
  name: z.string(),
  published: z.boolean(),
  reason: z.string().nullable(),
  covers: z.string().nullable(),
});

const contractSchema = z.object({
  id: z.string(),
  vendor: z.string(),
  object: z.string(),
  amountCents: z.number().nullable(),
  currency: z.string(),
  signedOn: z.string(),
  durationMonths: z.number().nullable(),
  maintenance: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const contractOut = <T extends { amountCents?: number; durationMonths?: number }>(c: T) => ({
  ...c,
  amountCents: c.amountCents ?? null,
  durationMonths: c.durationMonths ?? null,
});

/** What the public register shows (admins only; every change journaled): per-camera publication and contracts. */
export const publicationRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/publication/cameras',
      {
        schema: {
          tags: ['public register'],
          summary: 'Every camera and whether the public register shows it (admins).',
          response: { 200: z.array(publicationSchema), ...errors },
        },
      },
      async (req) => s.publication.cameras(principal(req)),
    );

    app.put(
      '/api/publication/cameras/:id',
      {
        schema: {
          tags: ['public register'],
          summary: 'Publish or withhold a camera (a reason required when withheld), describe what it covers.',
          params: idParams,
          body: publicationInputSchema,
          response: { 200: publicationSchema, ...errors },
        },
      },
      async (req) => s.publication.setCamera(principal(req), req.params.id, req.body, req.ip),
    );

    app.get(
      '/api/contracts',
      {
        schema: {
          tags: ['public register'],
          summary: 'The system’s contracts (admins); published on /public/contracts.json.',
          response: { 200: z.array(contractSchema), ...errors },
        },
      },
      async (req) => (await s.publication.contracts(principal(req))).map(contractOut),
    );

    app.post(
      '/api/contracts',
      {
        schema: {
          tags: ['public register'],
          summary: 'Record a contract (admins; journaled).',
          body: contractInputSchema,
          response: { 201: contractSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(contractOut(await s.publication.createContract(principal(req), req.body, req.ip))),
    );

    app.put(
      '/api/contracts/:id',
      {
        schema: {
          tags: ['public register'],
          summary: 'Correct a contract (admins; journaled).',
          params: uuidParams,
          body: contractInputSchema,
          response: { 200: contractSchema, ...errors },
        },
      },
      async (req) => contractOut(await s.publication.updateContract(principal(req), req.params.id, req.body, req.ip)),
    );

    app.delete(
      '/api/contracts/:id',
      {
        schema: {
          tags: ['public register'],
          summary: 'Delete a contract recorded by mistake (admins; journaled).',
          params: uuidParams,
          response: { 200: okSchema, ...errors },
        },
      },
      async (req) => {
        await s.publication.deleteContract(principal(req), req.params.id, req.ip);
        return { ok: true as const };
      },
    );
  };
