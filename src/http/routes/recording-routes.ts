import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ClipPlan } from '../../core/recordings/clip-plan.js';
import { MAX_CLIP_MS, MAX_TIMELINE_MS } from '../../core/recordings/playback.js';
import type { Permission } from '../../core/users/principal.js';
import { principal, type Services } from '../context.js';
import { sendRanges } from '../send-ranges.js';
import { errorSchema, errors, idParams } from './schemas.js';

export const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a zone, e.g. 2026-06-01T08:00:00Z',
});

/** from before to, and at most maxMs apart (when given); the error names the field. */
export const spanCheck = (maxMs?: number) => (r: { from: string; to: string }, ctx: z.core.$RefinementCtx) => {
  const span = Date.parse(r.to) - Date.parse(r.from);
  if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (maxMs && span > maxMs)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${maxMs / 3_600_000} h` });
};

export const from = isoTime.describe('Start (inclusive).');
export const to = isoTime.describe('End (exclusive).');
const range = (maxMs: number) => z.strictObject({ from, to }).superRefine(spanCheck(maxMs));
export const reason = z.string().trim().min(3, 'give the legal reference (e.g. a requisition number)').max(500);
const exportBody = z
  .strictObject({ from, to, reason: reason.describe('Why: requisition number, case…') })
  .superRefine(spanCheck(MAX_CLIP_MS));

const isoPair = z.object({ from: z.string(), to: z.string() });
const manifestSchema = z.object({
  id: z.string(),
  cameraId: z.string(),
  cameraName: z.string(),
  requested: isoPair,
  covered: z
    .array(isoPair.extend({ offsetSeconds: z.number() }))
    .describe('What the file shows; offsetSeconds: where in the file.'),
  gaps: z.array(isoPair).describe('Unrecorded parts of the requested range.'),
  file: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  durationSeconds: z.number(),
  segments: z.number(),
  exportedBy: z.string(),
  exportedAt: z.string(),
  reason: z.string(),
  note: z.string(),
  privacyMasks: z.number().describe('Privacy masks burned into the file (0: a stream copy).'),
  authorisations: z
    .array(
      z.object({
        id: z.string(),
        kind: z.string(),
        reference: z.string(),
        authority: z.string(),
        startsOn: z.string(),
        endsOn: z.string(),
        revokedAt: z.string().nullable(),
      }),
    )
    .optional()
    .describe(
      'The authorisations the footage was recorded and analysed under (law.md L4): the video_protection ones over ' +
        'the range and those its events name; empty when none covered it (absent in older manifests).',
    ),
  purgedAt: z.string().nullable(),
});
const timelineSchema = z.object({
  cameraId: z.string(),
  requested: isoPair,
  covered: z.array(isoPair),
  gaps: z.array(isoPair),
});
const exportParams = z.strictObject({ exportId: z.uuid('must be a UUID') });

/** [[from, to, offsetSeconds]] of what the file shows; left out (undefined) when too long for a header. */
function coveredHeader(plan: ClipPlan): string | undefined {
  const c = JSON.stringify(
    plan.covered.map((r) => [new Date(r.fromMs).toISOString(), new Date(r.toMs).toISOString(), r.offsetMs / 1000]),
  );
  return c.length < 4000 ? c : undefined;
}

/** Rights and sector scope come before input validation: a camera out of scope answers 404 whatever was sent. */
export const cameraGuard = (s: Services) => (perm: Permission) => async (req: FastifyRequest) => {
  await s.playback.camera(principal(req), String((req.params as { id?: unknown }).id), perm);
};

export const recordingRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    const guard = cameraGuard(s);
    const may = (perm: Permission) => async (req: FastifyRequest) => void principal(req, perm);

    app.get(
      '/api/cameras/:id/recordings',
      {
        preValidation: guard('recordings.view'),
        schema: {
          tags: ['recordings'],
          summary: 'What is recorded between two times (from the index): covered ranges and gaps.',
          params: idParams,
          querystring: range(MAX_TIMELINE_MS),
          response: { 200: timelineSchema, ...errors },
        },
      },
      async (req) =>
        s.playback.timeline(principal(req), req.params.id, Date.parse(req.query.from), Date.parse(req.query.to)),
    );

    app.get(
      '/api/cameras/:id/playback.mp4',
      {
        preValidation: guard('recordings.view'),
        schema: {
          tags: ['recordings'],
          summary: 'Play back [from, to) as one seekable MP4 by stream copy (journaled; at most 24 h; gaps skipped).',
          description:
            'Answers with Content-Length and honours `Range: bytes=` (206, or 416 past the end), so that a player can seek. The file is written once per range to the clip cache; a viewer session (same user, camera and range) is journaled once, not per range request.',
          params: idParams,
          querystring: range(MAX_CLIP_MS),
          produces: ['video/mp4'],
          response: {
            200: z
              .unknown()
              .describe(
                'MP4 (video/mp4); header x-vigie-covered: [[from, to, offsetSeconds]]; header x-vigie-privacy: blurred (people pixelated, the privacy policy) or clear.',
              ),
            206: z.unknown().describe('The bytes of the MP4 asked by the Range header.'),
            ...errors,
            416: errorSchema.describe('The Range asks for bytes past the end of the file.'),
            429: errorSchema.describe('Too many playbacks at once for you or for the centre (clips.playbackPer*).'),
          },
        },
      },
      async (req, reply) => {
        const seekable = await s.playback.openFile(
          principal(req),
          req.params.id,
          Date.parse(req.query.from),
          Date.parse(req.query.to),
          req.ip,
        );
        if (seekable) {
          reply.header('x-vigie-covered', coveredHeader(seekable.plan));
          reply.header('x-vigie-privacy', seekable.blurred ? 'blurred' : 'clear');
          return sendRanges(req, reply, seekable.clip);
        }
        const { plan, clip, blurred } = await s.playback.open(
          principal(req),
          req.params.id,
          Date.parse(req.query.from),
          Date.parse(req.query.to),
          req.ip,
        );
        // A viewer who goes away must not leave ffmpeg running.
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) clip.kill();
        });
        clip.done.catch((err) => req.log.warn({ err, camera: req.params.id }, 'playback stream failed'));
        reply.header('x-vigie-covered', coveredHeader(plan));
        reply.header('x-vigie-privacy', blurred ? 'blurred' : 'clear');
        return reply.type('video/mp4').header('cache-control', 'no-store').send(clip.stream);
      },
    );

    app.post(
      '/api/cameras/:id/exports',
      {
        preValidation: guard('recordings.export'),
        schema: {
          tags: ['recordings'],
          summary: 'Export [from, to) as one MP4 with a manifest (covered ranges, gaps, SHA-256); journaled.',
          description:
            'Exports have their own budget (exports.maxBytes) and retention (exports.retentionDays): 507 when this one would pass the budget or the disk is full, 409 when footage was deleted meanwhile, 500 with the cause when the clip could not be made; no half file is kept.',
          params: idParams,
          body: exportBody,
          response: {
            201: manifestSchema,
            ...errors,
            409: errorSchema,
            429: errorSchema.describe('Too many exports at once for you or for the centre (clips.exportsPer*).'),
            500: errorSchema,
            507: errorSchema,
          },
        },
      },
      async (req, reply) => {
        const { from, to, reason: why } = req.body;
        const m = await s.exports.create(principal(req), req.params.id, Date.parse(from), Date.parse(to), why, req.ip);
        return reply.status(201).send(m);
      },
    );

    app.get(
      '/api/exports/:exportId',
      {
        preValidation: may('recordings.export'),
        schema: {
          tags: ['recordings'],
          summary: 'Manifest of an export.',
          params: exportParams,
          response: { 200: manifestSchema, ...errors },
        },
      },
      async (req) => s.exports.get(principal(req), req.params.exportId),
    );

    app.get(
      '/api/exports/:exportId.mp4',
      {
        preValidation: may('recordings.export'),
        schema: {
          tags: ['recordings'],
          summary: 'Download an export (journaled); its SHA-256 is in the manifest and the x-vigie-sha256 header.',
          params: exportParams,
          produces: ['video/mp4'],
          response: { 200: z.unknown().describe('The MP4 (video/mp4).'), ...errors, 410: errorSchema },
        },
      },
      async (req, reply) => {
        const d = await s.exports.download(principal(req), req.params.exportId, req.ip);
        return reply
          .type('video/mp4')
          .header('content-length', d.bytes)
          .header('content-disposition', `attachment; filename="${d.manifest.cameraId}_${d.manifest.id}.mp4"`)
          .header('x-vigie-sha256', d.manifest.sha256)
          .send(d.stream);
      },
    );
  };
