import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { inForce } from '../../core/legal/coverage.js';
import { type Authorisation, authorisationInputSchema } from '../../core/legal/schemas.js';
import { principal, type Services } from '../context.js';
import { errorSchema, errors, uuidParams } from './schemas.js';

const documentSchema = z.object({ sha256: z.string(), size: z.number(), name: z.string(), uploadedAt: z.string() });
export const authorisationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  authority: z.string(),
  reference: z.string(),
  signedOn: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  purposes: z.array(z.string()),
  purposeText: z.string(),
  cameraIds: z.array(z.string()),
  sectorIds: z.array(z.string()),
  retentionDays: z.number().nullable(),
  families: z.array(z.string()),
  publishDocument: z.boolean(),
  document: documentSchema.nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  inForce: z.boolean().describe('In force today (started, not ended, not revoked).'),
});

const more = { 409: errorSchema, 413: errorSchema, 415: errorSchema } as const;

/** The legal-basis register over HTTP: admins keep it, supervisors and auditors read it; every write journaled. */
export const legalRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const out = (a: Authorisation) => ({
      ...a,
      retentionDays: a.retentionDays ?? null,
      inForce: inForce(a, s.legal.day()),
    });

    app.get(
      '/api/authorisations',
      {
        schema: {
          tags: ['legal'],
          summary: 'The legal-basis register: every authorisation, in force or not (admins, supervisors, auditors).',
          response: { 200: z.array(authorisationSchema), ...errors },
        },
      },
      async (req) => (await s.legal.list(principal(req))).map(out),
    );

    app.post(
      '/api/authorisations',
      {
        schema: {
          tags: ['legal'],
          summary: 'Record an authorisation (admins; journaled). Its perimeter must name existing cameras or sectors.',
          body: authorisationInputSchema,
          response: { 201: authorisationSchema, ...errors, ...more },
        },
      },
      async (req, reply) => reply.code(201).send(out(await s.legal.create(principal(req), req.body, req.ip))),
    );

    app.get(
      '/api/authorisations/:id',
      {
        schema: {
          tags: ['legal'],
          summary: 'One authorisation.',
          params: uuidParams,
          response: { 200: authorisationSchema, ...errors },
        },
      },
      async (req) => out(await s.legal.get(principal(req), req.params.id)),
    );

    app.put(
      '/api/authorisations/:id',
      {
        schema: {
          tags: ['legal'],
          summary: 'Correct an authorisation (admins; journaled). Analytics it stops covering stop at once.',
          params: uuidParams,
          body: authorisationInputSchema,
          response: { 200: authorisationSchema, ...errors, ...more },
        },
      },
      async (req) => out(await s.legal.update(principal(req), req.params.id, req.body, req.ip)),
    );

    app.post(
      '/api/authorisations/:id/revoke',
      {
        schema: {
          tags: ['legal'],
          summary: 'Revoke an authorisation (admins; journaled): what it covered stops within a minute.',
          params: uuidParams,
          body: z.strictObject({ reason: z.string().trim().min(5, 'say why (5 characters or more)').max(2000) }),
          response: { 200: authorisationSchema, ...errors, ...more },
        },
      },
      async (req) => out(await s.legal.revoke(principal(req), req.params.id, req.body.reason, req.ip)),
    );

    app.put(
      '/api/authorisations/:id/document',
      {
        bodyLimit: s.legal.documentMaxBytes,
        schema: {
          tags: ['legal'],
          summary: 'Attach the signed document (application/pdf body; admins; journaled with its SHA-256).',
          description: '415 when the body is not a PDF, 413 past legal.documentMaxBytes.',
          params: uuidParams,
          querystring: z.strictObject({
            name: z.string().trim().min(1).max(200).default('authorisation.pdf').describe('The file name to keep.'),
          }),
          response: { 200: authorisationSchema, ...errors, ...more },
        },
      },
      async (req) => {
        const body = req.body;
        if (!Buffer.isBuffer(body))
          throw new DomainError(
            415,
            'unsupported_media_type',
            'send the PDF as the body, Content-Type: application/pdf',
          );
        return out(await s.legal.attachDocument(principal(req), req.params.id, body, req.query.name, req.ip));
      },
    );

    app.get(
      '/api/authorisations/:id/document',
      {
        schema: {
          tags: ['legal'],
          summary: 'The attached document (PDF).',
          params: uuidParams,
          produces: ['application/pdf'],
          response: { 200: z.unknown().describe('PDF (application/pdf).'), ...errors },
        },
      },
      async (req, reply) => {
        const { a, bytes } = await s.legal.document(principal(req), req.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${a.document!.name.replace(/[^\w.-]/g, '_')}"`)
          .header('x-content-sha256', a.document!.sha256)
          .send(bytes);
      },
    );
  };
