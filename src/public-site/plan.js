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

/** The plan of `cameras` (those with lat/lon) and its legend, into `root`. */
export function drawPlan(root, cameras) {
  const placed = cameras.filter((c) => Number.isFinite(c.lat) && Number.isFinite(c.lon));
  if (!placed.length) {
    const p = document.createElement('p');
    p.textContent = t('map.none');
    root.replaceChildren(p);
    return 0;
  }
  const lats = placed.map((c) => c.lat);
  const lons = placed.map((c) => c.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
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
  const r = placed.length > 2000 ? 2.5 : placed.length > 300 ? 4 : 6;
  for (const c of placed) {
    const x = x0 + (c.lon - minLon) * k * scale;
    const y = y0 + (maxLat - c.lat) * scale;
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
