import type { ClipOptions, Size, StreamClip } from './clip-cache.js';
import { FfmpegFeeder } from './ffmpeg-feeder.js';
import { footageClip } from './footage.js';
import { type GarbageOptions, type GarbageServer, startGarbageServer } from './garbage.js';
import { type CameraClips, cameraClips, sceneClip } from './scenes.js';
import { RtspServerProcess, type ServerConfig, SYSTEM_PYTHON } from './server-process.js';
import { allocUdpPortPairs } from './udp-ports.js';

export type StreamName = 'main' | 'sub';
export type CameraFault = 'ok' | 'dropped' | 'frozen' | 'garbage';

export interface SimCameraSpec {
  id: string;
  /** Footage file to loop (any format ffmpeg reads); absent: a generated scene. */
  source?: string;
}

export interface CameraSimulatorOptions extends ClipOptions {
  /** RTSP port; 0 picks a free one (read `port` after start). Default 8554. */
  port?: number;
  /** Listen address. Default 127.0.0.1; 0.0.0.0 to reach it from other machines. */
  host?: string;
  /** Footage for cameras given without a source (and for `start(n)`). */
  footage?: string;
  /**
   * Who loops the clips: 'gstreamer' (default, inside the server process: measured ~2x less CPU, ~30x less memory)
   * or 'ffmpeg' (one supervised `ffmpeg -re -stream_loop -1 -f rtp` per stream).
   */
  feeder?: 'gstreamer' | 'ffmpeg';
  /** Distinct generated scenes, camera i gets scene i % sceneVariants. Default 1 (each costs one encode). */
  sceneVariants?: number;
  main?: Size;
  sub?: Size;
  python?: string;
  log?: (line: string) => void;
}

interface SimCamera {
  id: string;
  footage: string | undefined;
  variant: number;
  original: CameraClips;
  current: CameraClips;
  ports: Record<StreamName, number>;
  feeders: Record<StreamName, FfmpegFeeder> | undefined;
  fault: CameraFault;
  dropTimer: NodeJS.Timeout | undefined;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const STREAMS: StreamName[] = ['main', 'sub'];

/** N simulated IP cameras behind one real RTSP server, with faults injectable per camera. */
export class CameraSimulator {
  private readonly cams = new Map<string, SimCamera>();
  private readonly garbages: GarbageServer[] = [];
  private readonly server: RtspServerProcess;
  private readonly log: (line: string) => void;
  private boundPort = 0;
  private running = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelay = 500;
  /** Times the RTSP server process was restarted after dying. */
  serverRestarts = 0;

  constructor(private readonly opts: CameraSimulatorOptions = {}) {
    this.log = opts.log ?? (() => {});
    this.server = new RtspServerProcess(opts.python ?? SYSTEM_PYTHON, (l) => this.log(l));
    this.server.onCrash = (why) => this.scheduleServerRestart(why);
  }

  get port(): number {
    return this.boundPort;
  }

  private get gst(): boolean {
    return (this.opts.feeder ?? 'gstreamer') === 'gstreamer';
  }

