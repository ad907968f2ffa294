import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedClip } from '../core/ports/clips.js';
import { parseRange } from './byte-range.js';

/** Sends a whole MP4 file with its length, or the one byte range asked (206), or 416 with the file's size. */
export function sendRanges(req: FastifyRequest, reply: FastifyReply, clip: CachedClip) {
  const range = parseRange(req.headers.range, clip.bytes);
  reply.header('cache-control', 'no-store').header('accept-ranges', 'bytes');
  if (range === 'unsatisfiable')
    return reply
      .status(416)
      .type('application/json')
      .header('content-range', `bytes */${clip.bytes}`)
      .send({
        error: 'range_not_satisfiable',
        message: `range: ${req.headers.range} starts past the end of the ${clip.bytes}-byte file`,
      });
  reply.type('video/mp4');
  const { start, end } = range ?? { start: 0, end: clip.bytes - 1 };
  if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${clip.bytes}`);
  if (clip.bytes === 0) return reply.header('content-length', 0).send(Buffer.alloc(0));
  const stream = clip.read(start, end);
  // A player that seeks drops the request it was reading: the file handle must go with it.
  reply.raw.on('close', () => stream.destroy());
  return reply.header('content-length', end - start + 1).send(stream);
}
