/** What a live feed tells a viewer about its upstream. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export type LiveStreamName = 'main' | 'sub';

/** fMP4 init segment (ftyp + moov) and its RFC 6381 codec string for MSE. */
export interface LiveInit {
  data: Buffer;
  codec: string | undefined;
}

/** One viewer of a feed (adapter: a WebSocket); a feed never waits on a viewer. */
export interface LiveViewer {
  /** Bytes handed over and not yet written to the network. */
  buffered(): number;
  init(segment: LiveInit): void;
  fragment(data: Buffer): void;
  /** The feed let go of this viewer (too slow, or stopped): close it. */
  drop(reason: string): void;
  status?(status: LiveStatus, detail?: string): void;
}

/** One upstream per camera stream, fanned out to viewers (adapter: src/media/live LiveRelay over ffmpeg). */
export interface LiveFeed {
  readonly viewerCount: number;
  /** Adds a viewer (init segment, current GOP, then live fragments); returns its detach. */
  add(viewer: LiveViewer): () => void;
  stop(): Promise<void>;
}

/** Where a feed reads from, resolved at each (re)connection so fleet changes are picked up. */
export interface LiveSource {
  cameraId: string;
  stream: LiveStreamName;
  /** blur: people pixelated on the server before any byte leaves (the relay's filter); clear: as the camera sends. */
  privacy: 'blur' | 'clear';
  /** The stream URL and its credentials: for the media plane only, never logged or sent to a client. */
  resolve(): Promise<{
    url: string;
    credentials?: { username: string; password: string };
    /** The camera's privacy masks (polygons of [x, y] fractions): the live picture is masked when any. */
    masks?: Array<Array<[number, number]>>;
  }>;
}

export type LiveFeedFactory = (source: LiveSource) => LiveFeed;

/** How the blurred live streams fare (adapter: the centre's PrivacyFilters), for health and metrics. */
export interface LiveBlurStatus {
  streams(): Array<{
    cameraId: string;
    stream: string;
    frames: number;
    /** Pictures not blurred in time: held on screen, never shown clear. */
    dropped: number;
    lastMode: string;
    msPerFrame: number;
  }>;
}
