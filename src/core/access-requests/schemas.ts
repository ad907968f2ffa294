// A right-of-access request (RGPD art. 15, CSI L253-5; law.md L7): what the centre keeps of it and the steps it
// goes through. Only the requester's reference is kept: the identity check happens outside Vigie, and an ID
// document or a name here would be one more copy of personal data to protect.
import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/ids.js';

export const ACCESS_STATES = [
  'received',
  'in_progress',
  'answered',
  'partially_answered',
  'refused',
  'closed',
] as const;
export type AccessState = (typeof ACCESS_STATES)[number];
export type AccessOutcome = 'answered' | 'partially_answered' | 'refused';

const day = isoDateSchema;
const reason = z.string().trim().min(5, 'say why (5 characters or more)').max(2000);

/** What the supervisor types. Cross-field checks (from < to, retention, cameras) are the service's: journaled. */
export const accessRequestInputSchema = z.strictObject({
  reference: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('The requester’s reference (a file number); never a name nor an identity document.'),
  receivedOn: day.describe('The day the request was received; the one-month deadline runs from it.'),
  cameraIds: z.array(idSchema).min(1, 'name at least one camera').max(50),
  from: z.iso.datetime({ offset: true }).describe('Start of the window the requester was filmed in.'),
  to: z.iso.datetime({ offset: true }).describe('End of the window (after `from`).'),
  description: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('How to find the person in the footage: clothing, where, when.'),
});
export type AccessRequestInput = z.infer<typeof accessRequestInputSchema>;

export const ACCESS_STEPS = ['start', 'answer', 'refuse', 'close', 'extend'] as const;

/**
 * One step of the lifecycle; `answer` covers full and partial answers. One flat object rather than a union per step,
 * so that an unknown field is named as such; which fields a step needs is checked by the service (and journaled).
 */
export const accessStepSchema = z.strictObject({
  step: z.enum(ACCESS_STEPS),
  partial: z.boolean().optional().describe('answer: only part of the footage is given (reason required).'),
  reason: reason
    .optional()
    .describe('answer: what was given; required for a partial answer, a refusal and an extension.'),
  dueOn: day.optional().describe('extend: the new deadline, at most two more months (RGPD art. 12(3)).'),
  copyIds: z
    .array(z.uuid('must be a copy id'))
    .max(50)
    .optional()
    .describe('answer: the anonymised copies given to the requester (POST …/copies), named in the history.'),
});
export type AccessStep = z.infer<typeof accessStepSchema>;

export interface HistoryEntry {
  at: string;
  by: string;
  step: 'create' | AccessStep['step'];
  note?: string;
  /** answer: the anonymised copies given. */
  copies?: string[];
}

export interface AccessRequest {
  id: string;
  reference: string;
  receivedOn: string;
  dueOn: string;
  extension: { dueOn: string; reason: string } | null;
  cameraIds: string[];
  from: string;
  to: string;
  description: string;
  state: AccessState;
  outcome: AccessOutcome | null;
  /** The local day of the answer or refusal (the public statistics count by it). */
  outcomeOn: string | null;
  outcomeReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
}

/** `day` plus whole calendar months, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(dayStr: string, months: number): string {
  const [y, m, d] = dayStr.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The deadline in force: the extension's when there is one. */
export const deadlineOf = (r: AccessRequest) => r.extension?.dueOn ?? r.dueOn;

/** Whether the request still waits for its answer (the deadline binds until then). */
export const pending = (r: AccessRequest) => r.state === 'received' || r.state === 'in_progress';

/** The states each step may leave from. */
export const FROM: Record<AccessStep['step'], AccessState[]> = {
  start: ['received'],
  answer: ['received', 'in_progress'],
  refuse: ['received', 'in_progress'],
  close: ['answered', 'partially_answered', 'refused'],
  extend: ['received', 'in_progress'],
};
