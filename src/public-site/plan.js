// The map of the published cameras as a plain SVG plan (no tile server, no network: the page must work anywhere and
// print). Positions are projected equirectangularly around the fleet's mean latitude, which at a city's scale is
// indistinguishable from the console's Web Mercator. Each point is a link to the camera's entry.
import { label, t } from './words.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const PAD = 24;
/** One colour and one shape per phase: the legend names them, and colour is never the only sign. */
export const PHASES = {
  pilot: { colour: '#b3261e', shape: 'square' },
  replacement: { colour: '#0b57a4', shape: 'circle' },
  extension: { colour: '#1b6e2f', shape: 'diamond' },
};

const el = (name, attrs = {}) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

function mark(phase, x, y, r) {
  const { colour, shape } = PHASES[phase] ?? { colour: '#444', shape: 'circle' };
  const common = { fill: colour, stroke: '#fff', 'stroke-width': 1.5 };
  if (shape === 'square') return el('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...common });
  if (shape === 'diamond')
    return el('polygon', {
      points: `${x},${y - r * 1.3} ${x + r * 1.3},${y} ${x},${y + r * 1.3} ${x - r * 1.3},${y}`,
      ...common,
    });
  return el('circle', { cx: x, cy: y, r, ...common });
}

/** Each sector's name at the middle of its cameras, under the points (the list below names them for screen readers). */
function sectorNames(placed, at) {
  const g = el('g', { 'aria-hidden': 'true', class: 'plan-sectors' });
  const sectors = new Map();
  for (const c of placed) {
    const [x, y] = at(c);
    const s = sectors.get(c.sector) ?? { x: 0, y: 0, n: 0 };
    sectors.set(c.sector, { x: s.x + x, y: s.y + y, n: s.n + 1 });
  }
  for (const [name, s] of sectors) {
    if (!name) continue;
    const text = el('text', { x: s.x / s.n, y: s.y / s.n - 10, 'text-anchor': 'middle' });
    text.textContent = name;
    g.append(text);
  }
  return g;
}

/** A scale bar of a round length (100 m, 200 m, 500 m, 1 km…) about a fifth of the plan wide, bottom left. */
function scaleBar(width, height, scale) {
  const metresPerUnit = 111_320 / scale;
  const target = (width / 5) * metresPerUnit;
  const p = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * p).find((m) => m <= target) ?? p;
  const length = metres / metresPerUnit;
  const g = el('g', { 'aria-hidden': 'true', class: 'plan-scale' });
  const y = height - 12;
  g.append(
    el('path', {
      d: `M12 ${y - 6} V${y} H${12 + length} V${y - 6}`,
      fill: 'none',
      stroke: '#1d2329',
      'stroke-width': 2,
    }),
  );
  const text = el('text', { x: 12 + length / 2, y: y - 10, 'text-anchor': 'middle' });
  text.textContent = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  g.append(text);
  return g;
}

/** The plan of `cameras` (those with lat/lon) and its legend, into `root`. */
export function drawPlan(root, cameras) {
  const placed = cameras.filter((c) => Number.isFinite(c.lat) && Number.isFinite(c.lon));
  if (!placed.length) {
    const p = document.createElement('p');
    p.textContent = t('map.none');
    root.replaceChildren(p);
    return 0;
  }
  // Loops, not Math.min(...list): a spread of a whole city's fleet would exceed the engine's argument limit.
  let [minLat, maxLat, minLon, maxLon] = [90, -90, 180, -180];
  for (const c of placed) {
    minLat = Math.min(minLat, c.lat);
    maxLat = Math.max(maxLat, c.lat);
    minLon = Math.min(minLon, c.lon);
    maxLon = Math.max(maxLon, c.lon);
  }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-4);
  const spanY = Math.max(maxLat - minLat, 1e-4);
  // The larger side fills WIDTH; a narrow fleet keeps a plan at least half as wide, its points centred.
  const scale = (WIDTH - 2 * PAD) / Math.max(spanX, spanY);
  const width = Math.round(Math.max(spanX * scale, WIDTH / 2) + 2 * PAD);
  const height = Math.round(Math.max(spanY * scale, WIDTH / 4) + 2 * PAD);
  const x0 = (width - spanX * scale) / 2;
  const y0 = (height - spanY * scale) / 2;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'plan-svg', 'aria-labelledby': 'plan-caption' });
  svg.setAttribute('role', 'group');
  svg.append(el('rect', { x: 0, y: 0, width, height, fill: '#f4f6f8', stroke: '#8a949e' }));
  const at = (c) => [x0 + (c.lon - minLon) * k * scale, y0 + (maxLat - c.lat) * scale];
  svg.append(sectorNames(placed, at), scaleBar(width, height, scale));
  const r = placed.length > 2000 ? 2.5 : placed.length > 300 ? 4 : 6;
  for (const c of placed) {
    const [x, y] = at(c);
    const a = el('a', { href: `#cam-${c.id}`, class: 'plan-point' });
    a.setAttribute('aria-label', `${c.name} (${c.sector ?? ''}, ${label('phase', c.phase)})`);
    const title = el('title');
    title.textContent = c.name;
    a.append(title, mark(c.phase, x, y, r));
    svg.append(a);
  }
  const legend = document.createElement('ul');
  legend.className = 'legend';
  legend.setAttribute('aria-label', t('map.legend'));
  for (const [phase] of Object.entries(PHASES)) {
    const li = document.createElement('li');
    const key = el('svg', { viewBox: '0 0 20 20', width: 16, height: 16, 'aria-hidden': 'true' });
    key.append(mark(phase, 10, 10, 6));
    li.append(key, ` ${label('phase', phase)} (${placed.filter((c) => c.phase === phase).length})`);
    legend.append(li);
  }
  root.replaceChildren(svg, legend);
  return placed.length;
}
