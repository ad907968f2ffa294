import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/ids.js';
import { LEGAL_RETENTION_CAP_DAYS } from '../shared/law.js';

export const cameraPhases = ['pilot', 'replacement', 'extension'] as const;
export const cameraStatuses = ['planned', 'active', 'maintenance', 'decommissioned'] as const;

/** Stream URLs carry no secrets: credentials go to the encrypted credentials field instead. */
export const streamUrlSchema = z
  .string()
  .max(2048)
  .superRefine((s, ctx) => {
    if (!URL.canParse(s)) return void ctx.addIssue({ code: 'custom', message: 'must be a valid URL' });
    const u = new URL(s);
    if (!/^(rtsp|rtsps|http|https):$/.test(u.protocol))
      ctx.addIssue({ code: 'custom', message: 'must be an rtsp(s):// or http(s):// URL' });
    // `rtsp:///x` parses (rtsp is not a WHATWG "special" scheme) but names no camera to connect to.
    else if (!u.hostname) ctx.addIssue({ code: 'custom', message: 'must name a host, e.g. rtsp://192.0.2.10/stream' });
    if (u.username || u.password)
      ctx.addIssue({ code: 'custom', message: 'must not embed credentials; use the credentials field' });
  });

export const positionSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90).describe('Latitude, WGS84 degrees.'),
    lon: z.number().min(-180).max(180).describe('Longitude, WGS84 degrees.'),
  })
  .describe('Where the camera stands.');

export const credentialsSchema = z
  .strictObject({
    username: z.string().min(1).max(128),
    password: z.string().max(256),
  })
  .describe('Camera login; write-only, stored encrypted, never returned.');

/** A camera's or sector's own live privacy: inherit (the sector's, then the centre's live.privacy), blur or off. */
export const privacySettingSchema = z
  .enum(['inherit', 'blur', 'off'])
  .describe(
    "People blurred on the live wall: inherit (the sector's setting, then the centre's live.privacy), blur, or off (admins).",
  );

/** Field schemas without defaults, shared by the input (which adds defaults) and the patch (which must not). */
const cameraFields = {
  name: z.string().trim().min(1).max(200).describe('Human name shown to operators.'),
  sectorId: idSchema.describe('Sector the camera belongs to (operators are scoped by sector).'),
  position: positionSchema,
  address: z.string().max(300).describe('Street address.'),
  streams: z
    .strictObject({
      main: streamUrlSchema.describe('Main (recording) stream URL.'),
      sub: streamUrlSchema.optional().describe('Sub (analytics / wall) stream URL.'),
    })
    .describe('Stream URLs, without credentials.'),
  model: z.string().max(200).describe('Camera make and model.'),
  phase: z.enum(cameraPhases).describe('Roll-out phase: pilot, replacement or extension.'),
  installedAt: isoDateSchema.describe('Installation date.'),
  status: z.enum(cameraStatuses).describe('Operational status.'),
  tags: z.array(z.string().trim().min(1).max(64)).max(32).describe('Free tags.'),
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(
      LEGAL_RETENTION_CAP_DAYS,
      `the law caps retention of recordings at ${LEGAL_RETENTION_CAP_DAYS} days (CSI L252-5)`,
    )
    .describe("Days this camera's recordings are kept (default: the centre's retention.days; legal cap 30)."),
  direction: z
    .number()
    .int()
    .min(0)
    .max(359)
    .describe('Where the camera looks: whole degrees clockwise from north, 0..359 (the map draws its view cone).'),
  fieldOfView: z
    .number()
    .int()
    .min(10)
    .max(360)
    .describe('Width of the view in whole degrees, 10..360 (360: a dome that sees all around).'),
  privacy: privacySettingSchema,
};

export const cameraInputSchema = z
  .strictObject({
    id: idSchema.describe('Stable camera id, e.g. VAL-042.'),
    ...cameraFields,
    position: cameraFields.position.optional(),
    address: cameraFields.address.optional(),
    credentials: credentialsSchema.optional(),
    model: cameraFields.model.optional(),
    phase: cameraFields.phase.default('replacement'),
    installedAt: cameraFields.installedAt.optional(),
    status: cameraFields.status.default('active'),
    tags: cameraFields.tags.default([]),
    retentionDays: cameraFields.retentionDays.optional(),
    direction: cameraFields.direction.optional(),
    fieldOfView: cameraFields.fieldOfView.optional(),
    // Absent on input means inherit; an import never changes a camera's setting (CSV and GeoJSON do not carry it).
    privacy: cameraFields.privacy.optional(),
  })
  .describe('A camera of the fleet.');

/** A patch: every field optional, no defaults, id immutable; credentials:null clears them. */
export const cameraPatchSchema = z
  .strictObject({ ...cameraFields, credentials: credentialsSchema.nullable() })
  .partial()
  .describe('Fields to change on a camera.');

export const cameraSchema = cameraInputSchema.omit({ credentials: true }).extend({
  hasCredentials: z.boolean().describe('Whether credentials are stored (they are never returned).'),
  createdAt: z.string().describe('ISO time of creation.'),
  updatedAt: z.string().describe('ISO time of last change.'),
});

export const sectorInputSchema = z.strictObject({
  id: idSchema.describe('Sector id, e.g. gare.'),
  name: z.string().trim().min(1).max(200).describe('Sector name.'),
  description: z.string().max(2000).optional().describe('What the sector covers.'),
  privacy: privacySettingSchema.optional(),
});
export const sectorPatchSchema = sectorInputSchema.omit({ id: true }).partial().strict();

export type CameraInput = z.input<typeof cameraInputSchema>;
export type CameraParsed = z.output<typeof cameraInputSchema>;
export type CameraPatch = z.output<typeof cameraPatchSchema>;
export type Camera = z.output<typeof cameraSchema>;
export type Sector = z.output<typeof sectorInputSchema>;
export type PrivacySetting = z.output<typeof privacySettingSchema>;
