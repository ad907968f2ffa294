// Constructed evaluation clips: real dataset footage altered by real ffmpeg (a filter graph) and, optionally, a
// SYNTHETIC RGBA overlay generated frame by frame (a flame: no fire footage exists in the datasets).
import { spawn } from 'node:child_process';
import type { Overlay } from './overlays.js';

export interface ClipSpec {
  /** Dataset files; the first is the footage (looped `loops` extra times). */
  inputs: string[];
  out: string;
  seconds: number;
  fps: number;
  width: number;
  height: number;
  /** -filter_complex graph over the inputs at source size, ending in [v] (default: the first input as is). */
  graph?: string;
  /** ffmpeg filter on the scaled footage, before the overlay (e.g. a colour ramp). */
  after?: string;
  overlay?: Overlay;
  loops?: number;
  ffmpeg?: string;
}

/** Encodes the clip as H.264 (what cameras send) at `fps` and `width`x`height`. */
export async function makeClip(c: ClipSpec): Promise<string> {
  const { width: w, height: h, fps } = c;
  const args = ['-nostdin', '-v', 'error', '-y', '-stream_loop', String(c.loops ?? 0)];
  for (const i of c.inputs) args.push('-i', i);
  const base = `${c.graph ? `${c.graph};[v]` : '[0:v]'}fps=${fps},scale=${w}:${h}${c.after ? `,${c.after}` : ''}`;
  if (c.overlay) {
    const n = c.inputs.length;
    args.push('-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${w}x${h}`, '-framerate', String(fps), '-i', 'pipe:0');
    args.push('-filter_complex', `${base}[bg];[bg][${n}:v]overlay=0:0:eof_action=pass,format=yuv420p[o]`);
  } else args.push('-filter_complex', `${base},format=yuv420p[o]`);
  args.push('-map', '[o]', '-t', String(c.seconds), '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20');
  args.push(c.out);
  const ff = spawn(c.ffmpeg ?? 'ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  ff.stderr.on('data', (d) => {
    err += d;
  });
  let closed = false;
  const done = new Promise<void>((resolve, reject) => {
    ff.on('error', reject);
    ff.on('close', (code) => {
      closed = true;
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${code} making ${c.out}: ${err.slice(-400)}`));
    });
  });
  // ffmpeg stops reading when the footage ends first: its exit code tells.
  ff.stdin.on('error', () => {});
  for (let i = 0; c.overlay && i < c.seconds * fps && !closed; i++) {
    const rgba = new Uint8Array(w * h * 4);
    c.overlay(i / fps, w, h, rgba);
    if (!ff.stdin.write(rgba))
      await Promise.race([new Promise((r) => ff.stdin.once('drain', r)), done.catch(() => {})]);
  }
  ff.stdin.end();
  await done;
  return c.out;
}
