// The video wall: a grid of live tiles (1, 4, 9 or 16, 1+5, 1+7), one page of the cameras the user may see at a time;
// a camera dragged from the tree onto a tile, or placed by keyboard (wall-place.js), replaces it; a tour (tours.js)
// cycles cameras on one tile. The layout is kept by the centre, per window (wall-panel.js).
import { liveLabel, t } from './i18n.js';
import { LivePlayer, liveUrl } from './live-player.js';
import { TileClock } from './tile-clock.js';
import { TilePrivacy } from './tile-privacy.js';
import { applyLayout, bindMaximise, LAYOUTS, layoutOf } from './wall-layout.js';

export class Wall {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.cameras = [];
    this.size = 2;
    /** The layout id (wall-layout.js): '1'..'4' square grids, '1+5', '1+7'. */
    this.layout = '2';
    this.page = 0;
    this.players = [];
    /** Tile index → camera id chosen by drag and drop (this page). */
    this.pinned = {};
    /** The named layout shown (prefs `layouts`), until the layout is changed by hand. */
    this.named = undefined;
    /** Tile index → camera shown by a running tour (not saved: the tour is). */
    this.touring = new Map();
    this.alarmed = new Set();
    /** Cameras with an alarm nobody has acknowledged yet: their tiles flash. */
    this.flashing = new Set();
    this.clocks = [];
    this.user = '';
    /** Who may reveal, and what Reveal / End do (app.js: the dialog and the API). */
    this.privacy = { canReveal: false, reveal: () => {}, end: () => {} };
    bindMaximise(root);
  }

  /** @param {{ size: number, pinned: Record<string, string> } | undefined} saved the user's layout, from the centre */
  setCameras(cameras, saved, persist) {
    this.cameras = cameras;
    this.page = 0;
    this.persist = persist ?? (() => {});
    if (saved) {
      this.layout = layoutOf(saved.layout ?? saved.size);
      this.size = LAYOUTS[this.layout].cols;
      this.pinned = saved.pinned ?? {};
      this.named = saved.name;
    }
  }

  /** Shows a named layout (its grid and pinned cameras) from the first page. */
  applyNamed(named) {
    this.layout = layoutOf(named.layout);
    this.pinned = { ...named.pinned };
    this.show(this.layout, 0);
    this.named = named.name;
    this.save();
  }

  /** Places a camera on a tile of the page (drag and drop, keyboard): only that tile is rebuilt. */
  place(index, cameraId) {
    this.pinned[index] = cameraId;
    this.touring.delete(index);
    this.replaceTile(index);
    this.save();
  }

  /** A tour's camera on a tile (undefined: the tile goes back to its own camera). */
  tour(index, cameraId) {
    if (cameraId) this.touring.set(index, cameraId);
    else this.touring.delete(index);
    this.replaceTile(index);
  }

  replaceTile(index) {
    const old = this.root.querySelector(`.tile[data-index="${index}"]`);
    if (!old) return;
    this.players[index]?.stop();
    this.clocks[index]?.stop();
    const el = this.tile(this.cameraAt(index), index);
    el.className = `${el.className} ${[...old.classList].filter((c) => c === 'maximised').join(' ')}`.trim();
    el.style.gridArea = old.style.gridArea;
    const focused = old.contains(document.activeElement);
    old.replaceWith(el);
    if (focused) el.focus();
  }

  /** The camera on tile `index` of this page: a tour's, else the one placed there, else the page's. */
  cameraAt(index) {
    const per = LAYOUTS[this.layout].tiles;
    const byId = (id) => (id ? this.cameras.find((c) => c.id === id) : undefined);
    return (
      byId(this.touring.get(index)) ??
      byId(this.pinned[index]) ??
      this.cameras[this.page * per + index] ??
      this.cameras[0]
    );
  }

  /** Kept by the centre per user (PUT /api/me/preferences), so it follows the user to any console. */
  save() {
    const wall = { size: this.size, layout: this.layout, pinned: this.pinned, ...(this.named && { name: this.named }) };
    const json = JSON.stringify(wall);
    if (json === this.lastSaved) return;
    this.lastSaved = json;
    this.persist(wall);
  }

  /**
   * A reveal of this camera was made or ended by this user: its tiles open a new view, which the centre serves clear
   * or blurred (a view's privacy is decided when it opens).
   */
  reconnect(cameraId) {
    for (const tile of this.root.querySelectorAll('.tile'))
      if (tile.dataset.camera === cameraId) this.players[Number(tile.dataset.index)]?.reconnect();
  }

  /** Marks (or clears) the tiles of a camera with an open alarm. */
  alarm(cameraId, on) {
    if (on) this.alarmed.add(cameraId);
    else this.alarmed.delete(cameraId);
    for (const t of this.root.querySelectorAll('.tile'))
      t.classList.toggle('alarm', this.alarmed.has(t.dataset.camera));
  }

  /** The tiles of cameras with an unacknowledged alarm flash until it is acknowledged. */
  flash(cameraIds) {
    this.flashing = cameraIds;
    for (const t of this.root.querySelectorAll('.tile')) t.classList.toggle('flash', cameraIds.has(t.dataset.camera));
  }

  /** Live analytics health of the cameras (GET /api/analytics/health): a badge on tiles whose analysis is impaired. */
  analytics(list) {
    this.impaired = new Map();
    for (const h of list) {
      if (h.state === 'failed') this.impaired.set(h.cameraId, 'failed');
      else if (h.behind) this.impaired.set(h.cameraId, 'behind');
    }
    for (const t of this.root.querySelectorAll('.tile')) this.analyticsBadge(t);
  }

  analyticsBadge(tile) {
    const badge = tile.querySelector('.analytics-badge');
    const why = this.impaired?.get(tile.dataset.camera);
    badge.hidden = !why;
    // The reason in words, and as data for tests and styles (failed / behind).
    badge.textContent = why ? t(`wall.analytics.${why}`) : '';
    if (why) badge.dataset.why = why;
    else delete badge.dataset.why;
  }

  get pages() {
    return Math.max(1, Math.ceil(this.cameras.length / LAYOUTS[this.layout].tiles));
  }

  show(layout = this.layout, page = this.page) {
    const id = layoutOf(layout);
    if (id !== this.layout) {
      this.pinned = {};
      this.named = undefined;
    }
    this.layout = id;
    this.size = LAYOUTS[id].cols;
    this.page = Math.min(Math.max(0, page), this.pages - 1);
    this.clear();
    this.root.classList.remove('has-maximised');
    const per = LAYOUTS[id].tiles;
    const count = Math.min(per, Math.max(0, this.cameras.length - this.page * per));
    const cams = Array.from({ length: count }, (_, i) => this.cameraAt(i));
    if (!cams.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = t('wall.empty');
      this.root.append(p);
    }
    cams.forEach((cam, i) => {
      this.root.append(this.tile(cam, i));
    });
    applyLayout(this.root, id, this.root.querySelectorAll('.tile'));
    this.save();
  }

  clear() {
    for (const p of this.players) p?.stop();
    for (const c of this.clocks) c?.stop();
    this.players = [];
    this.clocks = [];
    this.root.replaceChildren();
  }

  tile(cam, index) {
    const el = document.createElement('figure');
    el.className = this.alarmed.has(cam.id) ? 'tile alarm' : 'tile';
    el.classList.toggle('flash', this.flashing.has(cam.id));
    el.dataset.camera = cam.id;
    el.dataset.index = String(index);
    // Focusable so that the keyboard reaches it: Enter / F maximise, Escape restores (wall-layout.js).
    el.tabIndex = 0;
    el.setAttribute('aria-label', t('wall.tile.label', { n: index + 1, name: cam.name }));
    el.addEventListener('dragover', (e) => e.preventDefault());
    el.addEventListener('drop', (e) => {
      e.preventDefault();
      const id = e.dataTransfer.getData('text/x-vigie-camera');
      if (!id) return;
      this.place(index, id);
    });
    const video = document.createElement('video');
    video.autoplay = true;
    const cap = document.createElement('figcaption');
    const name = document.createElement('span');
    name.textContent = cam.name;
    name.title = `${cam.id} — ${cam.address ?? ''}`;
    const badge = document.createElement('span');
    badge.className = 'badge';
    const impaired = document.createElement('span');
    impaired.className = 'analytics-badge';
    impaired.title = t('wall.analytics.title');
    const clock = document.createElement('span');
    clock.className = 'picture-time';
    // The tile's number, shown while a camera is being placed by keyboard (wall-place.js).
    const number = document.createElement('span');
    number.className = 'tile-number';
    number.textContent = String(index + 1);
    cap.append(number, name, impaired, clock, badge);
    const privacy = new TilePrivacy(cap, cam, this.privacy);
    el.append(video, cap);
    this.clocks[index] = new TileClock(video, el, clock);
    this.analyticsBadge(el);
    const player = new LivePlayer(video, liveUrl(cam.id, 'sub'), {
      onStatus: (s) => {
        badge.textContent = liveLabel(s);
        badge.dataset.status = s;
      },
      onInit: (init) => privacy.update(init),
    });
    player.start();
    this.players[index] = player;
    return el;
  }
}
