import { z } from 'zod';
import { idSchema } from '../../core/shared/ids.js';

export const errorSchema = z
  .object({
    error: z.string().describe('Machine-readable code.'),
    message: z.string().describe('What is wrong, naming the field.'),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('Error answer.');

export const idParams = z.strictObject({ id: idSchema });
export const uuidParams = z.strictObject({ id: z.uuid('must be a UUID') });
export const okSchema = z.object({ ok: z.literal(true) });

/** Standard error answers, so that every route documents them in the OpenAPI document. */
export const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
