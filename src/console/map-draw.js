// The map's drawing, without state: projection, basemap (graticule or tiles), scale bar, sector outlines, view cones
// and the state markers. Each state has its own glyph as well as its colour, so that colour is never the only sign.

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes. */
export function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Longitude/latitude → Web Mercator in [0, 1] (y grows southwards, as on screen). */
export function mercator(lon, lat) {
  const r = (lat * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2];
}
const lonOf = (x) => x * 360 - 180;
const latOf = (y) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

/** Metres per screen pixel at latitude `lat`, `s` pixels per Mercator unit. */
export const metresPerPx = (lat, s) => (40_075_016 * Math.cos((lat * Math.PI) / 180)) / s;

/** Lines every round step of latitude and longitude: the basemap when no tile server is configured. */
export function graticule(v) {
  const span = lonOf(v.x1) - lonOf(v.x0);
  const step =
    [1e-4, 2e-4, 5e-4, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1].find((d) => span / d <= 8) ?? 1;
  const digits = step < 0.001 ? 4 : 3;
  const out = [];
  for (let g = Math.ceil(lonOf(v.x0) / step) * step; g < lonOf(v.x1); g += step) {
    const [x] = v.px(mercator(g, 0));
    out.push(el('line', { x1: x, x2: x, y1: 0, y2: v.h, class: 'grid' }));
    out.push(el('text', { x: x + 3, y: v.h - 4, class: 'grid-label' }, `${g.toFixed(digits)}°E`));
  }
  for (let g = Math.ceil(latOf(v.y1) / step) * step; g < latOf(v.y0); g += step) {
    const [, y] = v.px(mercator(0, g));
    out.push(el('line', { x1: 0, x2: v.w, y1: y, y2: y, class: 'grid' }));
    out.push(el('text', { x: 4, y: y - 3, class: 'grid-label' }, `${g.toFixed(digits)}°N`));
  }
  return out;
}

/** Tiles of the configured server covering the view, at the zoom whose tiles are about 256 px here. */
export function tiles(template, v) {
  const z = Math.max(0, Math.min(19, Math.round(Math.log2(v.s / 256))));
  const n = 2 ** z;
  const out = [];
  for (let tx = Math.floor(v.x0 * n); tx <= Math.floor(v.x1 * n); tx++) {
    for (let ty = Math.floor(v.y0 * n); ty <= Math.floor(v.y1 * n); ty++) {
      const [x, y] = v.px([tx / n, ty / n]);
      const href = template.replace('{z}', z).replace('{x}', tx).replace('{y}', ty);
      out.push(el('image', { href, x, y, width: v.s / n, height: v.s / n, preserveAspectRatio: 'none' }));
    }
  }
  return out;
}

/** A bar of a round length in metres (Mercator scale at the centre of the view). */
export function scaleBar(v) {
  const mpp = metresPerPx(latOf((v.y0 + v.y1) / 2), v.s);
  const metres = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].find((m) => m / mpp >= 80) ?? 10000;
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  return [
    el('rect', { x: 20, y: v.h - 20, width: metres / mpp, height: 4, class: 'scale' }),
    el('text', { x: 20, y: v.h - 24, class: 'grid-label' }, label),
  ];
}

/** Andrew's monotone chain. */
export function convexHull(points) {
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

/**
 * A polygon cut to the rectangle [x0, x1] × [y0, y1] (Sutherland–Hodgman): zoomed in, a sector's dashed outline
 * runs to millions of pixels, and Chromium stalls painting its dashes.
 */
export function clipPolygon(points, x0, y0, x1, y1) {
  const edges = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  let out = points;
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    for (const [i, b] of input.entries()) {
      const a = input[(i + input.length - 1) % input.length];
      if (inside(b)) {
        if (!inside(a)) out.push(cut(a, b));
        out.push(b);
      } else if (inside(a)) out.push(cut(a, b));
    }
  }
  return out;
}

/**
 * Where a camera looks: a wedge from (x, y), `direction` degrees clockwise from north (up), `fov` degrees wide,
 * `r` pixels long; a full circle for 360°.
 */
export function cone(x, y, direction, fov, r, state) {
  if (fov >= 360) return el('circle', { cx: x, cy: y, r, class: 'cone', 'data-state': state });
  const at = (deg) => {
    const a = (deg * Math.PI) / 180;
    return `${(x + r * Math.sin(a)).toFixed(1)},${(y - r * Math.cos(a)).toFixed(1)}`;
  };
  const large = fov > 180 ? 1 : 0;
  const d = `M${x.toFixed(1)},${y.toFixed(1)} L${at(direction - fov / 2)} A${r},${r} 0 ${large} 1 ${at(direction + fov / 2)} Z`;
  return el('path', { d, class: 'cone', 'data-state': state, 'data-direction': direction });
}

/** The glyph drawn over a marker, centred on 0,0: a second sign besides the colour. */
const GLYPHS = {
  streaming: 'M-2,-3.2 L3.4,0 L-2,3.2 Z',
  offline: 'M-3,-3 L3,3 M3,-3 L-3,3',
  maintenance: 'M-3.5,0 H3.5',
  decommissioned: 'M-3,3 L3,-3',
  planned: 'M-2.6,0 a2.6,2.6 0 1,0 5.2,0 a2.6,2.6 0 1,0 -5.2,0',
  alarm: 'M0,-4 V1 M0,3 V3.6',
};

/** A state's marker: the coloured disc (class `dot`, its fill is the state's colour) and its glyph. */
export function marker(state, r) {
  const g = [el('circle', { r, class: 'dot' }), el('path', { d: GLYPHS[state] ?? '', class: 'glyph' })];
  if (state === 'alarm') g.unshift(el('circle', { r: r + 4, class: 'halo' }));
  return g;
}
