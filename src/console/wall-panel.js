// Everything around the wall's tiles: the camera tree and keyboard placement, named layouts, pop-out windows and
// tours, and where this window keeps its wall in the user's preferences: the main window in `wall`, a pop-out window
// (opened as /?wall=<id>, for another monitor) in `windows[id]`, so that two monitors never overwrite each other.
import { CameraTree } from './camera-tree.js';
import { t } from './i18n.js';
import { updatePrefs } from './prefs.js';
import { TourRunner } from './tours.js';
import { bindPlacement } from './wall-place.js';

const $ = (id) => document.getElementById(id);
const option = (value, text) => Object.assign(document.createElement('option'), { value, textContent: text });

/** This window's id when it is a pop-out (?wall=2), else null (the main window). */
export function popoutId() {
  const id = new URLSearchParams(location.search).get('wall');
  return id && /^[\w-]{1,32}$/.test(id) ? id : null;
}

export class WallPanel {
  /**
   * @param {import('./wall.js').Wall} wall
   * @param {(method: string, path: string, body?: unknown) => Promise<{status: number, json: any}>} api
   * @param {(prefs: object) => void} onPrefs the preferences as saved, after each change
   * @param {() => void} onShown after the wall was redrawn here (layout select, page number)
   */
  constructor(wall, api, onPrefs, onShown) {
    this.wall = wall;
    this.api = api;
    this.onPrefs = onPrefs;
    this.onShown = onShown;
    this.windowId = popoutId();
    this.layouts = [];
    this.tours = [];
    this.popouts = 1;
    this.tree = new CameraTree($('camera-list'), $('camera-search'), (id) => this.startPlacing(id));
    this.placement = bindPlacement(
      wall.root,
      () => wall.layout,
      (index, id) => wall.place(index, id),
      (id) => {
        const cam = wall.cameras.find((c) => c.id === id);
        const tile = Object.entries(wall.pinned).find(([, c]) => c === id)?.[0];
        this.say(id ? t('wall.place.done', { name: cam?.name ?? id, n: Number(tile) + 1 }) : t('wall.place.cancel'));
        if (!this.windowId) this.tree.refocus();
      },
    );
    this.runner = new TourRunner(wall);
    this.bind();
    if (this.windowId) document.body.classList.add('popout');
  }

  bind() {
    $('named-layout').addEventListener('change', (e) => {
      const named = this.layouts.find((l) => l.name === e.target.value);
      if (named) this.wall.applyNamed(named);
      else {
        this.wall.named = undefined;
        this.wall.save();
      }
      this.onShown();
    });
    $('layout-save').addEventListener('click', () => this.saveLayout());
    $('layout-delete').addEventListener('click', () => this.deleteLayout());
    $('popout').addEventListener('click', () => {
      const named = $('named-layout').value;
      this.popouts += 1;
      const url = `/?wall=${this.popouts}${named ? `&layout=${encodeURIComponent(named)}` : ''}`;
      window.open(url, `vigie-wall-${this.popouts}`, 'popup=yes,width=1280,height=720');
    });
    $('tour-toggle').addEventListener('click', () => this.toggleTour());
    $('tour-save').addEventListener('click', () => this.saveTour());
    $('tour-delete').addEventListener('click', () => this.deleteTour());
  }

  /** @param {object} prefs the user's preferences as loaded */
  async setCameras(cameras, prefs) {
    const id = this.windowId;
    this.layouts = prefs.layouts ?? [];
    this.tours = prefs.tours ?? [];
    let saved = id ? prefs.windows?.[id] : prefs.wall;
    // A pop-out opened on a named layout starts with it; reloaded, it keeps its own wall (the name leaves the URL).
    const asked = new URLSearchParams(location.search).get('layout');
    const named = asked && this.layouts.find((l) => l.name === asked);
    if (named) {
      saved = { size: 0, ...named };
      history.replaceState(null, '', `/?wall=${id}`);
    }
    this.wall.setCameras(cameras, saved, (wall) => this.persist(wall));
    if (id) for (const b of document.querySelectorAll('nav button')) b.hidden = b.dataset.view !== 'wall';
    this.fillSelects();
    const sectors = await this.api('GET', '/api/sectors');
    this.tree.setCameras(cameras, Array.isArray(sectors.json) ? sectors.json : []);
    this.pollHealth();
  }

  pollHealth() {
    clearTimeout(this.healthTimer);
    this.api('GET', '/api/streams/health').then((r) => {
      if (Array.isArray(r.json)) this.tree.setHealth(new Map(r.json.map((h) => [h.cameraId, h])));
    });
    this.healthTimer = setTimeout(() => this.pollHealth(), 10_000);
  }

