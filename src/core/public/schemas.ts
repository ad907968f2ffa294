// What an admin records for the public register (per-camera publication, contracts): the inputs the API validates.
import { z } from 'zod';

export const publicationInputSchema = z
  .strictObject({
    published: z.boolean().describe('Shown on the public register (default for a camera without a row: true).'),
    reason: z
      .string()
      .trim()
      .max(500)
      .optional()
      .describe('Why the camera is withheld (required then, at least 5 characters; e.g. a sensitive site).'),
    covers: z.string().trim().max(300).optional().describe('What the camera covers, in words, for the public.'),
  })
  .superRefine((p, ctx) => {
    // A withheld camera still films: the reason is what an auditor or a court will ask for.
    if (!p.published && (p.reason ?? '').length < 5)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why the camera is withheld (≥ 5 characters)' });
  })
  .describe('What the public register shows of one camera.');
export type PublicationInput = z.output<typeof publicationInputSchema>;

/** One camera's publication choice as stored (no row: published, nothing said). */
export interface CameraPublication {
  cameraId: string;
  published: boolean;
  reason: string | null;
  covers: string | null;
  updatedBy: string;
  updatedAt: string;
}

export const contractInputSchema = z
  .strictObject({
    vendor: z.string().trim().min(1).max(200).describe('Who the contract is with.'),
    object: z.string().trim().min(1).max(2000).describe('What it buys (supply, installation, software, upkeep).'),
    amountCents: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Amount in cents of the currency (excluding tax unless the object says otherwise).'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .default('EUR')
      .describe('ISO 4217 currency code.'),
    signedOn: z.iso.date('a date as YYYY-MM-DD').describe('The day it was signed.'),
    durationMonths: z.number().int().min(1).max(1200).optional().describe('How long it runs, in months.'),
    maintenance: z.string().trim().max(2000).describe('Maintenance terms (what, how often, response times).'),
  })
  .describe('A contract of the video-protection system, published on the public register.');
export type ContractInput = z.output<typeof contractInputSchema>;

export interface Contract extends ContractInput {
  id: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}
