import { z } from 'zod';
import { roles } from '../ports/store.js';
import { MIN_PASSWORD_LENGTH } from '../security/passwords.js';
import { idSchema } from '../shared/ids.js';

export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3-64 letters, digits, ".", "_" or "-"')
  .describe('Login name.');
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256)
  .describe('Password (never stored in clear).');

export const userInputSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(roles).describe('admin, supervisor, operator or auditor.'),
  sectorIds: z.array(idSchema).max(500).default([]).describe('Sectors a supervisor or operator is authorised for.'),
});

export const userPatchSchema = z
  .strictObject({
    password: passwordSchema,
    role: z.enum(roles),
    sectorIds: z.array(idSchema).max(500),
    disabled: z.boolean().describe('A disabled user cannot log in; their sessions end.'),
  })
  .partial();

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(roles),
  sectorIds: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export type UserInput = z.input<typeof userInputSchema>;
export type UserPatch = z.output<typeof userPatchSchema>;
export type PublicUser = z.output<typeof userSchema>;
