// The Frame contract shared by the decoder (producer) and every analytic (consumer).

/** gray: 1 byte a pixel; rgb24: 3, interleaved; yuv420p: the luma plane, then U and V at half width and height. */
export type PixelFormat = 'gray' | 'rgb24' | 'yuv420p';

export interface Frame {
  cameraId: string;
  /**
   * 0-based index among the source's decoded frames (live: counted on across reconnections), increasing; a gap is a
   * frame left out by the analysis rate (FrameSource `fps`) or lost on the way (dropped, or a live reconnect).
   */
  seq: number;
  /** Files: position in the file. Live sources: wall clock (epoch ms) when the frame arrived. */
  ptsMs: number;
  width: number;
  height: number;
  format: PixelFormat;
  /** Packed, row-major; owns its whole ArrayBuffer so it can be transferred to a worker without a copy. */
  data: Uint8Array;
}

/** Bytes per pixel of the packed formats (yuv420p is planar: see frameBytes). */
export function bytesPerPixel(format: 'gray' | 'rgb24'): 1 | 3 {
  return format === 'gray' ? 1 : 3;
}

export function frameBytes(width: number, height: number, format: PixelFormat): number {
  if (format !== 'yuv420p') return width * height * bytesPerPixel(format);
  if (width % 2 || height % 2) throw new Error(`yuv420p needs an even size, got ${width}x${height}`);
  return (width * height * 3) / 2;
}

/** Throws when the data does not match the declared size and format (a torn frame must never be analysed). */
export function assertFrame(f: Frame): void {
  if (!Number.isInteger(f.width) || !Number.isInteger(f.height) || f.width <= 0 || f.height <= 0) {
    throw new Error(`frame ${f.cameraId}#${f.seq}: bad size ${f.width}x${f.height}`);
  }
  const want = frameBytes(f.width, f.height, f.format);
  if (f.data.length !== want) {
    throw new Error(
      `frame ${f.cameraId}#${f.seq}: ${f.data.length} bytes, ${f.width}x${f.height} ${f.format} needs ${want}`,
    );
  }
}

/** Whether the frame's bytes span a whole ArrayBuffer (else transferring would ship, or detach, foreign bytes). */
export function ownsBuffer(data: Uint8Array): boolean {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
}

/** A copy whose bytes own their ArrayBuffer (used only when a caller hands in a view on a shared buffer). */
export function ownedCopy(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  out.set(data);
  return out;
}
