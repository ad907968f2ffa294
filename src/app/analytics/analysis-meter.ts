// Per-camera meter of the live analysis: what was dropped, how late results come, how much the detector works. The
// recent figures are exponential means over about 20 frames (4 s at 5 fps), so "behind" follows the present.
import type { Registry } from 'prom-client';
import type { AnalyticsHealth } from '../../core/ports/analytics-status.js';
import { cameraGauges } from '../camera-gauges.js';

const ALPHA = 0.05;
/** Behind: more than this share of recent frames dropped, or results this late. */
export const BEHIND_DROP_SHARE = 0.05;
export const BEHIND_DELAY_MS = 2_000;

const ewma = (prev: number, x: number, first: boolean) => (first ? x : prev + ALPHA * (x - prev));

export class AnalysisMeter {
  received = 0;
  dropped = 0;
  analysed = 0;
  detectorFrames = 0;
  private dropShare = 0;
  private delayMs = 0;
  private ms = 0;
  private detectorMs = 0;

  /** A decoded frame handed to the pool; `droppedOne`: an older frame had to make room. */
  submitted(droppedOne: boolean): void {
    this.dropShare = ewma(this.dropShare, droppedOne ? 1 : 0, this.received === 0);
    this.received++;
    if (droppedOne) this.dropped++;
  }

  /** A result: how long after the frame arrived, its analysis time, and the detector's part of it. */
  result(delayMs: number, ms: number, detectorRan: boolean, detectorMs: number): void {
    const first = this.analysed === 0;
    this.delayMs = ewma(this.delayMs, Math.max(0, delayMs), first);
    this.ms = ewma(this.ms, ms, first);
    this.detectorMs = ewma(this.detectorMs, detectorMs, first);
    this.analysed++;
    if (detectorRan) this.detectorFrames++;
  }

  figures(): Pick<
    AnalyticsHealth,
    | 'received'
    | 'analysed'
    | 'dropped'
    | 'queueDelayMs'
    | 'msPerFrame'
    | 'detectorMsShare'
    | 'detectorFrameShare'
    | 'behind'
  > {
    return {
      received: this.received,
      analysed: this.analysed,
      dropped: this.dropped,
      queueDelayMs: this.delayMs,
      msPerFrame: this.ms,
      detectorMsShare: this.ms > 0 ? Math.min(1, this.detectorMs / this.ms) : 0,
      detectorFrameShare: this.analysed > 0 ? this.detectorFrames / this.analysed : 0,
      behind: this.dropShare > BEHIND_DROP_SHARE || this.delayMs > BEHIND_DELAY_MS,
    };
  }
}

/** Prometheus gauges read at scrape time from the supervisor's health (never stale). */
export function analyticsGauges(registry: Registry, all: () => AnalyticsHealth[]): void {
  const gauge = cameraGauges(registry, all);
  gauge('vigie_analytics_up', "1 when the camera's analytics run, 0 while starting or failed.", (h) =>
    h.state === 'running' ? 1 : 0,
  );
  gauge('vigie_analytics_frames_received', 'Frames handed to analysis since the analytics started.', (h) => h.received);
  gauge('vigie_analytics_frames_analysed', 'Frames analysed since the analytics started.', (h) => h.analysed);
  gauge('vigie_analytics_frames_dropped', 'Frames dropped because analysis fell behind.', (h) => h.dropped);
  gauge(
    'vigie_analytics_queue_delay_seconds',
    'From frame arrival to analysis result, recent mean.',
    (h) => h.queueDelayMs / 1000,
  );
  gauge('vigie_analytics_frame_seconds', 'Analysis time per frame, recent mean.', (h) => h.msPerFrame / 1000);
  gauge('vigie_analytics_detector_share', 'Share of analysis time the detector takes.', (h) => h.detectorMsShare);
  gauge('vigie_analytics_behind', '1 when the analysis drops frames or answers late.', (h) => (h.behind ? 1 : 0));
}
