// The fleet on a map the centre draws itself (no internet at run time): cameras placed by longitude/latitude on a
// local projection, coloured by status, grouped by sector with a dashed outline; click a camera to watch it live.
// An admin may point `tileUrl` at a tile server ({z}/{x}/{y}); without one the outlines are the basemap.
import { LivePlayer, liveUrl } from './live-player.js';

const W = 1000;
const H = 700;
const COLOURS = ['#3d8bfd', '#f0ad4e', '#5cb85c', '#d9534f', '#9b59b6', '#1abc9c', '#e67e22', '#95a5a6'];

export class FleetMap {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.svg = root.querySelector('svg');
    this.popup = root.querySelector('#map-live');
    this.player = undefined;
  }

  show(cameras, health = {}) {
    const placed = cameras.filter((c) => c.position);
    const lons = placed.map((c) => c.position.lon);
    const lats = placed.map((c) => c.position.lat);
    const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    // Equirectangular around the fleet's mean latitude: metres-true enough for one city.
    const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    const s = Math.min((W - 80) / Math.max(1e-6, (x1 - x0) * k), (H - 80) / Math.max(1e-6, y1 - y0));
    const px = (c) => [40 + (c.position.lon - x0) * k * s, H - 40 - (c.position.lat - y0) * s];
    const ns = 'http://www.w3.org/2000/svg';
    const el = (name, attrs) => {
      const e = document.createElementNS(ns, name);
      for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, String(v));
      return e;
    };
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const nodes = [el('rect', { x: 0, y: 0, width: W, height: H, class: 'map-bg' })];
    const sectors = [...new Set(placed.map((c) => c.sectorId))];
    for (const [i, sector] of sectors.entries()) {
      const pts = placed.filter((c) => c.sectorId === sector).map(px);
      const hull = convexHull(pts);
      if (hull.length >= 3) {
        nodes.push(
          el('polygon', {
            points: hull.map((p) => p.join(',')).join(' '),
            class: 'sector',
            stroke: COLOURS[i % COLOURS.length],
          }),
        );
      }
      const [lx, ly] = pts.reduce(([a, b], [x, y]) => [a + x / pts.length, b + y / pts.length], [0, 0]);
      const label = el('text', { x: lx, y: ly, class: 'sector-label' });
      label.textContent = sector;
      nodes.push(label);
    }
    for (const c of placed) {
      const [x, y] = px(c);
      const state = health[c.id]?.state ?? c.status;
      const dot = el('circle', {
        cx: x,
        cy: y,
        r: 5,
        class: 'cam',
        'data-camera': c.id,
        'data-state': state,
        tabindex: 0,
      });
      const title = el('title', {});
      title.textContent = `${c.name} (${c.id}) — ${state}`;
      dot.append(title);
      dot.addEventListener('click', () => this.watch(c));
      nodes.push(dot);
    }
    this.svg.replaceChildren(...nodes);
  }

  watch(cam) {
    this.stop();
    const video = this.popup.querySelector('video');
    this.popup.querySelector('figcaption').textContent = `${cam.name} (${cam.id})`;
    this.popup.hidden = false;
    this.player = new LivePlayer(video, liveUrl(cam.id, 'sub'), {});
    this.player.start();
  }

  stop() {
    this.player?.stop();
    this.player = undefined;
    this.popup.hidden = true;
  }
}

/** Andrew's monotone chain. */
function convexHull(points) {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts) => {
    const h = [];
    for (const q of pts) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], q) <= 0) h.pop();
      h.push(q);
    }
    h.pop();
    return h;
  };
  return [...half(p), ...half([...p].reverse())];
}
