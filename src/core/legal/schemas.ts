// One authorisation: the input the API, the CLI and the demo seed validate with, and the record the register keeps.
import { z } from 'zod';
import { idSchema } from '../shared/ids.js';
import { LEGAL_FAMILIES, LEGAL_RETENTION_CAP_DAYS, type LegalFamily } from '../shared/law.js';

export const AUTHORISATION_KINDS = ['video_protection', 'algorithmic_processing', 'other'] as const;
export type AuthorisationKind = (typeof AUTHORISATION_KINDS)[number];

/** The purposes of CSI L251-2 a French authorisation names (free text completes them). */
export const PURPOSES = [
  'public_safety',
  'crime_prevention',
  'traffic_regulation',
  'protection_of_public_buildings',
  'prevention_of_natural_risks',
  'rescue_and_fire_safety',
  'events_security',
  'other',
] as const;

const day = z.iso.date('a date as YYYY-MM-DD');

export const authorisationInputSchema = z
  .strictObject({
    kind: z
      .enum(AUTHORISATION_KINDS)
      .describe(
        'video_protection: cameras (prefect, usually 5 years); ' +
          'algorithmic_processing: real-time analytics; other.',
      ),
    authority: z.string().trim().min(2).max(200).describe('Who issued it (e.g. "Préfet du Nord").'),
    reference: z.string().trim().min(1).max(200).describe('Its reference (e.g. an order number).'),
    signedOn: day.describe('The day it was signed.'),
    startsOn: day.describe('First day it is in force.'),
    endsOn: day.describe('Last day it is in force (inclusive); analytics it covers stop after it.'),
    purposes: z
      .array(z.enum(PURPOSES))
      .min(1, 'name at least one purpose')
      .max(PURPOSES.length)
      .describe('The purposes it authorises.'),
    purposeText: z.string().trim().max(2000).default('').describe('The purposes in the authorisation’s own words.'),
    cameraIds: z.array(idSchema).max(10_000).default([]).describe('Cameras it covers.'),
    sectorIds: z.array(idSchema).max(1_000).default([]).describe('Sectors it covers (every camera in them).'),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(LEGAL_RETENTION_CAP_DAYS, `at most ${LEGAL_RETENTION_CAP_DAYS} days (CSI L252-5)`)
      .optional()
      .describe('video_protection only (and required there): the authorised retention of recordings, in days.'),
    families: z
      .array(z.enum(LEGAL_FAMILIES))
      .max(LEGAL_FAMILIES.length)
      .optional()
      .describe('algorithmic_processing only (and required there): the event families it allows (L3).'),
    publishDocument: z.boolean().default(false).describe('Publish the attached document on the public register.'),
  })
  .superRefine((a, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (a.endsOn < a.startsOn) bad('endsOn', `ends (${a.endsOn}) before it starts (${a.startsOn})`);
    if (a.signedOn > a.startsOn) bad('signedOn', 'signed after it starts');
    if (a.cameraIds.length + a.sectorIds.length === 0) bad('cameraIds', 'name the cameras or sectors it covers');
    if (a.kind === 'video_protection' && a.retentionDays === undefined)
      bad('retentionDays', 'required for video_protection');
    if (a.kind !== 'video_protection' && a.retentionDays !== undefined)
      bad('retentionDays', 'only for video_protection');
    if (a.kind === 'algorithmic_processing' && !a.families?.length)
      bad('families', 'name the event families it allows');
    if (a.kind !== 'algorithmic_processing' && a.families !== undefined)
      bad('families', 'only for algorithmic_processing');
  })
  .describe('A legal basis under which cameras film or analytics run (law.md L4).');

export type AuthorisationInput = z.output<typeof authorisationInputSchema>;

/** An authorisation as a record names it (an export's manifest): enough to find it and the paper it refers to. */
export type AuthorisationRef = Pick<
  Authorisation,
  'id' | 'kind' | 'reference' | 'authority' | 'startsOn' | 'endsOn' | 'revokedAt'
>;

/** The attached document: the file is kept under the data dir by its SHA-256. */
export interface AuthorisationDocument {
  sha256: string;
  size: number;
  name: string;
  uploadedAt: string;
}

export interface Authorisation extends Omit<AuthorisationInput, 'families'> {
  id: string;
  families: LegalFamily[];
  document: AuthorisationDocument | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}
