// Samples the local recorders' streams and pushes each degradation's start and end on the bus (health.degraded);
// the api nodes store them in the health history. Runs where the recorders run (a recorder node in a cluster).
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { DegradeDetector, DegradeFloor } from '../../core/health/degrade-detector.js';
import { HEALTH_DEGRADED, HEALTH_DEGRADED_ENDED } from '../../core/health/health-history.js';
import type { Bus } from '../../core/ports/bus.js';
import type { Clock } from '../../core/ports/clock.js';
import type { IngestStatus } from '../../core/ports/ingest.js';

/** The floors of `health.*` as the detector takes them; undefined when none is checked (no watch runs). */
export function degradeFloor(cfg: Pick<Config, 'health'>): DegradeFloor | undefined {
  const h = cfg.health;
  const floor = {
    minFps: h.degradedFps,
    minBitrateKbps: h.degradedBitrateKbps,
    afterMs: h.degradedAfterSeconds * 1000,
  };
  return floor.minFps > 0 || floor.minBitrateKbps > 0 ? floor : undefined;
}

export class DegradeWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly detector: DegradeDetector,
    private readonly ingest: IngestStatus,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  start(everyMs: number) {
    this.timer ??= setInterval(() => void this.sample(), everyMs);
    this.timer.unref();
  }

  /** One sample now: what started or ended is published (and awaited). */
  async sample(): Promise<void> {
    const samples = this.ingest.all().map((h) => ({
      cameraId: h.cameraId,
      online: h.state === 'online',
      frames: h.frames ?? 0,
      bitrateKbps: h.bitrateKbps,
    }));
    const step = this.detector.step(samples, this.clock.now());
    const send = async (topic: string, c: object) =>
      this.bus.publish(topic, c).catch((err) => this.log.error({ err, topic }, 'a degradation could not be published'));
    for (const c of step.started) {
      this.log.warn({ camera: c.cameraId, below: c.detail }, 'camera stream degraded');
      await send(HEALTH_DEGRADED, c);
    }
    for (const c of step.ended) await send(HEALTH_DEGRADED_ENDED, c);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
