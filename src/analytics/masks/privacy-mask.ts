// A camera's privacy masks, applied in place to every frame before any analytic sees it (law L6: irreversible).
import type { Frame } from '../../media/frames/frame.js';
import { bytesPerPixel } from '../../media/frames/frame.js';
import { type MaskPolygon, validateMasks } from './mask-polygon.js';
import { type MaskRaster, rasteriseMasks } from './rasterise.js';

export interface PrivacyMaskOptions {
  /** Pixel value written over masked areas (every channel). Default 0: black, and motion-free. */
  value?: number;
  /** Extra pixels masked around each polygon. Default 1. */
  marginPx?: number;
}

// Frame sizes seen per camera are few (sub stream, maybe a detector crop size); keep a handful of rasters.
const MAX_RASTERS = 4;

export class PrivacyMask {
  private readonly rasters = new Map<string, MaskRaster>();
  private readonly value: number;
  private readonly marginPx: number;

  /** Validates the polygons (throws with every problem found); an empty list masks nothing. */
  constructor(
    readonly cameraId: string,
    readonly polygons: readonly MaskPolygon[],
    opts: PrivacyMaskOptions = {},
  ) {
    validateMasks(cameraId, polygons);
    this.value = opts.value ?? 0;
    this.marginPx = opts.marginPx ?? 1;
    if (!Number.isInteger(this.value) || this.value < 0 || this.value > 255)
      throw new Error(`mask value must be 0..255`);
  }

  get empty(): boolean {
    return this.polygons.length === 0;
  }

  /** The raster for a frame size, computed once per size. */
  raster(width: number, height: number): MaskRaster {
    const key = `${width}x${height}`;
    let r = this.rasters.get(key);
    if (!r) {
      r = rasteriseMasks(this.polygons, width, height, this.marginPx);
      if (this.rasters.size >= MAX_RASTERS) this.rasters.delete(this.rasters.keys().next().value!);
      this.rasters.set(key, r);
    }
    return r;
  }

  /** Overwrites the masked pixels of the frame's own bytes; returns how many pixels were masked. */
  apply(frame: Frame): number {
    if (this.empty) return 0;
    const r = this.raster(frame.width, frame.height);
    if (frame.format === 'yuv420p') applyRasterYuv420p(frame.data, r, this.value);
    else applyRaster(frame.data, bytesPerPixel(frame.format), r, this.value);
    return r.maskedPixels;
  }
}

/** The same on a yuv420p picture: luma set to the value, and every chroma sample a masked pixel shares made neutral. */
export function applyRasterYuv420p(data: Uint8Array, r: MaskRaster, value: number): void {
  const { width, height, spans: s } = r;
  const n = width * height;
  if (data.length !== (n * 3) / 2) throw new Error('mask raster does not match the frame size');
  const cw = width >> 1;
  for (let i = 0; i < s.length; i += 2) {
    data.fill(value, s[i]!, s[i + 1]!);
    // Spans lie within one row: its chroma row, from the sample holding the first pixel to the one holding the last.
    const y = Math.floor(s[i]! / width);
    const from = (y >> 1) * cw + ((s[i]! - y * width) >> 1);
    const to = (y >> 1) * cw + ((s[i + 1]! - 1 - y * width) >> 1) + 1;
    data.fill(128, n + from, n + to);
    data.fill(128, n + (n >> 2) + from, n + (n >> 2) + to);
  }
}

/** In-place fill of the masked spans: one fill per run, interleaved channels included. */
export function applyRaster(data: Uint8Array, channels: number, r: MaskRaster, value: number): void {
  if (data.length !== r.width * r.height * channels) throw new Error('mask raster does not match the frame size');
  const s = r.spans;
  for (let i = 0; i < s.length; i += 2) data.fill(value, s[i]! * channels, s[i + 1]! * channels);
}
