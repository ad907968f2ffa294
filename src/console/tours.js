// Camera tours: a named list of cameras shown in turn on one tile of the wall, each for `dwell` seconds (kept in the
// user's preferences `tours`). Only one tour runs per window; stopping it gives the tile back its own camera.
import { LAYOUTS } from './wall-layout.js';

export class TourRunner {
  /** @param {import('./wall.js').Wall} wall */
  constructor(wall) {
    this.wall = wall;
    this.running = null;
    this.timer = undefined;
  }

  /** @param {{ name: string, cameras: string[], dwell: number, tile?: number }} tour */
  start(tour) {
    this.stop();
    const known = new Set(this.wall.cameras.map((c) => c.id));
    const cameras = tour.cameras.filter((id) => known.has(id));
    if (!cameras.length) return false;
    // A tile beyond the current layout runs on its last tile.
    const tile = Math.min(tour.tile ?? 0, LAYOUTS[this.wall.layout].tiles - 1);
    this.running = { ...tour, cameras, tile, at: 0 };
    this.wall.tour(tile, cameras[0]);
    this.timer = setInterval(() => {
      const r = this.running;
      r.at = (r.at + 1) % r.cameras.length;
      this.wall.tour(r.tile, r.cameras[r.at]);
    }, tour.dwell * 1000);
    return true;
  }

  stop() {
    clearInterval(this.timer);
    const r = this.running;
    this.running = null;
    if (r) this.wall.tour(r.tile, undefined);
  }
}
