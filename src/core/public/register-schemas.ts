// The shapes of everything /public serves. The routes serialise with these schemas and /public/schema/* publishes
// them as JSON Schema (z.toJSONSchema), so the open data and its published schema cannot drift apart.
import { z } from 'zod';

/** Published for a cell hidden only because it would give a hidden one back (total minus the others). */
export const WITHHELD = 'withheld';

/** A count as published: the number, or "< N" when below the threshold (so no person can be singled out). */
export const countSchema = z
  .union([z.number().int().min(0), z.string().regex(/^< \d+$/), z.literal(WITHHELD)])
  .describe(
    'A count; "< N" when it is below the publication threshold N; "withheld" when publishing it would let one ' +
      'compute a count below N from the total.',
  );
export type PublicCount = z.output<typeof countSchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const accuracySchema = z
  .object({
    metrics: z.array(z.object({ metric: z.string(), value: z.number() })),
    dataset: z.string(),
    split: z.string(),
    command: z.string().describe('The `vigie eval` command that measured it.'),
    date: day.nullable(),
    source: z.string().describe('Where the figures are reported in the project documentation.'),
  })
  .describe('What `vigie eval` measured for this analytic (null: not measured yet).');

export const publicAuthorisationRefSchema = z.object({
  id: z.string(),
  kind: z.enum(['video_protection', 'algorithmic_processing', 'other']),
  reference: z.string(),
  authority: z.string(),
  signedOn: day,
  startsOn: day,
  endsOn: day,
  sha256: z.string().nullable().describe('SHA-256 of the signed document (null: none attached).'),
  documentUrl: z.string().nullable().describe('The document, when the admin chose to publish it.'),
});

export const publicAnalyticSchema = z.object({
  family: z.string().describe('The event family of décret 2023-828 art. 3 (law.md L3).'),
  kind: z.string().describe('The event kind the analytic raises.'),
  model: z.string(),
  modelVersion: z.string(),
  accuracy: accuracySchema.nullable(),
  humanStep: z.string(),
});

export const publicCameraSchema = z.object({
  id: z.string(),
  name: z.string(),
  sector: z.string(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  covers: z.string().nullable().describe('What the camera covers, in words.'),
  phase: z.string(),
  installedAt: day.nullable(),
  purposes: z.array(z.string()),
  retentionDays: z.number().int().min(1).describe('How long its recordings are kept: min(configured, authorised).'),
  videoProtectionInForce: z.boolean().describe('False: the camera films without a video-protection authorisation.'),
  authorisations: z.array(publicAuthorisationRefSchema),
  analytics: z.array(publicAnalyticSchema),
});

export const publicAuthorisationSchema = publicAuthorisationRefSchema.extend({
  purposes: z.array(z.string()),
  purposeText: z.string(),
  families: z.array(z.string()),
  retentionDays: z.number().int().nullable(),
  cameras: z.number().int().min(0).describe('Published cameras it covers.'),
  sectors: z.array(z.string()).describe('Sectors it names.'),
});

export const publicContractSchema = z.object({
  id: z.string(),
  vendor: z.string(),
  object: z.string(),
  amountCents: z.number().int().min(0).nullable(),
  currency: z.string(),
  signedOn: day,
  durationMonths: z.number().int().nullable(),
  maintenance: z.string(),
});

const shareSchema = z.number().min(0).max(1).nullable().describe('null: withheld (computed from a count below N).');

export const monthStatisticsSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  from: z.string(),
  to: z.string(),
  complete: z.boolean().describe('False for the month under way.'),
  alarms: z.object({
    total: countSchema,
    byKind: z.array(z.object({ kind: z.string(), count: countSchema })),
  }),
  dispositions: z.object({
    closed: countSchema,
    confirmed: z.object({ count: countSchema, share: shareSchema }),
    false_alarm: z.object({ count: countSchema, share: shareSchema }),
    not_actionable: z.object({ count: countSchema, share: shareSchema }),
  }),
  exports: z.object({
    count: countSchema,
    byLegalGround: z.null(),
    note: z.string(),
  }),
  evidenceHolds: countSchema,
  accessRequests: z
    .object({ received: countSchema, answered: countSchema, refused: countSchema, note: z.string() })
    .describe('Right-of-access requests received, answered (fully or in part) and refused in the month.'),
  availability: z.object({ share: z.number().min(0).max(1).nullable(), method: z.string() }),
});

export const statisticsSchema = z
  .object({
    generatedAt: z.string(),
    minCount: z.number().int(),
    timeZone: z.string(),
    months: z.array(monthStatisticsSchema),
  })
  .describe('Monthly statistics of the video-protection centre, aggregated so that no person can be singled out.');

export const registerSchema = z
  .object({
    generatedAt: z.string(),
    city: z.string().nullable(),
    contact: z.object({ email: z.string().nullable(), url: z.string().nullable() }),
    cameras: z.array(publicCameraSchema),
    authorisations: z.array(publicAuthorisationSchema).describe('Authorisations in force today.'),
    contracts: z.array(publicContractSchema),
    statistics: statisticsSchema,
  })
  .describe('The public transparency register of a Vigie video-protection centre (law.md L9).');

const algorithmWords = z.object({
  name: z.string(),
  description: z.string(),
  goalAndImpact: z.string(),
  considerations: z.string(),
  humanIntervention: z.string(),
  riskManagement: z.string(),
  impactAssessment: z.string(),
  data: z.string(),
});

export const algorithmSchema = z.object({
  fr: algorithmWords.describe('The same texts in French.'),
  name: z.string(),
  organisation: z.string(),
  description: z.string(),
  goalAndImpact: z.string(),
  considerations: z.string(),
  humanIntervention: z.string(),
  riskManagement: z.string(),
  legalBasis: z.array(
    z.object({
      reference: z.string(),
      authority: z.string(),
      startsOn: day,
      endsOn: day,
      documentUrl: z.string().nullable(),
    }),
  ),
  impactAssessment: z.string(),
  data: z.string(),
  technicalDesign: z.object({
    model: z.string(),
    version: z.string(),
    family: z.string(),
    kinds: z.array(z.string()),
    models: z
      .array(
        z.object({
          name: z.string(),
          package: z.string(),
          file: z.string(),
          sha256: z.string(),
          licence: z.string(),
        }),
      )
      .describe('The only model files the centre may open (its model guard’s allow-list, by SHA-256); none biometric.'),
  }),
  accuracy: z.array(z.object({ kind: z.string(), figures: accuracySchema.nullable() })),
  supplier: z.string(),
  sourceCode: z.string(),
  cameras: z.number().int().min(0).describe('Published cameras it runs on.'),
  status: z.enum(['in_use', 'not_in_use']),
  beginDate: day.nullable(),
  endDate: day.nullable(),
  contact: z.string().nullable(),
  website: z.string().nullable(),
});

export const algorithmsSchema = z
  .object({
    generatedAt: z.string(),
    standard: z.string(),
    algorithms: z.array(algorithmSchema),
  })
  .describe('One entry per algorithm, with the fields of the Dutch Algorithm Register publication standard.');

export type PublicRegisterDoc = z.output<typeof registerSchema>;
export type PublicCamera = z.output<typeof publicCameraSchema>;
export type MonthStatistics = z.output<typeof monthStatisticsSchema>;
export type PublicStatistics = z.output<typeof statisticsSchema>;
export type AlgorithmsDoc = z.output<typeof algorithmsSchema>;
