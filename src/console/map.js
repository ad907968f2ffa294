// The fleet on a map the centre draws itself (no internet at run time): cameras placed by position (Web Mercator),
// coloured by what they really do (streaming, offline, not installed, maintenance, alarm: map-cluster.js), with a
// glyph and a spoken label besides the colour, their view cone, each sector's outline dashed, a graticule and a
// scale bar. Zoom (buttons, wheel, + / −), pan (drag, Shift + arrows); dots that would overlap gather into a cluster
// showing their count and worst state. An admin may set `http.mapTileUrl` ({z}/{x}/{y}) for tiles under the drawing.
import { kindLabel, t } from './i18n.js';
import { LivePlayer, liveUrl } from './live-player.js';
import { cluster, fanOut, STATES, separatingFactor, stateOf, worst } from './map-cluster.js';
import {
  clipPolygon,
  cone,
  convexHull,
  el,
  graticule,
  marker,
  mercator,
  metresPerPx,
  scaleBar,
  tiles,
} from './map-draw.js';
import { bindMapKeys } from './map-keys.js';
import { bindPointer } from './map-pointer.js';
import { TilePrivacy } from './tile-privacy.js';

const GAP = 26; // px between two markers' centres under which they cluster: markers (r ≤ 12) never overlap
const DOT = 8;
const CLUSTER = 12;
const MAX_ZOOM = 1024; // times the fitted scale: about 1 cm per pixel on the demo, where only shared poles remain
const CONE_METRES = 30;
const POLL_MS = 10_000; // the stream health, as often as the wall's analytics health
const COLOURS = ['#3d8bfd', '#f0ad4e', '#5cb85c', '#d9534f', '#9b59b6', '#1abc9c', '#e67e22', '#95a5a6'];

