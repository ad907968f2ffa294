import { spawnSync } from 'node:child_process';
import { CameraSimulator } from '../../../src/media/simulator/simulator.js';
import { allocUdpPortPairs } from '../../../src/media/simulator/udp-ports.js';
import { type FeederOptions, RtpFeeder } from './rtp-feeder.js';
import { MiniRtspServer } from './rtsp-server.js';

/** N stand-in cameras over RTSP, whichever way this machine can serve them. */
export interface TestCameras {
  kind: 'simulator' | 'mini-rtsp';
  /** RTSP URL of camera i (0-based): the simulator's sub stream, or the mini server's only stream. */
  url(i: number): string;
  /** Camera i unreachable (clients cut, new ones refused) / back. */
  down(i: number): Promise<void>;
  up(i: number): Promise<void>;
  stop(): Promise<void>;
}

export function simulatorUsable(): boolean {
  const probe = 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer';
  return spawnSync('/usr/bin/python3', ['-c', probe], { stdio: 'ignore' }).status === 0;
}

/**
 * The camera simulator when its GStreamer server is installed (VIGIE_LIVE_TEST_SOURCE=mini forces the fallback),
 * else ffmpeg RTP feeders behind a mini RTSP server.
 */
export async function startCameras(n: number, opts: FeederOptions = {}): Promise<TestCameras> {
  if (process.env.VIGIE_LIVE_TEST_SOURCE !== 'mini' && opts.input !== 'gray-stdin' && simulatorUsable()) {
    try {
      return await startSimulator(n);
    } catch (e) {
      process.stderr.write(`camera simulator failed to start (${(e as Error).message}); using the mini RTSP server\n`);
    }
  }
  return startMini(n, opts);
}

async function startSimulator(n: number): Promise<TestCameras> {
  const sim = new CameraSimulator({ port: 0 });
  try {
    await sim.start(n);
  } catch (e) {
    await sim.stop().catch(() => {});
    throw e;
  }
  const id = (i: number) => sim.ids()[i]!;
  return {
    kind: 'simulator',
    url: (i) => sim.urls(id(i)).sub,
    down: (i) => sim.drop(id(i)),
    up: (i) => sim.restore(id(i)),
    stop: () => sim.stop(),
  };
}

/** Feeders and server for `n` cameras; also used by the latency bench with its own frame source. */
export async function startMini(
  n: number,
  opts: FeederOptions & {
    auth?: { username: string; password: string };
    /** Called once each feeder process runs (a stdin-fed one needs frames before it can write its SDP). */
    onFeeder?: (feeder: RtpFeeder, index: number) => void;
  } = {},
): Promise<TestCameras & { feeders: RtpFeeder[]; server: MiniRtspServer }> {
  const server = await new MiniRtspServer().start();
  const ports = await allocUdpPortPairs(n);
  const feeders: RtpFeeder[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const f = new RtpFeeder(opts);
      feeders.push(f);
      const sdp = await f.start(ports[i]!, () => opts.onFeeder?.(f, i));
      await server.mount({ path: `cam${i + 1}`, sdp, rtpPort: ports[i]!, ...(opts.auth && { auth: opts.auth }) });
    }
  } catch (e) {
    await Promise.all(feeders.map((f) => f.stop()));
    await server.stop();
    throw e;
  }
  return {
    kind: 'mini-rtsp',
    feeders,
    server,
    url: (i) => server.url(`cam${i + 1}`),
    down: async (i) => server.down(`cam${i + 1}`),
    up: async (i) => server.up(`cam${i + 1}`),
    async stop() {
      await Promise.all(feeders.map((f) => f.stop()));
      await server.stop();
    },
  };
}
