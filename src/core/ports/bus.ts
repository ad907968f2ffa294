/**
 * Messages between services: memory in one process, NATS JetStream when the centre runs as several nodes.
 *
 * A cluster needs two delivery kinds, so the port has two ways to listen:
 * - `subscribe` is FAN-OUT: every subscriber on every node sees each message published while it listens (alarm
 *   changes reach the consoles connected to any api node; fleet, analytics and access changes reach every node's
 *   reconcilers). Nothing is replayed to a subscriber that was away: they re-read the database when they start.
 * - `consume` is WORK ONCE: each message is handled by exactly one member of a named group, acknowledged only after
 *   the async handler resolved, handed again (to any member) when the handler fails or its node dies, and a group
 *   whose members all stopped resumes, when one comes back, with what was published meanwhile. Events → alarms use
 *   it: an alarm is created once in the cluster, not once per api node.
 *
 * `publish` returns a promise that resolves once the message is stored (NATS: JetStream's PubAck; memory: at once,
 * so callers written for the memory bus keep working). Callers that must not lose a message await it; the adapters
 * also report a failed publish to their error sink, so one that is not awaited is never silently lost nor an
 * unhandled rejection. `id` names the message: a publish retried with the same id is stored once.
 *
 * Topics are dot-separated words (`events.intrusion.ended`); a listener's topic may end with `.*` (or be `*`) to
 * match every topic below that prefix, however deep.
 */
export interface Bus {
  publish(topic: string, payload: unknown, opts?: { id?: string }): Promise<void>;
  /** Fan-out. Returns an unsubscribe function; a failing handler is reported and never stops the others. */
  subscribe(topic: string, handler: (payload: unknown, topic: string) => void): () => void;
  /**
   * Work once within `group`. Resolves when the group exists (what is published from then on reaches it) with a
   * function that stops this member after its message in hand is finished.
   */
  consume(topic: string, group: string, handler: WorkHandler): Promise<() => Promise<void>>;
}

export type WorkHandler = (payload: unknown, topic: string) => Promise<void>;

/** How a work-once group retries: shared by both adapters so that the contract suite means the same thing. */
export interface WorkRetry {
  /** How many times one message is handed to a handler before it is given up (and reported). */
  maxDeliver: number;
  /** Wait before a failed message is handed again. */
  retryDelayMs: number;
}
export const DEFAULT_WORK_RETRY: WorkRetry = { maxDeliver: 10, retryDelayMs: 1000 };

/** Published (payload `{ cameraId? }`) when cameras, sectors or their streams change. */
export const FLEET_CHANGED = 'fleet.changed';
/** Published (payload `{ cameraId }`) when a camera's analytics spec changes. */
export const ANALYTICS_CHANGED = 'analytics.changed';
/** What the per-camera reconcilers (recording, analytics) follow instead of polling the database. */
export const CAMERA_CHANGE_TOPICS = [FLEET_CHANGED, ANALYTICS_CHANGED];
/**
 * Published (payload `{ userId }`) when a user's access ends or shrinks: logout, disable, deletion, password, role or
 * sectors changed. Open live views and alarm streams of that user re-check their rights at once.
 */
export const ACCESS_CHANGED = 'access.changed';
