import type { Detection } from '../../analytics/detect/nanodet-decoder.js';
import { loadOpenCv } from '../../analytics/motion/opencv.js';

export interface HogOptions {
  /** Frames are enlarged so that people fill the detector's 64x128 window (PETS09's are 50-100 px tall). */
  upscale: number;
  hitThreshold: number;
  winStride: number;
  scale: number;
}

export const DEFAULT_HOG: HogOptions = { upscale: 2, hitThreshold: 0, winStride: 8, scale: 1.05 };

/**
 * The classic OpenCV HOG+SVM people detector, run fairly as a baseline: upscaled input, and its padded boxes
 * shrunk to the body (the 64x128 window holds a ~48x96 person: 15 % of the width, 5 % of the height each side).
 */
export class HogPeopleDetector {
  private constructor(
    // biome-ignore lint/suspicious/noExplicitAny: opencv-js typings omit the objdetect module
    private readonly cv: any,
    // biome-ignore lint/suspicious/noExplicitAny: see above
    private readonly hog: any,
    private readonly o: HogOptions,
  ) {}

  static async create(o: Partial<HogOptions> = {}): Promise<HogPeopleDetector> {
    // biome-ignore lint/suspicious/noExplicitAny: opencv-js typings omit the objdetect module
    const cv = (await loadOpenCv()).cv as any;
    const hog = new cv.HOGDescriptor();
    const coeffs = cv.HOGDescriptor.getDefaultPeopleDetector();
    const svm = cv.matFromArray(
      coeffs.size(),
      1,
      cv.CV_32F,
      Array.from({ length: coeffs.size() }, (_, i) => coeffs.get(i)),
    );
    hog.setSVMDetector(svm);
    return new HogPeopleDetector(cv, hog, { ...DEFAULT_HOG, ...o });
  }

  detect(frame: { width: number; height: number; data: Uint8Array }, format: 'gray' | 'rgb24' = 'rgb24'): Detection[] {
    const { cv, o } = this;
    const src = cv.matFromArray(frame.height, frame.width, format === 'gray' ? cv.CV_8UC1 : cv.CV_8UC3, frame.data);
    const gray = new cv.Mat();
    if (format === 'gray') src.copyTo(gray);
    else cv.cvtColor(src, gray, cv.COLOR_RGB2GRAY);
    const big = new cv.Mat();
    cv.resize(
      gray,
      big,
      new cv.Size(Math.round(frame.width * o.upscale), Math.round(frame.height * o.upscale)),
      0,
      0,
      cv.INTER_LINEAR,
    );
    const rects = new cv.RectVector();
    const weights = new cv.DoubleVector();
    const stride = new cv.Size(o.winStride, o.winStride);
    this.hog.detectMultiScale(big, rects, weights, o.hitThreshold, stride, new cv.Size(0, 0), o.scale, 2, false);
    const out: Detection[] = [];
    for (let i = 0; i < rects.size(); i++) {
      const r = rects.get(i);
      const [x, y, w, h] = [r.x / o.upscale, r.y / o.upscale, r.width / o.upscale, r.height / o.upscale];
      const score = 1 / (1 + Math.exp(-weights.get(i)));
      out.push({ cls: 'person', score, box: [x + 0.15 * w, y + 0.05 * h, 0.7 * w, 0.9 * h] });
    }
    for (const m of [src, gray, big, rects, weights]) m.delete();
    return out;
  }
}
