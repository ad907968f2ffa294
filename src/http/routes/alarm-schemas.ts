import { z } from 'zod';
import { type Alarm, alarmActions, alarmPriorities, alarmStates, dispositions } from '../../core/ports/alarms.js';
import { eventKinds } from '../../core/ports/recordings.js';
import { idSchema } from '../../core/shared/ids.js';
import { eventSchema, isoMs } from './event-routes.js';

const ms = z.number().describe('Epoch ms.');

const stepSchema = z.object({
  action: z.enum(alarmActions),
  by: z.string().describe('Username, or system.'),
  at: ms,
  text: z.string().optional(),
  assignee: z.string().optional(),
  disposition: z.enum(dispositions).optional(),
  priority: z.enum(alarmPriorities).optional(),
});

export const alarmSchema = z.object({
  id: z.string(),
  kind: z.enum(eventKinds),
  cameraId: z.string(),
  sectorId: z.string().nullable().describe("The camera's sector (null once the camera is deleted)."),
  zoneId: z.string().nullable(),
  priority: z.enum(alarmPriorities),
  basePriority: z.enum(alarmPriorities).describe('Priority before escalation.'),
  state: z.enum(alarmStates),
  eventIds: z.array(z.string()).describe('Events of the situation, oldest first.'),
  eventCount: z.number(),
  ongoing: z.number().describe('Events of the situation not yet ended.'),
  raisedAt: ms,
  lastEventAt: ms,
  situationEndedAt: ms.nullable(),
  deadlineAt: ms.describe('Still new at this time, the alarm escalates.'),
  escalatedAt: ms.nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: ms.nullable(),
  assigneeId: z.string().nullable(),
  assignee: z.string().nullable(),
  assignedBy: z.string().nullable(),
  assignedAt: ms.nullable(),
  closedBy: z.string().nullable(),
  closedAt: ms.nullable(),
  disposition: z.enum(dispositions).nullable(),
  comments: z.array(z.object({ by: z.string(), at: ms, text: z.string() })),
  history: z.array(stepSchema).describe('Every step: who, what, when.'),
  version: z.number(),
  updatedAt: ms,
  authorisationId: z
    .string()
    .nullable()
    .describe('The authorisation its first event was produced under (law.md L4); null when none covered it.'),
});

export const alarmWithEventsSchema = alarmSchema.extend({
  events: z.array(eventSchema).describe('The newest events of the situation (up to 100), newest first.'),
});

/** The API view: comments pulled out of the history for the console. */
export const alarmOut = (a: Alarm) => ({
  ...a,
  comments: a.history.flatMap((h) => (h.text !== undefined ? [{ by: h.by, at: h.at, text: h.text }] : [])),
});

const common = {
  kind: z.enum(eventKinds).optional(),
  cameraId: idSchema.optional(),
  sectorId: idSchema.optional().describe("Only alarms of this sector's cameras (within your own sectors)."),
  from: isoMs('from').optional().describe('Raised at or after (ISO date-time).'),
  to: isoMs('to').optional().describe('Raised before (ISO date-time).'),
};

export const listQuery = z.strictObject({
  ...common,
  state: z
    .enum([...alarmStates, 'open'])
    .optional()
    .describe('open: any state but closed.'),
  priority: z.enum(alarmPriorities).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const statsQuery = z.strictObject(common);

const counts = { total: z.number(), open: z.number(), closed: z.number(), falseAlarms: z.number() };

export const statsSchema = z.object({
  ...counts,
  byState: z.record(z.enum(alarmStates), z.number()),
  byDisposition: z.record(z.enum(dispositions), z.number()),
  byKind: z.array(
    z.object({
      kind: z.enum(eventKinds),
      ...counts,
      falseAlarmRate: z.number().nullable().describe('Closed as false_alarm / closed (null while none is closed).'),
    }),
  ),
  byCamera: z.array(z.object({ cameraId: z.string(), ...counts })),
});

export const assignBody = z.strictObject({
  userId: z.uuid('must be a UUID').describe('Who takes the alarm (operators may only take it themselves).'),
});
export const commentBody = z.strictObject({ text: z.string().trim().min(1).max(2000).describe('The comment.') });
export const closeBody = z.strictObject({
  disposition: z.enum(dispositions).describe('What the situation was: confirmed, false_alarm or not_actionable.'),
  comment: z.string().trim().max(2000).optional().describe('Why, in a few words.'),
});
