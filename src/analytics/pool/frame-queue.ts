// A bounded per-camera queue for live sources: when analysis falls behind, the oldest frames are dropped (and counted).
import type { Frame } from '../../media/frames/frame.js';

export class LatestFrameQueue {
  private readonly items: Frame[] = [];
  private waiter: ((f: Frame | undefined) => void) | undefined;
  private closed = false;
  received = 0;
  dropped = 0;
  /** The most frames ever held at once (never above capacity). */
  highWater = 0;

  constructor(readonly capacity = 2) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`queue capacity must be an integer >= 1, got ${capacity}`);
  }

  get length(): number {
    return this.items.length;
  }

  /** Queues a frame; returns the frame dropped to make room, if any (stale frames are worth less than fresh ones). */
  push(frame: Frame): Frame | undefined {
    if (this.closed) throw new Error('queue is closed');
    this.received++;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(frame);
      return undefined;
    }
    let victim: Frame | undefined;
    if (this.items.length >= this.capacity) {
      victim = this.items.shift();
      this.dropped++;
    }
    this.items.push(frame);
    this.highWater = Math.max(this.highWater, this.items.length);
    return victim;
  }

  shift(): Frame | undefined {
    return this.items.shift();
  }

  /** The next frame, waiting for one if needed; undefined once closed and empty. One consumer at a time. */
  take(): Promise<Frame | undefined> {
    const f = this.items.shift();
    if (f || this.closed) return Promise.resolve(f);
    if (this.waiter) return Promise.reject(new Error('queue already has a waiting consumer'));
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Drops everything still queued (counted as dropped) and wakes a waiting consumer. */
  close(): void {
    this.closed = true;
    this.dropped += this.items.length;
    this.items.length = 0;
    this.waiter?.(undefined);
    this.waiter = undefined;
  }
}
