// Pool pipeline module (see frames/pipeline.ts): privacy mask ► motion ► gate, the first stages of every camera.
import type { Frame } from '../../media/frames/frame.js';
import type { MaskPolygon } from '../masks/mask-polygon.js';
import { PrivacyMask } from '../masks/privacy-mask.js';
import type { FramePipeline } from '../pool/pipeline.js';
import { MotionDetector, type MotionOptions, type MotionRegion } from './motion-detector.js';
import { type GateDecision, type GateOptions, MotionGate } from './motion-gate.js';

export interface GatedMotionConfig {
  masks?: MaskPolygon[];
  maskValue?: number;
  motion?: MotionOptions;
  gate?: GateOptions;
}

export interface GatedMotionResult {
  maskedPixels: number;
  score: number;
  regions: MotionRegion[];
  decision: GateDecision;
}

/** Analyses frames of one camera in order; the frame's own bytes are masked first, so nothing after sees them. */
export class GatedMotion implements FramePipeline<GatedMotionResult> {
  private constructor(
    private readonly mask: PrivacyMask,
    private readonly motion: MotionDetector,
    private readonly gate: MotionGate,
  ) {}

  static async create(cameraId: string, c: GatedMotionConfig = {}): Promise<GatedMotion> {
    const mask = new PrivacyMask(cameraId, c.masks ?? [], { value: c.maskValue });
    return new GatedMotion(mask, await MotionDetector.create(c.motion), new MotionGate(c.gate));
  }

  analyse(frame: Frame): GatedMotionResult {
    const maskedPixels = this.mask.apply(frame);
    const m = this.motion.detect(frame);
    return { maskedPixels, score: m.score, regions: m.regions, decision: this.gate.decide(m, frame.ptsMs) };
  }

  close(): void {
    this.motion.close();
  }
}

export function createPipeline(cameraId: string, config: GatedMotionConfig): Promise<GatedMotion> {
  return GatedMotion.create(cameraId, config);
}
