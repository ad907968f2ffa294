/** How one camera's live analytics fare, as the analytics supervisor reports them (API, metrics, console badges). */
export interface AnalyticsHealth {
  cameraId: string;
  /** starting: its pipeline is being built; failed: its start failed and is retried (see error, retryAt). */
  state: 'starting' | 'running' | 'failed';
  since: number;
  error: string | null;
  /** Failed starts in a row, and when the next try is due (epoch ms). */
  attempts: number;
  retryAt: number | null;
  /** Frames decoded and handed to analysis, analysed, dropped because analysis fell behind, failed. */
  received: number;
  analysed: number;
  dropped: number;
  failed: number;
  /** From a frame's arrival to its analysis result, recent mean (ms). */
  queueDelayMs: number;
  /** Analysis time per frame, recent mean (ms), and the share of it the detector took. */
  msPerFrame: number;
  detectorMsShare: number;
  /** Share of analysed frames the detector ran on (gating and detectEvery lower it). */
  detectorFrameShare: number;
  /** True when the analysis recently dropped frames or answered late: its alarms may come late or not at all. */
  behind: boolean;
  /** What the worker says it runs (the camera's spec as it received it, and the detector precision in use). */
  running: unknown;
}

/** What the API may ask of the analytics supervisor (implemented in the app layer over the analytics library). */
export interface AnalyticsStatus {
  health(cameraId: string): AnalyticsHealth | undefined;
  all(): AnalyticsHealth[];
}
