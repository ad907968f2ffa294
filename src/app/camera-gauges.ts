// Per-camera Prometheus gauges read at scrape time from a supervisor's health rows, so the figures are never stale.
import { Gauge, type Registry } from 'prom-client';

/** Returns a function that defines one gauge (name, help, value of a row) over `rows()`, labelled by camera. */
export function cameraGauges<H extends { cameraId: string }>(registry: Registry, rows: () => H[]) {
  return (name: string, help: string, value: (h: H) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['camera'],
      registers: [registry],
      collect() {
        this.reset();
        for (const h of rows()) this.set({ camera: h.cameraId }, value(h));
      },
    });
}
