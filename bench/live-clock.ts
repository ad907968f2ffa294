// The latency bench's clock: Date.now() painted into raw gray frames as 64 blocks, and the page code reading it back.
import type { Writable } from 'node:stream';

const BLOCK = 16;
const X0 = 16;
const Y0 = 16;

/** 48-bit ms time split for 32-bit ops, plus a 16-bit check so misread frames are counted, not mismeasured. */
function words(ms: number) {
  const lo = ms % 2 ** 32;
  const hi = Math.floor(ms / 2 ** 32);
  const check = ((lo ^ (lo >>> 16) ^ hi) & 0xffff) ^ 0xa5a5;
  return { lo, hi, check };
}

/** Writes `fps` gray frames per second to an ffmpeg stdin, each stamped with the time it was made. */
export class ClockPainter {
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  private busy = false;
  /** Frames not made because the encoder had not taken the previous one yet (a loaded machine). */
  skipped = 0;
  written = 0;

  constructor(
    private readonly out: Writable,
    private readonly width: number,
    private readonly height: number,
    fps: number,
    /** Side of one clock block (and its offset from the corner); a multiple of the blur's cell keeps it readable. */
    private readonly block = BLOCK,
  ) {
    const period = 1000 / fps;
    let next = Date.now();
    const tick = () => {
      next += period;
      if (this.busy) this.skipped++;
      else this.write();
      this.timer = setTimeout(tick, Math.max(0, next - Date.now()));
    };
    out.on('error', () => this.stop());
    tick();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private write() {
    // A fresh buffer each time: a queued write still references the previous one.
    const f = Buffer.alloc(this.width * this.height, 96);
    const bar = (this.n++ * 8) % this.width;
    for (let y = 200; y < 260; y++) f.fill(220, y * this.width + bar, y * this.width + Math.min(this.width, bar + 40));
    const { lo, hi, check } = words(Date.now());
    const bits = [...Array(32)].map((_, c) => (lo >>> (31 - c)) & 1);
    bits.push(
      ...[...Array(16)].map((_, c) => (hi >>> (15 - c)) & 1),
      ...[...Array(16)].map((_, c) => (check >>> (15 - c)) & 1),
    );
    const B = this.block;
    bits.forEach((b, i) => {
      const x = B + (i % 32) * B;
      const y = B + Math.floor(i / 32) * B;
      for (let dy = 0; dy < B; dy++) f.fill(b ? 255 : 0, (y + dy) * this.width + x, (y + dy) * this.width + x + B);
    });
    this.written++;
    if (!this.out.write(f)) {
      this.busy = true;
      this.out.once('drain', () => (this.busy = false));
    }
  }
}

/** Node-side reader of a gray picture (row stride `width`) painted with blocks of `block` px; null when misread. */
export function readClockGray(img: Uint8Array, width: number, block = BLOCK): number | null {
  const bit = (i: number) => {
    const cx = block + (i % 32) * block + block / 2;
    const cy = block + Math.floor(i / 32) * block + block / 2;
    let s = 0;
    for (let dy = -2; dy < 2; dy++) for (let dx = -2; dx < 2; dx++) s += img[(cy + dy) * width + cx + dx]!;
    return s / 16 > 128 ? 1 : 0;
  };
  let lo = 0;
  let hi = 0;
  let check = 0;
  for (let i = 0; i < 32; i++) lo = lo * 2 + bit(i);
  for (let i = 32; i < 48; i++) hi = hi * 2 + bit(i);
  for (let i = 48; i < 64; i++) check = check * 2 + bit(i);
  return check === words(hi * 2 ** 32 + lo).check ? hi * 2 ** 32 + lo : null;
}

/** Page-side `readClock(video)`: the painted time in ms, or null when the check does not match. */
export const CLOCK_READER = `
  const clockCanvas = document.createElement('canvas');
  clockCanvas.width = ${X0 + 32 * BLOCK + 8};
  clockCanvas.height = ${Y0 + 2 * BLOCK + 8};
  const clockCtx = clockCanvas.getContext('2d', { willReadFrequently: true });
  const readClock = (video) => {
    const w = clockCanvas.width;
    const h = clockCanvas.height;
    clockCtx.drawImage(video, 0, 0, w, h, 0, 0, w, h);
    const img = clockCtx.getImageData(0, 0, w, h).data;
    const bit = (i) => {
      const cx = ${X0} + (i % 32) * ${BLOCK} + ${BLOCK / 2};
      const cy = ${Y0} + Math.floor(i / 32) * ${BLOCK} + ${BLOCK / 2};
      let s = 0;
      for (let dy = -2; dy < 2; dy++) for (let dx = -2; dx < 2; dx++) s += img[((cy + dy) * w + cx + dx) * 4];
      return s / 16 > 128 ? 1 : 0;
    };
    let lo = 0, hi = 0, check = 0;
    for (let i = 0; i < 32; i++) lo = lo * 2 + bit(i);
    for (let i = 32; i < 48; i++) hi = hi * 2 + bit(i);
    for (let i = 48; i < 64; i++) check = check * 2 + bit(i);
    const want = ((lo ^ (lo >>> 16) ^ hi) & 0xffff) ^ 0xa5a5;
    return check === want ? hi * 2 ** 32 + lo : null;
  };
`;
