/**
 * Topic rules shared by the bus adapters. Words are limited to what a NATS subject token accepts, so a topic that
 * works on the memory bus works on NATS too (a topic with a space or a `>` would otherwise fail only in a cluster).
 */
const WORD = /^[A-Za-z0-9_-]+$/;

/** Throws a clear error unless `topic` is dot-separated words (`*` as the last word too when `pattern`). */
export function checkTopic(topic: string, pattern: boolean): void {
  const words = topic.split('.');
  const ok = words.every((w, i) => WORD.test(w) || (pattern && w === '*' && i === words.length - 1));
  if (!ok) {
    const want = pattern ? "dot-separated words, optionally ending with '.*'" : 'dot-separated words (no wildcard)';
    throw new Error(`bus: invalid topic '${topic}': expected ${want}`);
  }
}

/** `a.*` matches `a.b` and `a.b.c`; `*` matches everything; anything else matches itself only. */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}

/** Work-once group names are one word (they name a JetStream durable consumer). */
export function checkGroup(group: string): void {
  if (!WORD.test(group)) throw new Error(`bus: invalid group '${group}': expected letters, digits, _ or -`);
}
