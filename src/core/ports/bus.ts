/** Publish/subscribe between services (memory in one process; NATS JetStream when distributed). */
export interface Bus {
  publish(topic: string, payload: unknown): void;
  /** Returns an unsubscribe function; `*` at the end of a topic matches any suffix. */
  subscribe(topic: string, handler: (payload: unknown, topic: string) => void): () => void;
}

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
