import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Fmp4Part, Fmp4Splitter, type InitSegment } from '../../../src/media/live/fmp4.js';
import type { LiveViewer, RelayStatus } from '../../../src/media/live/relay.js';

/** A viewer that records what a relay sends it, as one fMP4 byte stream (re-splittable, playable). */
export class RecordingViewer implements LiveViewer {
  readonly chunks: Buffer[] = [];
  readonly events: string[] = [];
  readonly statuses: RelayStatus[] = [];
  fragments = 0;
  inits = 0;
  dropped: string | undefined;
  queued = 0;

  buffered(): number {
    return this.queued;
  }

  init(seg: InitSegment): void {
    this.inits++;
    this.events.push(`init:${seg.codec}`);
    this.chunks.push(seg.data);
  }

  fragment(data: Buffer): void {
    this.fragments++;
    this.events.push('frag');
    this.chunks.push(data);
  }

  drop(reason: string): void {
    this.dropped = reason;
  }

  status(s: RelayStatus): void {
    this.statuses.push(s);
  }

  /** What was received, split again: proves it is a well-formed stream and tells which fragments are keyframes. */
  parts(): Fmp4Part[] {
    return new Fmp4Splitter().push(Buffer.concat(this.chunks));
  }

  /** Decodes what was received with ffmpeg; returns its error output (empty when every frame decoded cleanly). */
  decodeErrors(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-viewer-'));
    try {
      const file = join(dir, 'v.mp4');
      writeFileSync(file, Buffer.concat(this.chunks));
      const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
      return `${r.stderr}${r.status ? ` (exit ${r.status})` : ''}`.trim();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Polls until `pred` holds (or throws after `ms`, naming what was awaited); `refresh` runs before each check. */
export async function until(
  what: string,
  pred: () => boolean,
  ms = 10_000,
  refresh?: () => Promise<void>,
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await refresh?.();
    if (pred()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