  /** This window's wall, into its own place in the preferences. */
  async persist(wall) {
    const id = this.windowId;
    const r = await updatePrefs(this.api, (p) => {
      if (id) p.windows = { ...p.windows, [id]: wall };
      else p.wall = wall;
      return p;
    });
    this.after(r);
  }

  after(r) {
    if (r.status === 200) {
      this.layouts = r.json.layouts ?? [];
      this.tours = r.json.tours ?? [];
      this.onPrefs(r.json);
    } else this.say(t('wall.refused', { message: r.json.message ?? r.status }));
    this.fillSelects();
    return r.status === 200;
  }

  fillSelects() {
    const named = $('named-layout');
    named.replaceChildren(option('', t('wall.named.none')), ...this.layouts.map((l) => option(l.name, l.name)));
    named.value = this.wall.named ?? '';
    const tour = $('tour-select');
    const was = tour.value;
    tour.replaceChildren(option('', t('wall.tour.none')), ...this.tours.map((x) => option(x.name, x.name)));
    tour.value = this.runner.running?.name ?? (this.tours.some((x) => x.name === was) ? was : '');
  }

  say(text) {
    $('wall-message').textContent = text;
  }

  startPlacing(cameraId) {
    const cam = this.wall.cameras.find((c) => c.id === cameraId);
    this.placement.start(cameraId);
    this.say(t('wall.place.start', { name: cam?.name ?? cameraId }));
  }

  async saveLayout() {
    const name = $('layout-name').value.trim().slice(0, 60);
    if (!name) return this.say(t('wall.layout.noname'));
    const layout = { name, layout: this.wall.layout, pinned: { ...this.wall.pinned } };
    const others = this.layouts.filter((l) => l.name !== name);
    if (others.length >= 20) return this.say(t('wall.layout.full'));
    const r = await updatePrefs(this.api, (p) => {
      p.layouts = [...(p.layouts ?? []).filter((l) => l.name !== name), layout];
      return p;
    });
    if (!this.after(r)) return;
    this.wall.named = name;
    this.wall.save();
    this.fillSelects();
    $('layout-name').value = '';
    this.say(t('wall.layout.saved', { name }));
  }

  async deleteLayout() {
    const name = $('named-layout').value;
    if (!name) return this.say(t('wall.layout.noname'));
    const r = await updatePrefs(this.api, (p) => {
      p.layouts = (p.layouts ?? []).filter((l) => l.name !== name);
      return p;
    });
    if (!this.after(r)) return;
    this.wall.named = undefined;
    this.wall.save();
    this.fillSelects();
    this.say(t('wall.layout.deleted', { name }));
  }

  async saveTour() {
    const name = $('tour-name').value.trim().slice(0, 60);
    if (!name) return this.say(t('wall.layout.noname'));
    const cameras = this.tree.listed().slice(0, 64);
    if (!cameras.length) return this.say(t('wall.tour.nocamera'));
    const dwell = Math.round(Number($('tour-dwell').value));
    const tile = Math.round(Number($('tour-tile').value)) - 1;
    // Said here in the user's words; the API refuses the same bounds anyway.
    if (!(dwell >= 5 && dwell <= 600)) return this.say(t('wall.tour.dwellRange'));
    if (!(tile >= 0 && tile <= 15)) return this.say(t('wall.tour.tileRange'));
    const tour = { name, cameras, dwell, tile };
    const r = await updatePrefs(this.api, (p) => {
      p.tours = [...(p.tours ?? []).filter((x) => x.name !== name), tour];
      return p;
    });
    if (!this.after(r)) return;
    $('tour-select').value = name;
    this.say(t('wall.tour.saved', { name, n: cameras.length }));
  }

  async deleteTour() {
    const name = $('tour-select').value;
    if (!name) return;
    if (this.runner.running?.name === name) this.toggleTour();
    const r = await updatePrefs(this.api, (p) => {
      p.tours = (p.tours ?? []).filter((x) => x.name !== name);
      return p;
    });
    this.after(r);
  }

  toggleTour() {
    const button = $('tour-toggle');
    if (this.runner.running) {
      this.runner.stop();
      this.say(t('wall.tour.stopped'));
    } else {
      const tour = this.tours.find((x) => x.name === $('tour-select').value);
      if (tour && this.runner.start(tour))
        this.say(t('wall.tour.running', { name: tour.name, n: this.runner.running.tile + 1 }));
    }
    const on = !!this.runner.running;
    button.setAttribute('aria-pressed', String(on));
    button.textContent = t(on ? 'wall.tour.stop' : 'wall.tour.start');
  }
}
