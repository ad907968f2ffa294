import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickInputSchema, segmentsInputSchema } from '../../core/access-requests/copies/follow.js';
import { principal, type Services } from '../context.js';
import { errorSchema, errors, uuidParams } from './schemas.js';

const tags = ['access-requests'];
const range = z.object({ from: z.string(), to: z.string() });
const pickSchema = z.object({
  id: z.string(),
  cameraId: z.string(),
  trackId: z.number().int().describe('The tracker’s id of the requester on this camera’s window.'),
  cls: z.string(),
  at: z.string(),
  box: z.array(z.number()).describe('What was clicked: [x, y, 0, 0] for a point, or the box drawn (fractions).'),
  presence: z.array(range).describe('Where the tracker had them.'),
  segments: z.array(range).describe('Where they are kept clear in the copy.'),
  manual: z.boolean().describe('Whether the segments were set by hand.'),
  by: z.string(),
  createdAt: z.string(),
});
const manifestSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    reference: z.string(),
    cameraId: z.string(),
    cameraName: z.string(),
    requested: range,
    covered: z.array(range.extend({ offsetSeconds: z.number() })),
    gaps: z.array(range),
    picks: z.array(z.object({ id: z.string(), trackId: z.number(), segments: z.array(range), manual: z.boolean() })),
    file: z.string(),
    bytes: z.number(),
    sha256: z.string(),
    frames: z.number(),
    keptFrames: z.number().describe('Pictures where the requester is shown clear.'),
    keptPictures: z.array(z.tuple([z.number(), z.number()])).describe('Those pictures: runs of 0-based indexes.'),
    blurred: z.object({
      boxesPerClass: z.record(z.string(), z.number()),
      cellsShare: z.number().describe('Mean share of each picture pixelated.'),
      cellPx: z.number().describe('Side of the pixelation cells, in pixels.'),
      method: z.string(),
    }),
    privacyMasks: z.number(),
    banner: z.string(),
    madeBy: z.string(),
    madeAt: z.string(),
    software: z.object({ name: z.literal('vigie'), version: z.string() }),
  })
  .describe('The manifest of an anonymised copy (it travels with the file).');

const cameraBody = z.strictObject({ cameraId: z.string().min(1).max(64).describe('One of the request’s cameras.') });
// The pick's id is looked up, not shape-checked: an unknown one is a 404, and the body is what a 400 speaks of.
const pickParams = z.strictObject({ id: z.uuid('must be a UUID'), pickId: z.string().min(1).max(64) });
const copyParams = z.strictObject({ id: z.uuid('must be a UUID'), copyId: z.uuid('must be a UUID') });
const refusals = {
  ...errors,
  409: errorSchema,
  422: errorSchema,
  429: errorSchema.describe('Too many exports or copies at once for you or for the centre (clips.exportsPer*).'),
};

/** Anonymised copies: pick the requester, follow them, write the copy (supervisors in their sectors, admins). */
export const accessCopyRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/access-requests/:id/tracks',
      {
        schema: {
          tags,
          summary: 'The tracked people on the picture nearest `at` (boxes as fractions), to pick the requester.',
          description: 'The first call for a camera runs the detector and tracker over the whole window.',
          params: uuidParams,
          querystring: z.strictObject({ cameraId: z.string().min(1).max(64), at: z.iso.datetime({ offset: true }) }),
          response: {
            200: z.object({
              cameraId: z.string(),
              at: z.string(),
              tracks: z.array(z.object({ trackId: z.number(), cls: z.string(), box: z.array(z.number()) })),
            }),
            ...refusals,
          },
        },
      },
      async (req) => s.accessCopies.boxesAt(principal(req), req.params.id, req.query.cameraId, req.query.at, req.ip),
    );

    app.get(
      '/api/access-requests/:id/picks',
      {
        schema: {
          tags,
          summary: 'The requester as picked.',
          params: uuidParams,
          response: { 200: z.array(pickSchema), ...errors },
        },
      },
      async (req) => s.accessCopies.picks(principal(req), req.params.id),
    );

    app.post(
      '/api/access-requests/:id/picks',
      {
        schema: {
          tags,
          summary: 'Pick the requester: the track under the point (or box) at that time, followed through the window.',
          description: '422 when no tracked person is there; journaled (access_request.pick).',
          params: uuidParams,
          body: pickInputSchema,
          response: { 201: pickSchema, ...refusals },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await s.accessCopies.pick(principal(req), req.params.id, req.body, req.ip)),
    );

    app.put(
      '/api/access-requests/:id/picks/:pickId/segments',
      {
        schema: {
          tags,
          summary: 'Set by hand where the requester is kept clear (journaled with before and after).',
          params: pickParams,
          body: segmentsInputSchema,
          response: { 200: pickSchema, ...refusals },
        },
      },
      async (req) =>
        s.accessCopies.setSegments(principal(req), req.params.id, req.params.pickId, req.body.segments, req.ip),
    );

    app.post(
      '/api/access-requests/:id/copies',
      {
        schema: {
          tags,
          summary: 'Write the anonymised copy of one camera’s window (journaled); answers its manifest.',
          description:
            'Everyone but the picked requester pixelated (boxes and moving areas), vehicles’ plates, the camera’s privacy masks, a burnt-in banner. 409 before a pick or once the request is answered.',
          params: uuidParams,
          body: cameraBody,
          response: { 201: manifestSchema, ...refusals },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await s.accessCopies.create(principal(req), req.params.id, req.body.cameraId, req.ip)),
    );

    app.get(
      '/api/access-requests/:id/copies',
      {
        schema: {
          tags,
          summary: 'The copies made, their manifests.',
          params: uuidParams,
          response: { 200: z.array(manifestSchema), ...errors },
        },
      },
      async (req) => s.accessCopies.list(principal(req), req.params.id),
    );

    app.get(
      '/api/access-requests/:id/copies/:copyId',
      {
        schema: {
          tags,
          summary: 'One copy’s manifest.',
          params: copyParams,
          response: { 200: manifestSchema, ...errors },
        },
      },
      async (req) => s.accessCopies.manifest(principal(req), req.params.id, req.params.copyId),
    );

    app.get(
      '/api/access-requests/:id/copies/:copyId/file.mp4',
      {
        schema: {
          tags,
          summary: 'Download a copy (journaled); its SHA-256 is in the manifest and the x-vigie-sha256 header.',
          params: copyParams,
          produces: ['video/mp4'],
          response: { 200: z.unknown().describe('The MP4 (video/mp4).'), ...errors },
        },
      },
      async (req, reply) => {
        const d = await s.accessCopies.open(principal(req), req.params.id, req.params.copyId, req.ip);
        return reply
          .type('video/mp4')
          .header('content-length', d.bytes)
          .header(
            'content-disposition',
            `attachment; filename="${d.manifest.reference.replace(/[^\w.-]/g, '_')}_${d.manifest.cameraId}.mp4"`,
          )
          .header('x-vigie-sha256', d.manifest.sha256)
          .send(d.stream);
      },
    );
  };
