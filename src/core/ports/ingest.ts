/** Live state of one camera's recording stream, as the ingest supervisor sees it. */
export interface StreamHealth {
  cameraId: string;
  state: 'starting' | 'online' | 'offline' | 'stopped';
  since: number;
  fps: number;
  bitrateKbps: number;
  lastFrameAt: number | null;
  restarts: number;
  lastError: string | null;
  segments: number;
}

/** What the API may ask of the ingest supervisor (implemented in the app layer over the media library). */
export interface IngestStatus {
  health(cameraId: string): StreamHealth | undefined;
  all(): StreamHealth[];
}
