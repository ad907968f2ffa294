import type { Bus } from '../../core/ports/bus.js';

/** In-process bus: handlers run synchronously; one failing handler never stops the others. */
export class MemoryBus implements Bus {
  private readonly subs = new Set<{ topic: string; handler: (p: unknown, t: string) => void }>();

  /** `onError` hears every failing subscriber (the centre logs it); by default it goes to stderr, never nowhere. */
  constructor(
    private readonly onError: (e: unknown, topic: string) => void = (e, topic) =>
      process.stderr.write(`bus subscriber of ${topic} failed: ${e instanceof Error ? e.stack : String(e)}\n`),
  ) {}

  publish(topic: string, payload: unknown) {
    for (const s of this.subs) {
      const match = s.topic.endsWith('*') ? topic.startsWith(s.topic.slice(0, -1)) : s.topic === topic;
      if (!match) continue;
      try {
        s.handler(payload, topic);
      } catch (e) {
        this.onError(e, topic);
      }
    }
  }

  subscribe(topic: string, handler: (p: unknown, t: string) => void) {
    const sub = { topic, handler };
    this.subs.add(sub);
    return () => void this.subs.delete(sub);
  }
}