export class FleetMap {
  /** @param {HTMLElement} root @param {(method: string, path: string) => Promise<{json: any}>} api */
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.svg = root.querySelector('svg');
    this.popup = root.querySelector('#map-live');
    this.legend = root.querySelector('#map-legend');
    this.placed = [];
    this.health = new Map();
    this.alarmed = new Map(); // camera id → the kinds of its open alarms
    this.zoom = 1;
    this.centre = undefined; // Mercator point at the middle of the view; undefined: the fleet fitted
    this.current = undefined; // the camera whose marker holds the map's one tab stop
    /** Who may reveal and what Reveal / End do: the wall's (app.js), the live view being one more view of a camera. */
    this.privacy = { canReveal: false, reveal: () => {}, end: () => {} };
    fetch('/console/settings.json')
      .then((r) => r.json())
      .then((j) => {
        this.settings = j;
        this.render();
      })
      .catch(() => {});
    bindMapKeys(root, this);
    bindPointer(this.svg, this);
    for (const [act, run] of Object.entries({
      'zoom-in': () => this.zoomAt(2),
      'zoom-out': () => this.zoomAt(0.5),
      fit: () => this.fit(),
      'close-live': () => this.stop(false),
    }))
      root.querySelector(`[data-act="${act}"]`)?.addEventListener('click', run);
    this.svg.addEventListener('focusin', (e) => {
      const item = e.target.closest?.('[data-cameras]');
      if (item) this.current = item.dataset.cameras.split(' ')[0];
    });
    new ResizeObserver(() => this.render()).observe(this.svg);
  }

  /** The map view opens: its cameras, then their stream health now and every POLL_MS while it stays open. */
  show(cameras) {
    this.placed = cameras.filter((c) => c.position);
    const pts = this.placed.map((c) => mercator(c.position.lon, c.position.lat));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const pad = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 2e-5) * 0.12;
    this.bounds = [Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - pad, Math.max(...ys) + pad];
    this.render();
    clearInterval(this.poll);
    const health = () =>
      this.api('GET', '/api/streams/health').then((r) => {
        this.health = new Map((Array.isArray(r.json) ? r.json : []).map((h) => [h.cameraId, h]));
        this.render();
      });
    health();
    this.poll = setInterval(health, POLL_MS);
  }

  /**
   * The open alarms, pushed by the alarm stream (app.js onAlarm): redrawn at once when a camera's alarms change. A
   * camera_offline alarm is the offline state itself, already shown as such, so it does not turn the dot to alarm.
   */
  alarms(open) {
    const next = new Map();
    for (const a of open)
      if (a.kind !== 'camera_offline') next.set(a.cameraId, [...(next.get(a.cameraId) ?? []), kindLabel(a.kind)]);
    const key = (m) => JSON.stringify([...m].sort());
    if (key(next) === key(this.alarmed)) return;
    this.alarmed = next;
    this.render();
  }

  /** The visible window: size in pixels, scale, Mercator bounds, projection. */
  view() {
    const w = this.svg.clientWidth;
    const h = this.svg.clientHeight;
    if (!w || !h || !this.bounds) return undefined;
    const [bx0, bx1, by0, by1] = this.bounds;
    const s = Math.min(w / (bx1 - bx0), h / (by1 - by0)) * this.zoom;
    const [cx, cy] = this.centre ?? [(bx0 + bx1) / 2, (by0 + by1) / 2];
    const x0 = cx - w / 2 / s;
    const y0 = cy - h / 2 / s;
    return { w, h, s, x0, y0, x1: cx + w / 2 / s, y1: cy + h / 2 / s, px: ([x, y]) => [(x - x0) * s, (y - y0) * s] };
  }

  render() {
    const v = this.root.hidden ? undefined : this.view();
    if (!v) return;
    const hadFocus = this.svg.contains(document.activeElement);
    this.svg.setAttribute('viewBox', `0 0 ${v.w} ${v.h}`);
    const points = this.placed.map((cam) => {
      const [x, y] = v.px(mercator(cam.position.lon, cam.position.lat));
      return { cam, x, y, state: stateOf(cam, this.health.get(cam.id), this.alarmed.has(cam.id)) };
    });
    const back = [el('rect', { x: 0, y: 0, width: v.w, height: v.h, class: 'map-bg' })];
    back.push(...(this.settings?.mapTileUrl ? tiles(this.settings.mapTileUrl, v) : graticule(v)));
    back.push(...this.sectors(points));
    const cones = [];
    const items = [];
    const closest = this.zoom >= MAX_ZOOM * 0.999;
    const coneR = Math.min(110, Math.max(30, CONE_METRES / metresPerPx(this.placed[0]?.position.lat ?? 0, v.s)));
    for (const g of cluster(points, GAP)) {
      if (g.members.length > 1 && !closest) {
        items.push(this.clusterItem(g));
        continue;
      }
      for (const p of g.members.length > 1 ? fanOut(g, GAP) : g.members) {
        if (p.from) back.push(el('line', { x1: p.from[0], y1: p.from[1], x2: p.x, y2: p.y, class: 'leader' }));
        if (p.cam.direction !== undefined)
          cones.push(cone(p.x, p.y, p.cam.direction, p.cam.fieldOfView ?? 60, coneR, p.state));
        items.push(this.dotItem(p));
      }
    }
    const holder = items.find((i) => i.dataset.cameras.split(' ').includes(this.current)) ?? items[0];
    holder?.setAttribute('tabindex', '0');
    const attribution = this.settings?.mapTileUrl && this.settings.mapAttribution;
    const deco = el('g', { 'aria-hidden': 'true' });
    deco.append(...back, ...cones, ...scaleBar(v));
    if (attribution)
      deco.append(el('text', { x: v.w - 8, y: v.h - 8, class: 'attribution', 'text-anchor': 'end' }, attribution));
    this.svg.replaceChildren(deco, ...items);
    this.drawLegend(points);
    if (hadFocus) holder?.focus();
  }

  /** Each sector's outline (convex hull, dashed) and its name. */
  sectors(points) {
    const out = [];
    const sectors = [...new Set(points.map((p) => p.cam.sectorId))];
    for (const [i, sector] of sectors.entries()) {
      const sp = points.filter((p) => p.cam.sectorId === sector).map((p) => [p.x, p.y]);
      const m = 50; // beyond the view, so that the cut edges stay out of sight
      const hull = clipPolygon(convexHull(sp), -m, -m, this.svg.clientWidth + m, this.svg.clientHeight + m);
      const stroke = COLOURS[i % COLOURS.length];
      if (hull.length >= 3)
        out.push(el('polygon', { points: hull.map((p) => p.join(',')).join(' '), class: 'sector', stroke }));
      const [lx, ly] = sp.reduce(([a, b], [x, y]) => [a + x / sp.length, b + y / sp.length], [0, 0]);
      out.push(el('text', { x: lx + 8, y: ly - 8, class: 'sector-label' }, sector));
    }
    return out;
  }

  dotItem(p) {
    const kinds = this.alarmed.get(p.cam.id);
    const unlawful = p.cam.legalBasis?.filmsWithoutBasis === true;
    const label =
      `${p.cam.name} (${p.cam.id}) — ${t(`map.state.${p.state}`)}${kinds ? ` (${kinds.join(', ')})` : ''}` +
      (unlawful ? ` — ${t('basis.missing')}` : '');
    const g = el('g', {
      class: 'cam',
      role: 'button',
      tabindex: -1,
      transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`,
      'data-camera': p.cam.id,
      'data-cameras': p.cam.id,
      'data-state': p.state,
      'data-x': p.x.toFixed(1),
      'data-y': p.y.toFixed(1),
      'aria-label': label,
    });
    g.append(el('title', {}, label), ...marker(p.state, DOT));
    // Filming without a basis: an exclamation mark beside the dot, whatever its state (said in the label too).
    if (unlawful) {
      g.dataset.legal = 'missing';
      g.append(el('text', { class: 'legal-flag', x: -DOT - 8, y: 5 }, '!'));
    }
    g.addEventListener('click', () => this.activate(g));
    return g;
  }

  clusterItem(c) {
    const state = worst(c.members.map((m) => m.state));
    const label = t('map.cluster', { n: c.members.length, state: t(`map.state.${state}`) });
    const g = el('g', {
      class: 'cluster',
      role: 'button',
      tabindex: -1,
      transform: `translate(${c.x.toFixed(1)} ${c.y.toFixed(1)})`,
      'data-cameras': c.members.map((m) => m.cam.id).join(' '),
      'data-count': c.members.length,
      'data-state': state,
      'data-x': c.x.toFixed(1),
      'data-y': c.y.toFixed(1),
      'aria-label': label,
    });
    g.append(
      el('title', {}, label),
      ...marker(state, CLUSTER).slice(0, -1),
      el('text', { class: 'count', y: 4 }, c.members.length),
    );
    g.addEventListener('click', () => this.activate(g));
    return g;
  }

  /** A camera's marker opens its live view; a cluster zooms in on its cameras until they come apart. */
  activate(item) {
    if (item.dataset.camera) return this.watch(this.placed.find((c) => c.id === item.dataset.camera));
    const v = this.view();
    const ids = item.dataset.cameras.split(' ');
    const cams = this.placed.filter((c) => ids.includes(c.id));
    const pts = cams.map((c) => v.px(mercator(c.position.lon, c.position.lat)));
    const factor = Math.max(
      2,
      separatingFactor(
        pts.map(([x, y]) => ({ x, y })),
        GAP,
      ),
    );
    const m = cams.map((c) => mercator(c.position.lon, c.position.lat));
    this.centre = [m.reduce((a, p) => a + p[0], 0) / m.length, m.reduce((a, p) => a + p[1], 0) / m.length];
    this.zoom = Math.min(MAX_ZOOM, this.zoom * factor);
    this.current = ids[0];
    this.render();
    this.svg.querySelector('[tabindex="0"]')?.focus();
  }

  /** Zooms by `factor` keeping the point at pixel (x, y) where it is (the view's middle by default). */
  zoomAt(factor, x, y) {
    const v = this.view();
    if (!v) return;
    const [px, py] = [x ?? v.w / 2, y ?? v.h / 2];
    const zoom = Math.min(MAX_ZOOM, Math.max(0.5, this.zoom * factor));
    const m = [v.x0 + px / v.s, v.y0 + py / v.s];
    const s = (v.s * zoom) / this.zoom;
    this.zoom = zoom;
    this.centre = [m[0] - (px - v.w / 2) / s, m[1] - (py - v.h / 2) / s];
    this.render();
  }

  /** Moves the view by (dx, dy) pixels. */
  pan(dx, dy) {
    const v = this.view();
    if (!v) return;
    this.centre = [(v.x0 + v.x1) / 2 + dx / v.s, (v.y0 + v.y1) / 2 + dy / v.s];
    this.render();
  }

  fit() {
    this.zoom = 1;
    this.centre = undefined;
    this.render();
  }

  /** The legend: each state's marker, its name and how many cameras are in it now (a text alternative to colour). */
  drawLegend(points) {
    this.legend.replaceChildren(
      ...STATES.map((state) => {
        const li = document.createElement('li');
        li.dataset.state = state;
        const icon = el('svg', { viewBox: '-10 -10 20 20', width: 16, height: 16, 'aria-hidden': 'true' });
        icon.append(...marker(state, DOT));
        li.append(icon, ` ${t(`map.state.${state}`)} (${points.filter((p) => p.state === state).length})`);
        return li;
      }),
    );
    // The legal flag has its line only when a camera on the map carries it (a lawful fleet is not told about it).
    const unlawful = points.filter((p) => p.cam.legalBasis?.filmsWithoutBasis).length;
    if (unlawful) {
      const li = document.createElement('li');
      li.dataset.legal = 'missing';
      li.append(
        Object.assign(document.createElement('span'), { className: 'legal-badge', textContent: '!' }),
        ` ${t('basis.missing')} (${unlawful})`,
      );
      this.legend.append(li);
    }
  }

  watch(cam) {
    if (!cam) return;
    this.player?.stop();
    const video = this.popup.querySelector('video');
    const caption = this.popup.querySelector('figcaption');
    caption.textContent = `${cam.name} (${cam.id}) `;
    // Blurred or clear, as the wall's tiles say it, with Reveal / End for those who may.
    const privacy = new TilePrivacy(caption, cam, this.privacy);
    this.popup.dataset.camera = cam.id;
    this.popup.hidden = false;
    this.player = new LivePlayer(video, liveUrl(cam.id, 'sub'), { onInit: (init) => privacy.update(init) });
    this.player.start();
  }

  /** A reveal of this camera made or ended: the live view opens again (the centre serves it clear or blurred). */
  reconnect(cameraId) {
    if (this.popup.dataset.camera === cameraId) this.player?.reconnect();
  }

  /** Closes the live view; leaving the map also stops the health polling. */
  stop(leaving = true) {
    this.player?.stop();
    this.player = undefined;
    this.popup.hidden = true;
    delete this.popup.dataset.camera;
    if (leaving) clearInterval(this.poll);
    else this.svg.querySelector('[tabindex="0"]')?.focus();
  }
}
