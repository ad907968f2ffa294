import type { StreamHealth } from '../../media/ingest/camera-recorder.js';

/** Live state of one camera's recording stream, as the media library reports it. */
export type { StreamHealth };

/** What the API may ask of the ingest supervisor (implemented in the app layer over the media library). */
export interface IngestStatus {
  health(cameraId: string): StreamHealth | undefined;
  all(): StreamHealth[];
}
