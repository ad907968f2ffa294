import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Bookmark } from '../../core/ports/bookmarks.js';
import { NOTE_MAX } from '../../core/recordings/bookmarks.js';
import { idSchema } from '../../core/shared/ids.js';
import { principal, type Services } from '../context.js';
import { cameraGuard, isoTime } from './recording-routes.js';
import { errors, idParams, okSchema, uuidParams } from './schemas.js';

const bookmarkBody = z
  .strictObject({
    cameraId: idSchema.describe('The camera whose recording the note is about.'),
    at: isoTime.describe('The moment noted.'),
    end: isoTime.optional().describe('The end of the noted stretch (after at); absent for one moment.'),
    note: z
      .string()
      .trim()
      .min(1, 'write a note')
      .max(NOTE_MAX, `at most ${NOTE_MAX} characters`)
      .describe('What is seen there.'),
  })
  .superRefine((b, ctx) => {
    if (b.end !== undefined && !(Date.parse(b.end) > Date.parse(b.at)))
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after at' });
  });
const bookmarkQuery = z.strictObject({
  cameraId: idSchema.optional().describe('Only this camera.'),
  from: isoTime.optional().describe('Only bookmarks whose moment or stretch reaches this time or later.'),
  to: isoTime.optional().describe('Only bookmarks whose moment is before this time.'),
  q: z.string().trim().min(1).max(200).optional().describe('Text in the note (case-insensitive).'),
  limit: z.coerce.number().int().min(1).max(500).default(200).describe('At most this many, newest moment first.'),
});
const bookmarkSchema = z.object({
  id: z.string(),
  cameraId: z.string(),
  at: z.string(),
  end: z.string().nullable(),
  note: z.string(),
  author: z.string(),
  authorId: z.string(),
  createdAt: z.string(),
});

const out = ({ atMs, endMs, ...b }: Bookmark) => ({
  ...b,
  at: new Date(atMs).toISOString(),
  end: endMs === null ? null : new Date(endMs).toISOString(),
});

/** Bookmarks (notes on moments of recordings) and the timeline's thumbnails: footage rules, sector-scoped, journaled. */
export const bookmarkRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    // A bookmark on a camera out of scope is 404 before its body is validated: the answer must not depend on it.
    const bodyCamera = async (req: FastifyRequest) => {
      const id = (req.body as { cameraId?: unknown } | undefined)?.cameraId;
      if (typeof id === 'string') await s.fleet.get(principal(req, 'recordings.view'), id);
    };

    app.post(
      '/api/bookmarks',
      {
        preValidation: bodyCamera,
        schema: {
          tags: ['recordings'],
          summary: 'Note a moment (or stretch) of a camera’s recording (journaled).',
          body: bookmarkBody,
          response: { 201: bookmarkSchema, ...errors },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const created = await s.bookmarks.create(
          principal(req),
          {
            cameraId: b.cameraId,
            atMs: Date.parse(b.at),
            ...(b.end !== undefined && { endMs: Date.parse(b.end) }),
            note: b.note,
          },
          req.ip,
        );
        return reply.code(201).send(out(created));
      },
    );

    app.get(
      '/api/bookmarks',
      {
        schema: {
          tags: ['recordings'],
          summary: 'Bookmarks of the cameras you may see, newest moment first; by camera, time range and note text.',
          querystring: bookmarkQuery,
          response: { 200: z.array(bookmarkSchema), ...errors },
        },
      },
      async (req) => {
        const q = req.query;
        const list = await s.bookmarks.list(principal(req), {
          ...(q.cameraId !== undefined && { cameraId: q.cameraId }),
          ...(q.from !== undefined && { fromMs: Date.parse(q.from) }),
          ...(q.to !== undefined && { toMs: Date.parse(q.to) }),
          ...(q.q !== undefined && { q: q.q }),
          limit: q.limit,
        });
        return list.map(out);
      },
    );

    app.delete(
      '/api/bookmarks/:id',
      {
        schema: {
          tags: ['recordings'],
          summary: 'Delete a bookmark (its author or an admin; journaled).',
          params: uuidParams,
          response: { 200: okSchema, ...errors },
        },
      },
      async (req) => {
        await s.bookmarks.remove(principal(req), req.params.id, req.ip);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/cameras/:id/thumbnail',
      {
        preValidation: cameraGuard(s)('recordings.view'),
        schema: {
          tags: ['recordings'],
          summary:
            'A small JPEG (320 px wide) of the recording at a moment, privacy masks applied (journaled per burst).',
          description:
            '404 when nothing is recorded then. One journal entry (playback.thumbnail) per user and camera for a burst of hovers less than a minute apart. Shares the playback slots (429 past them).',
          params: idParams,
          querystring: z.strictObject({ at: isoTime.describe('The moment to show.') }),
          produces: ['image/jpeg'],
          response: { 200: z.unknown().describe('JPEG (image/jpeg).'), ...errors },
        },
      },
      async (req, reply) => {
        const jpeg = await s.thumbnails.at(principal(req), req.params.id, Date.parse(req.query.at), req.ip);
        return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(jpeg);
      },
    );
  };
