import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/ids.js';

export const cameraPhases = ['pilot', 'replacement', 'extension'] as const;
export const cameraStatuses = ['planned', 'active', 'maintenance', 'decommissioned'] as const;

/** Stream URLs carry no secrets: credentials go to the encrypted credentials field instead. */
export const streamUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => URL.canParse(s), 'must be a valid URL')
  .refine((s) => /^(rtsp|rtsps|http|https):$/.test(new URL(s).protocol), 'must be an rtsp(s):// or http(s):// URL')
  .refine((s) => !new URL(s).username && !new URL(s).password, 'must not embed credentials; use the credentials field');

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

export const cameraInputSchema = z
  .strictObject({
    id: idSchema.describe('Stable camera id, e.g. VAL-042.'),
    name: z.string().trim().min(1).max(200).describe('Human name shown to operators.'),
    sectorId: idSchema.describe('Sector the camera belongs to (operators are scoped by sector).'),
    position: positionSchema.optional(),
    address: z.string().max(300).optional().describe('Street address.'),
    streams: z
      .strictObject({
        main: streamUrlSchema.describe('Main (recording) stream URL.'),
        sub: streamUrlSchema.optional().describe('Sub (analytics / wall) stream URL.'),
      })
      .describe('Stream URLs, without credentials.'),
    credentials: credentialsSchema.optional(),
    model: z.string().max(200).optional().describe('Camera make and model.'),
    phase: z.enum(cameraPhases).default('replacement').describe('Roll-out phase: pilot, replacement or extension.'),
    installedAt: isoDateSchema.optional().describe('Installation date.'),
    status: z.enum(cameraStatuses).default('active').describe('Operational status.'),
    tags: z.array(z.string().trim().min(1).max(64)).max(32).default([]).describe('Free tags.'),
  })
  .describe('A camera of the fleet.');

/** A patch: every field optional, id immutable; credentials:null clears them. */
export const cameraPatchSchema = cameraInputSchema
  .omit({ id: true })
  .partial()
  .extend({ credentials: credentialsSchema.nullable().optional() })
  .strict();

export const cameraSchema = cameraInputSchema
  .omit({ credentials: true })
  .extend({
    hasCredentials: z.boolean().describe('Whether credentials are stored (they are never returned).'),
    createdAt: z.string().describe('ISO time of creation.'),
    updatedAt: z.string().describe('ISO time of last change.'),
  });

export const sectorInputSchema = z.strictObject({
  id: idSchema.describe('Sector id, e.g. gare.'),
  name: z.string().trim().min(1).max(200).describe('Sector name.'),
  description: z.string().max(2000).optional().describe('What the sector covers.'),
});
export const sectorPatchSchema = sectorInputSchema.omit({ id: true }).partial().strict();

export type CameraInput = z.input<typeof cameraInputSchema>;
export type CameraParsed = z.output<typeof cameraInputSchema>;
export type CameraPatch = z.output<typeof cameraPatchSchema>;
export type Camera = z.output<typeof cameraSchema>;
export type Sector = z.output<typeof sectorInputSchema>;