  /** Prepares clips (cached), then serves `cameras` (a count: cam1..camN, or explicit specs). */
  async start(cameras: number | SimCameraSpec[]): Promise<void> {
    if (this.running) throw new Error('simulator already started');
    const specs =
      typeof cameras === 'number' ? Array.from({ length: cameras }, (_, i) => ({ id: `cam${i + 1}` })) : cameras;
    if (specs.length === 0) throw new Error('no cameras to simulate');
    for (const s of specs) {
      if (!ID.test(s.id)) throw new Error(`bad camera id ${JSON.stringify(s.id)}`);
      if (specs.filter((o) => o.id === s.id).length > 1) throw new Error(`duplicate camera id ${s.id}`);
    }
    const ports = await allocUdpPortPairs(specs.length * 2);
    const variants = Math.max(1, this.opts.sceneVariants ?? 1);
    for (const [i, s] of specs.entries()) {
      const footage = (s as SimCameraSpec).source ?? this.opts.footage;
      // Sequential on purpose: clip encodes are CPU-bound and mostly shared (cached) between cameras.
      const clips = await cameraClips({ ...this.opts, footage, variant: i % variants });
      this.cams.set(s.id, {
        id: s.id,
        footage,
        variant: i % variants,
        original: clips,
        current: { ...clips },
        ports: { main: ports[2 * i]!, sub: ports[2 * i + 1]! },
        feeders: undefined,
        fault: 'ok',
        dropTimer: undefined,
      });
    }
    const { port } = await this.server.start(this.config(this.opts.port ?? 8554));
    this.boundPort = port;
    this.running = true;
    if (!this.gst) {
      for (const cam of this.cams.values()) {
        const feeder = (s: StreamName) =>
          new FfmpegFeeder({ file: cam.current[s].ts, udpPort: cam.ports[s], ffmpeg: this.opts.ffmpeg, log: this.log });
        cam.feeders = { main: feeder('main'), sub: feeder('sub') };
        for (const s of STREAMS) cam.feeders[s].start();
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.restartTimer);
    const feeders = [...this.cams.values()].flatMap((c) => {
      clearTimeout(c.dropTimer);
      return c.feeders ? [c.feeders.main.stop(), c.feeders.sub.stop()] : [];
    });
    await Promise.all([...feeders, this.server.stop(), ...this.garbages.map((g) => g.close())]);
    this.garbages.length = 0;
  }

  ids(): string[] {
    return [...this.cams.keys()];
  }

  urls(id: string): { main: string; sub: string } {
    this.cam(id);
    const host = !this.opts.host || this.opts.host === '0.0.0.0' ? '127.0.0.1' : this.opts.host;
    const base = `rtsp://${host}:${this.boundPort}/${id}`;
    return { main: `${base}/main`, sub: `${base}/sub` };
  }

  status(id: string): { fault: CameraFault; main: Size; sub: Size } {
    const c = this.cam(id);
    const size = (clip: StreamClip) => ({ width: clip.width, height: clip.height });
    return { fault: c.fault, main: size(c.current.main), sub: size(c.current.sub) };
  }

  /** Process ids doing the serving (server + ffmpeg feeders), e.g. to measure CPU. */
  pids(): number[] {
    const feeders = [...this.cams.values()].flatMap((c) => (c.feeders ? [c.feeders.main.pid, c.feeders.sub.pid] : []));
    return [this.server.pid, ...feeders].filter((p): p is number => p !== undefined);
  }

  /** Camera unreachable: its mounts answer 404 and connected clients are cut; back after `seconds` if given. */
  async drop(id: string, seconds?: number): Promise<void> {
    const c = this.cam(id);
    await this.setFault(c, 'drop', 'dropped');
    if (seconds !== undefined) {
      c.dropTimer = setTimeout(() => {
        if (c.fault === 'dropped') this.restore(id).catch((e: Error) => this.log(`restore ${id}: ${e.message}`));
      }, seconds * 1000);
      c.dropTimer.unref();
    }
  }

  /** Stall: sessions stay open (and new ones are accepted) but no frame is sent until restore. */
  freeze(id: string): Promise<void> {
    return this.setFault(this.cam(id), 'freeze', 'frozen');
  }

  /** The camera's RTSP answers turn to random bytes (sessions are cut, every new request gets garbage). */
  garbage(id: string): Promise<void> {
    return this.setFault(this.cam(id), 'garbage', 'garbage');
  }

  /** Serves the stream at another resolution; clients are disconnected and see the new size on reconnect. */
  async changeResolution(id: string, width: number, height: number, stream: StreamName = 'main'): Promise<void> {
    const c = this.cam(id);
    for (const n of [width, height]) {
      // 4:2:0 H.264 needs even sizes; the cap keeps a typo from starting an 8K encode.
      if (!Number.isInteger(n) || n < 16 || n > 4096 || n % 2) throw new Error(`bad size ${width}x${height}`);
    }
    const size = { width, height };
    const clip = c.footage
      ? await footageClip(c.footage, size, this.opts)
      : await sceneClip(size, c.variant, this.opts);
    await this.switchClip(c, stream, clip);
  }

  /** Back to normal: fault cleared and original resolutions. */
  async restore(id: string): Promise<void> {
    const c = this.cam(id);
    clearTimeout(c.dropTimer);
    for (const s of STREAMS) if (c.current[s] !== c.original[s]) await this.switchClip(c, s, c.original[s]);
    await this.server.command('restore', id);
    c.fault = 'ok';
  }

  /** Starts a TCP server answering every connection with random bytes (closed by stop()); returns its port. */
  async garbageServer(opts: Omit<GarbageOptions, 'host'> = {}): Promise<number> {
    const g = await startGarbageServer({ ...opts, host: this.opts.host });
    this.garbages.push(g);
    return g.port;
  }

  private cam(id: string): SimCamera {
    const c = this.cams.get(id);
    if (!c) throw new Error(`unknown camera ${id}`);
    return c;
  }

  private async setFault(c: SimCamera, cmd: 'drop' | 'freeze' | 'garbage', fault: CameraFault): Promise<void> {
    clearTimeout(c.dropTimer);
    await this.server.command(cmd, c.id);
    c.fault = fault;
  }

  private async switchClip(c: SimCamera, stream: StreamName, clip: StreamClip): Promise<void> {
    c.current[stream] = clip;
    if (c.feeders) {
      await c.feeders[stream].setFile(clip.ts);
      await this.server.command('source', c.id, { stream });
    } else {
      await this.server.command('source', c.id, { stream, file: clip.mp4 });
    }
  }

  private config(port: number): ServerConfig {
    const stream = (c: SimCamera, s: StreamName) => ({
      udpPort: c.ports[s],
      ...(this.gst ? { file: c.current[s].mp4 } : {}),
    });
    return {
      host: this.opts.host ?? '127.0.0.1',
      port,
      // A client waiting on a stalled stream blocks its server thread: room for ~2 clients per stream first.
      threads: Math.min(1024, 4 * this.cams.size + 16),
      cameras: [...this.cams.values()].map((c) => ({
        id: c.id,
        streams: { main: stream(c, 'main'), sub: stream(c, 'sub') },
      })),
    };
  }

  /** The server died: start it again on the same port, then re-apply each camera's fault. */
  private scheduleServerRestart(why: string): void {
    if (!this.running) return;
    this.log(`${why}; restarting in ${this.restartDelay} ms`);
    this.restartTimer = setTimeout(async () => {
      try {
        await this.server.start(this.config(this.boundPort));
        this.serverRestarts++;
        this.restartDelay = 500;
        const cmds = { dropped: 'drop', frozen: 'freeze', garbage: 'garbage' } as const;
        for (const c of this.cams.values()) if (c.fault !== 'ok') await this.server.command(cmds[c.fault], c.id);
      } catch (e) {
        // A failed start exits the process, whose onCrash schedules the next attempt.
        this.log(`RTSP server restart failed: ${(e as Error).message}`);
      }
    }, this.restartDelay);
    this.restartDelay = Math.min(8000, this.restartDelay * 2);
  }
}
