// The fleet on a map the centre draws itself (no internet at run time): cameras placed by position (Web Mercator),
// coloured by status, each sector's outline dashed, a graticule and a scale bar; click a camera to watch it live.
// An admin may set `http.mapTileUrl` to a tile server ({z}/{x}/{y}); its tiles then lie under the same drawing.
import { LivePlayer, liveUrl } from './live-player.js';
import { bindMapKeys } from './map-keys.js';

const W = 1000;
const H = 700;
const COLOURS = ['#3d8bfd', '#f0ad4e', '#5cb85c', '#d9534f', '#9b59b6', '#1abc9c', '#e67e22', '#95a5a6'];

export class FleetMap {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    fetch('/console/settings.json')
      .then((r) => r.json())
      .then((j) => {
        this.settings = j;
      })
      .catch(() => {});
    this.svg = root.querySelector('svg');
    this.popup = root.querySelector('#map-live');
    this.player = undefined;
    bindMapKeys(this.svg, (id) => {
      const cam = this.placed?.find((c) => c.id === id);
      if (cam) this.watch(cam);
    });
  }

  /** @param {Map<string, {state: string}>} health by camera id (a Map: ids such as `constructor` are user data) */
  show(cameras, health = new Map()) {
    const placed = cameras.filter((c) => c.position);
    this.placed = placed;
    if (!placed.length) return this.svg.replaceChildren();
    // Web Mercator (the tile servers' projection), fitted to the fleet with a margin.
    const pts = placed.map((c) => mercator(c.position.lon, c.position.lat));
    let [x0, x1, y0, y1] = [
      Math.min(...pts.map((p) => p[0])),
      Math.max(...pts.map((p) => p[0])),
      Math.min(...pts.map((p) => p[1])),
      Math.max(...pts.map((p) => p[1])),
    ];
    const pad = Math.max(x1 - x0, y1 - y0, 2e-5) * 0.15;
    [x0, x1, y0, y1] = [x0 - pad, x1 + pad, y0 - pad, y1 + pad];
    const s = Math.min(W / (x1 - x0), H / (y1 - y0));
    const ox = (W - (x1 - x0) * s) / 2;
    const oy = (H - (y1 - y0) * s) / 2;
    const px = ([x, y]) => [ox + (x - x0) * s, oy + (y - y0) * s];
    const ns = 'http://www.w3.org/2000/svg';
    const el = (name, attrs) => {
      const e = document.createElementNS(ns, name);
      for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, String(v));
      return e;
    };
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const nodes = [el('rect', { x: 0, y: 0, width: W, height: H, class: 'map-bg' })];
    if (this.settings?.mapTileUrl) nodes.push(...tiles(this.settings.mapTileUrl, x0, x1, y0, y1, s, px, el));
    else nodes.push(...graticule(x0, x1, y0, y1, px, el));
    const sectors = [...new Set(placed.map((c) => c.sectorId))];
    for (const [i, sector] of sectors.entries()) {
      const sp = placed.filter((c) => c.sectorId === sector).map((c) => px(mercator(c.position.lon, c.position.lat)));
      const hull = convexHull(sp);
      if (hull.length >= 3) {
        nodes.push(
          el('polygon', {
            points: hull.map((p) => p.join(',')).join(' '),
            class: 'sector',
            stroke: COLOURS[i % COLOURS.length],
          }),
        );
      }
      const [lx, ly] = sp.reduce(([a, b], [x, y]) => [a + x / sp.length, b + y / sp.length], [0, 0]);
      const label = el('text', { x: lx + 8, y: ly - 8, class: 'sector-label' });
      label.textContent = sector;
      nodes.push(label);
    }
    for (const c of placed) {
      const [x, y] = px(mercator(c.position.lon, c.position.lat));
      const h = health.get(c.id)?.state;
      const state = h && h !== 'not_recording' ? h : c.status;
      const dot = el('circle', {
        cx: x,
        cy: y,
        r: 5,
        class: 'cam',
        'data-camera': c.id,
        'data-state': state,
        // One tab stop for all the dots; the arrows move between them (map-keys.js).
        tabindex: c === placed[0] ? 0 : -1,
      });
      const title = el('title', {});
      title.textContent = `${c.name} (${c.id}) — ${state}`;
      dot.append(title);
      dot.addEventListener('click', () => this.watch(c));
      nodes.push(dot);
    }
    nodes.push(...scaleBar(placed[0].position.lat, s, el));
    if (this.settings?.mapTileUrl && this.settings.mapAttribution) {
      const a = el('text', { x: W - 8, y: H - 8, class: 'attribution', 'text-anchor': 'end' });
      a.textContent = this.settings.mapAttribution;
      nodes.push(a);
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

/** Longitude/latitude → Web Mercator in [0, 1] (y grows southwards, as on screen). */
function mercator(lon, lat) {
  const r = (lat * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2];
}

/** Lines every round step of latitude and longitude: the basemap when no tile server is configured. */
function graticule(x0, x1, y0, y1, px, el) {
  const lon = (x) => x * 360 - 180;
  const lat = (y) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  const span = lon(x1) - lon(x0);
  const step = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1].find((d) => span / d <= 8) ?? 1;
  const out = [];
  for (let g = Math.ceil(lon(x0) / step) * step; g < lon(x1); g += step) {
    const [x] = px(mercator(g, lat(y0)));
    out.push(el('line', { x1: x, x2: x, y1: 0, y2: H, class: 'grid' }));
    const t = el('text', { x: x + 3, y: H - 4, class: 'grid-label' });
    t.textContent = `${g.toFixed(3)}°E`;
    out.push(t);
  }
  for (let g = Math.ceil(lat(y1) / step) * step; g < lat(y0); g += step) {
    const [, y] = px(mercator(lon(x0), g));
    out.push(el('line', { x1: 0, x2: W, y1: y, y2: y, class: 'grid' }));
    const t = el('text', { x: 4, y: y - 3, class: 'grid-label' });
    t.textContent = `${g.toFixed(3)}°N`;
    out.push(t);
  }
  return out;
}

/** Tiles of the configured server covering the view, at the zoom whose tiles are about 256 px here. */
function tiles(template, x0, x1, y0, y1, s, px, el) {
  const z = Math.max(0, Math.min(19, Math.round(Math.log2(s / 256))));
  const n = 2 ** z;
  const out = [];
  for (let tx = Math.floor(x0 * n); tx <= Math.floor(x1 * n); tx++) {
    for (let ty = Math.floor(y0 * n); ty <= Math.floor(y1 * n); ty++) {
      const [x, y] = px([tx / n, ty / n]);
      const href = template.replace('{z}', z).replace('{x}', tx).replace('{y}', ty);
      out.push(el('image', { href, x, y, width: s / n, height: s / n, preserveAspectRatio: 'none' }));
    }
  }
  return out;
}

/** A bar of a round length in metres (Mercator scale at the fleet's latitude). */
function scaleBar(lat, s, el) {
  const metresPerPx = (40_075_016 * Math.cos((lat * Math.PI) / 180)) / s;
  const metres = [50, 100, 200, 500, 1000, 2000, 5000, 10000].find((m) => m / metresPerPx >= 80) ?? 10000;
  const w = metres / metresPerPx;
  const label = el('text', { x: 20, y: H - 24, class: 'grid-label' });
  label.textContent = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  return [el('rect', { x: 20, y: H - 20, width: w, height: 4, class: 'scale' }), label];
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
