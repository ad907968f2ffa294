import { checkSimulatorRequirements } from './requirements.js';
import { CameraSimulator, type CameraSimulatorOptions } from './simulator.js';

export interface SimulateCommandOptions {
  /** Number of cameras: cam1..camN. */
  cameras: number;
  /** RTSP port, default 8554 (0: any free port). */
  port?: number;
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Footage file looped by every camera instead of generated scenes. */
  footage?: string;
  /** Where clips are cached, e.g. `<dataDir>/sim-cache`; default `<os tmpdir>/vigie-sim-cache`. */
  cacheDir?: string;
  /** Distinct generated scenes (default 4, each encoded once then cached). */
  scenes?: number;
  feeder?: CameraSimulatorOptions['feeder'];
  /** Print one JSON object instead of a table. */
  json?: boolean;
  /** Verbose server/feeder logs on stderr. */
  verbose?: boolean;
  /** Stops the simulator like SIGINT does (for embedding and tests). */
  signal?: AbortSignal;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** `vigie simulate`: serves N simulated cameras until SIGINT/SIGTERM; resolves with the exit code. */
export async function runSimulateCommand(opts: SimulateCommandOptions): Promise<number> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (!Number.isInteger(opts.cameras) || opts.cameras < 1 || opts.cameras > 500) {
    err('simulate: --cameras must be an integer from 1 to 500');
    return 2;
  }
  const req = checkSimulatorRequirements();
  if (!req.ok) {
    err(`simulate: missing ${req.missing.join(', ')}\nfix: ${req.fix}`);
    return 2;
  }
  const sim = new CameraSimulator({
    port: opts.port ?? 8554,
    host: opts.host,
    footage: opts.footage,
    cacheDir: opts.cacheDir,
    feeder: opts.feeder,
    sceneVariants: opts.scenes ?? 4,
    log: opts.verbose ? (l) => err(l) : undefined,
  });
  // Listen for Ctrl-C from the start: a stop asked while clips are encoding ends the run once they are done.
  let stopAsked = false;
  let wake = () => {};
  const onStop = () => {
    stopAsked = true;
    wake();
  };
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  opts.signal?.addEventListener('abort', onStop);
  if (opts.signal?.aborted) stopAsked = true;
  try {
    err(`simulate: preparing clips for ${opts.cameras} camera(s) (first run encodes them, then they are cached)...`);
    await sim.start(opts.cameras);
    const cams = sim.ids().map((id) => ({ id, ...sim.urls(id) }));
    if (opts.json) out(JSON.stringify({ port: sim.port, cameras: cams }));
    else for (const c of cams) out(`${c.id}\t${c.main}\t${c.sub}`);
    err(`simulate: ${cams.length} camera(s) on port ${sim.port}; RTSP over TCP or UDP. Ctrl-C to stop.`);
    if (!stopAsked) await new Promise<void>((resolve) => (wake = resolve));
  } catch (e) {
    err(`simulate: ${(e as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', onStop);
    process.off('SIGTERM', onStop);
    opts.signal?.removeEventListener('abort', onStop);
    await sim.stop();
  }
  err('simulate: stopped');
  return 0;
}
