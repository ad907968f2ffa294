// What the detector's input is made of: frame and input shapes, the letterbox mapping, the normalisation.
// The resampling itself is in letterbox.ts.

export interface RgbFrameLike {
  width: number;
  height: number;
  /** Packed RGB24, row-major, width * height * 3 bytes. */
  data: Uint8Array;
}

/** A model input's width and height in pixels. */
export interface InputShape {
  width: number;
  height: number;
}

export const squareInput = (size: number): InputShape => ({ width: size, height: size });

/**
 * The input for a whole frame: `size` on the frame's long side, the short side the frame's aspect rounded up to a
 * multiple of 32 (the model's coarsest stride), so a 4:3 frame is not padded to a square: 320 → 320x256, 16:9 → 320x192.
 */
export function fittedInput(frameWidth: number, frameHeight: number, size: number): InputShape {
  const short = (long: number, other: number) =>
    Math.min(size, Math.max(32, Math.ceil((size * other) / long / 32) * 32));
  return frameWidth >= frameHeight
    ? { width: size, height: short(frameWidth, frameHeight) }
    : { width: short(frameHeight, frameWidth), height: size };
}

/** Frame → model input mapping: model = frame * scale + pad. */
export interface Letterbox {
  inputWidth: number;
  inputHeight: number;
  scale: number;
  padX: number;
  padY: number;
}

export interface Normalisation {
  /** Channel order of the model input. */
  order: 'rgb' | 'bgr';
  /** Per model channel, in 0-255 pixel units: value = (pixel - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
}

// Upstream NanoDet's own (BGR, ImageNet mean/std in 0-255 units); the graph has no normalisation of its own.
// The human library feeds RGB / 255 instead: on PETS09 (every 15th frame, person AP50) that scored .908 vs .923
// at 416 and .872 vs .903 at 320, so the upstream normalisation is kept.
export const NANODET_NORMALISATION: Normalisation = {
  order: 'bgr',
  mean: [103.53, 116.28, 123.675],
  std: [57.375, 57.12, 58.395],
};

// Neutral grey for the borders, as usual for letterboxed detectors.
export const PAD_PIXEL = 114;

export function letterboxTransform(width: number, height: number, input: number | InputShape): Letterbox {
  const { width: iw, height: ih } = typeof input === 'number' ? squareInput(input) : input;
  const scale = Math.min(iw / width, ih / height);
  const padX = (iw - Math.round(width * scale)) / 2;
  const padY = (ih - Math.round(height * scale)) / 2;
  return { inputWidth: iw, inputHeight: ih, scale, padX: Math.floor(padX), padY: Math.floor(padY) };
}

/** Where a frame lands in a model input: the transform and the size of the image area (frame data checked). */
export function letterboxGeometry(
  frame: RgbFrameLike,
  input: number | InputShape,
): { t: Letterbox; w: number; h: number } {
  const { width, height, data } = frame;
  if (data.length < width * height * 3) throw new Error(`frame data too short for ${width}x${height} rgb24`);
  const t = letterboxTransform(width, height, input);
  return { t, w: Math.round(width * t.scale), h: Math.round(height * t.scale) };
}
