import { LiveRelay, type LiveRelayOptions } from './relay.js';
import { withCredentials } from './upstream.js';

export { type Fmp4Part, Fmp4Splitter, type Fragment, type InitSegment } from './fmp4.js';
export { LiveRelay, type LiveRelayOptions, type LiveViewer, type RelayStatus } from './relay.js';
export { type FragmentMode, liveArgs, redact, withCredentials } from './upstream.js';

/** Where a relay reads from: resolved at each (re)start, credentials put in the URL for ffmpeg only. */
export interface RelaySource {
  resolve(): Promise<{
    url: string;
    credentials?: { username: string; password: string };
    masks?: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  }>;
}

/** A relay for a source (the live feed adapter the centre's wiring hands to the live service). */
export function relayFor(source: RelaySource, opts: Omit<LiveRelayOptions, 'url'> = {}): LiveRelay {
  return new LiveRelay({
    ...opts,
    url: async () => {
      const { url, credentials } = await source.resolve();
      return withCredentials(url, credentials);
    },
    masks: async () => (await source.resolve()).masks ?? [],
  });
}
