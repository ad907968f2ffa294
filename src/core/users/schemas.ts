import { z } from 'zod';
import { roles } from '../ports/store.js';
import { passwordProblem } from '../security/password-policy.js';
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
  // The rules that need no context (common, sequential, repetitive, control characters); the username and the
  // centre's own words are checked by the user service.
  .superRefine((p, ctx) => {
    const why = p.length >= MIN_PASSWORD_LENGTH ? passwordProblem(p) : undefined;
    if (why) ctx.addIssue({ code: 'custom', message: why });
  })
  .describe(
    `Password (never stored in clear): at least ${MIN_PASSWORD_LENGTH} characters, no control characters, not a common, sequential or repetitive password, not built on the username, a role or the service name (NIST SP 800-63B).`,
  );

export const userInputSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(roles).describe('admin, supervisor, operator or auditor.'),
  sectorIds: z.array(idSchema).max(500).default([]).describe('Sectors a supervisor or operator is authorised for.'),
});

export const userPatchSchema = z
  .strictObject({
    password: passwordSchema,
    currentPassword: z
      .string()
      .min(1)
      .max(256)
      .describe('Your current password: required when you change your own password.'),
    role: z.enum(roles),
    sectorIds: z.array(idSchema).max(500),
    disabled: z.boolean().describe('A disabled user cannot log in; their sessions and API tokens end.'),
    resetTotp: z
      .literal(true)
      .describe('Remove the one-time-code device (lost phone): the user logs in with the password and enrols again.'),
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
  totp: z
    .string()
    .regex(/^\d{6}$/, 'must be the 6 digits shown by the authenticator app')
    .optional()
    .describe('One-time code, for accounts that enrolled one (RFC 6238).'),
});

export type UserInput = z.input<typeof userInputSchema>;
export type UserPatch = z.output<typeof userPatchSchema>;
export type PublicUser = z.output<typeof userSchema>;
