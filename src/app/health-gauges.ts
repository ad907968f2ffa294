// Prometheus gauges of the camera health history (issue 24): what is wrong now and for how long, and today's fleet
// availability so far. Read from the store at scrape time, so every api node of a cluster answers the same.
import { Gauge, type Registry } from 'prom-client';
import type { FleetService } from '../core/fleet/fleet-service.js';
import type { AvailabilityService } from '../core/health/availability.js';
import { dayOf } from '../core/health/calendar.js';
import type { Clock } from '../core/ports/clock.js';
import type { HealthRepo } from '../core/ports/health.js';

export function healthGauges(
  registry: Registry,
  o: { repo: HealthRepo; availability: AvailabilityService; fleet: FleetService; clock: Clock; timeZone: string },
) {
  new Gauge({
    name: 'vigie_camera_health_outage_seconds',
    help: 'Age of what is wrong with a camera now (state: offline, tampered, degraded), in seconds.',
    labelNames: ['camera', 'state'],
    registers: [registry],
    async collect() {
      const open = await o.repo.current();
      const now = o.clock.now();
      this.reset();
      // Two overlapping intervals of one state (a cluster's race) show the older one.
      for (const i of [...open].reverse()) this.set({ camera: i.cameraId, state: i.state }, (now - i.fromMs) / 1000);
    },
  });
  new Gauge({
    name: 'vigie_fleet_availability_today_ratio',
    help: 'Share of today (local day, so far) the fleet’s cameras were neither offline nor tampered.',
    registers: [registry],
    async collect() {
      const today = dayOf(o.clock.now(), o.timeZone);
      const r = await o.availability.report(await o.fleet.all(), { from: today, to: today, by: 'day' });
      this.set(r.fleet.availability ?? 1);
    },
  });
}
