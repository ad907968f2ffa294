/** Publish/subscribe between services (memory in one process; NATS JetStream when distributed). */
export interface Bus {
  publish(topic: string, payload: unknown): void;
  /** Returns an unsubscribe function; `*` at the end of a topic matches any suffix. */
  subscribe(topic: string, handler: (payload: unknown, topic: string) => void): () => void;
}
