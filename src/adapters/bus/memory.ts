import type { Bus, WorkHandler, WorkRetry } from '../../core/ports/bus.js';
import { DEFAULT_WORK_RETRY } from '../../core/ports/bus.js';
import { checkGroup, checkTopic, topicMatches } from '../../core/ports/bus-topic.js';
import { WorkGroup } from './memory-group.js';

export type BusErrorSink = (e: unknown, topic: string) => void;

/** Default sink: stderr, never nowhere (the centre passes its logger). */
export const stderrSink: BusErrorSink = (e, topic) =>
  process.stderr.write(`bus: handler of ${topic} failed: ${e instanceof Error ? e.stack : String(e)}\n`);

/**
 * In-process bus: fan-out handlers run synchronously inside `publish`; work-once groups queue in memory (they outlive
 * their members, so a member that stops and comes back resumes; nothing survives the process, which is the point of
 * the NATS adapter). One failing handler never stops the others.
 */
export class MemoryBus implements Bus {
  private readonly subs = new Set<{ topic: string; handler: (p: unknown, t: string) => void }>();
  private readonly groups = new Map<string, WorkGroup>();

  constructor(
    private readonly onError: BusErrorSink = stderrSink,
    private readonly retry: WorkRetry = DEFAULT_WORK_RETRY,
  ) {}

  /** A malformed topic throws at once (a programming error); the promise itself never rejects. */
  publish(topic: string, payload: unknown): Promise<void> {
    checkTopic(topic, false);
    for (const s of this.subs) {
      if (!topicMatches(s.topic, topic)) continue;
      try {
        s.handler(payload, topic);
      } catch (e) {
        this.onError(e, topic);
      }
    }
    for (const g of this.groups.values()) if (topicMatches(g.topic, topic)) g.push(payload, topic);
    return Promise.resolve();
  }

  subscribe(topic: string, handler: (p: unknown, t: string) => void) {
    checkTopic(topic, true);
    const sub = { topic, handler };
    this.subs.add(sub);
    return () => void this.subs.delete(sub);
  }

  async consume(topic: string, group: string, handler: WorkHandler) {
    checkTopic(topic, true);
    checkGroup(group);
    const key = `${group}\u0000${topic}`;
    let g = this.groups.get(key);
    if (!g) {
      g = new WorkGroup(topic, this.retry, this.onError);
      this.groups.set(key, g);
    }
    return g.join(handler);
  }
}
