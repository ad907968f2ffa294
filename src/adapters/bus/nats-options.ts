import { z } from 'zod';
import { DEFAULT_WORK_RETRY } from '../../core/ports/bus.js';

/** The NATS bus's settings: what a cluster operator may tune (the centre's config nests it; unknown keys rejected). */
export const natsBusOptionsSchema = z
  .object({
    /** Subject prefix: topic `a.b` is subject `vigie.a.b`. Two centres on one NATS use two prefixes and streams. */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('vigie'),
    stream: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('VIGIE'),
    /** 3 on a 3-server NATS cluster: JetStream then keeps every acked message on a quorum of servers. */
    replicas: z.number().int().min(1).max(5).default(1),
    /** How long messages stay in the stream: how long a stopped work-once member can be away and still catch up. */
    maxAgeHours: z.number().positive().default(72),
    maxBytes: z
      .number()
      .int()
      .default(1024 ** 3),
    /** Nats-Msg-Id window: a publish retried within it is stored once. */
    dedupeWindowMs: z.number().int().positive().default(120_000),
    /** One PubAck wait, and the whole retry budget of a publish (covers a NATS server restart). */
    publishAckMs: z.number().int().positive().default(5_000),
    publishTimeoutMs: z.number().int().positive().default(30_000),
    /** A message not acked within this is handed to another member (its node died or hung). */
    ackWaitMs: z.number().int().min(1000).default(30_000),
    maxDeliver: z.number().int().min(1).default(DEFAULT_WORK_RETRY.maxDeliver),
    retryDelayMs: z.number().int().min(0).default(DEFAULT_WORK_RETRY.retryDelayMs),
    /** Messages a member pulls ahead; each is marked "in progress" when its handler starts. */
    batch: z.number().int().min(1).default(16),
    maxAckPending: z.number().int().min(1).default(1000),
  })
  .strict();
export type NatsBusOptions = z.infer<typeof natsBusOptionsSchema>;
