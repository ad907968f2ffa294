// The camera tree beside the wall: cameras grouped by sector, a search by name, id or address, each camera's state in
// words. An ARIA tree with a roving tabindex, so that it is ONE tab stop however many cameras (231 on the demo): the
// arrows move, Right / Left open and close a sector, Enter (or P) on a camera starts placing it on a tile; a camera
// can still be dragged onto a tile.
import { statusLabel, t } from './i18n.js';

/** The state shown beside a camera: the live stream's when it is in service, else its fleet status. */
export function cameraState(cam, health) {
  if (cam.status !== 'active') return { state: cam.status, word: statusLabel(cam.status) };
  const h = health.get(cam.id)?.state;
  const state = h === 'online' ? 'streaming' : h === 'starting' ? 'starting' : 'offline';
  return { state, word: t(`wall.cam.${state}`) };
}

const fold = (s) =>
  String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export class CameraTree {
  /** @param {HTMLUListElement} ul @param {HTMLInputElement} search @param {(cameraId: string) => void} pick */
  constructor(ul, search, pick) {
    this.ul = ul;
    this.search = search;
    this.pick = pick;
    this.cameras = [];
    this.sectors = new Map();
    this.health = new Map();
    /** Sectors the user closed (all open at first). */
    this.closed = new Set();
    /** The item holding the tab stop: 's:<sector>' or 'c:<camera>'. */
    this.active = '';
    ul.addEventListener('keydown', (e) => this.key(e));
    ul.addEventListener('click', (e) => {
      const item = e.target.closest('[role=treeitem]');
      if (!item) return;
      this.focus(item);
      if (item.dataset.sector && e.target.closest('.sector-name')) this.toggle(item.dataset.sector);
    });
    search.addEventListener('input', () => this.render());
    // Down from the search box goes to the first camera found.
    search.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown') return;
      e.preventDefault();
      const first = this.ul.querySelector('[data-camera]') ?? this.items()[0];
      if (first) this.focus(first);
    });
  }

  /** @param {{id: string, name: string}[]} sectors */
  setCameras(cameras, sectors) {
    this.cameras = cameras;
    this.sectors = new Map(sectors.map((s) => [s.id, s.name]));
    this.render();
  }

  setHealth(health) {
    this.health = health;
    for (const li of this.ul.querySelectorAll('[data-camera]')) {
      const cam = this.cameras.find((c) => c.id === li.dataset.camera);
      if (cam) this.stateInto(li.querySelector('.cam-state'), cam);
    }
  }

  /** The cameras the search lists, in the tree's order (a tour is made of them). */
  listed() {
    return [...this.ul.querySelectorAll('[data-camera]')].map((li) => li.dataset.camera);
  }

  matches(cam) {
    const q = fold(this.search.value.trim());
    return !q || [cam.name, cam.id, cam.address].some((v) => fold(v).includes(q));
  }

  render() {
    const hadFocus = this.ul.contains(document.activeElement);
    const bySector = new Map();
    for (const c of this.cameras.filter((c) => this.matches(c))) {
      if (!bySector.has(c.sectorId)) bySector.set(c.sectorId, []);
      bySector.get(c.sectorId).push(c);
    }
    const searching = this.search.value.trim() !== '';
    const name = (id) => this.sectors.get(id) ?? id ?? t('wall.sector.none');
    const groups = [...bySector].sort(([a], [b]) => name(a).localeCompare(name(b)));
    // A flat tree (aria-level), not nested lists: a sector is named by its own line, not by the cameras under it.
    this.ul.replaceChildren(
      ...groups.flatMap(([sector, cams]) => {
        const open = searching || !this.closed.has(sector);
        const li = document.createElement('li');
        li.setAttribute('role', 'treeitem');
        li.setAttribute('aria-expanded', String(open));
        li.setAttribute('aria-level', '1');
        li.dataset.sector = sector;
        li.dataset.key = `s:${sector}`;
        const head = document.createElement('span');
        head.className = 'sector-name';
        head.textContent = `${name(sector)} (${cams.length})`;
        li.append(head);
        const items = cams.sort((a, b) => a.name.localeCompare(b.name)).map((c) => this.cameraItem(c));
        for (const i of items) i.hidden = !open;
        return [li, ...items];
      }),
    );
    const items = this.items();
    const keep = items.find((i) => i.dataset.key === this.active) ?? items[0];
    for (const i of this.ul.querySelectorAll('[role=treeitem]')) i.tabIndex = i === keep ? 0 : -1;
    if (keep) this.active = keep.dataset.key;
    if (hadFocus) keep?.focus();
    this.search.setAttribute('aria-description', t('wall.found', { n: this.listed().length }));
  }

  cameraItem(c) {
    const li = document.createElement('li');
    li.setAttribute('role', 'treeitem');
    li.setAttribute('aria-level', '2');
    li.dataset.camera = c.id;
    li.dataset.parent = c.sectorId;
    li.dataset.key = `c:${c.id}`;
    li.draggable = true;
    li.title = [c.id, c.address].filter(Boolean).join(' — ');
    li.addEventListener('dragstart', (e) => e.dataTransfer.setData('text/x-vigie-camera', c.id));
    const name = document.createElement('span');
    name.textContent = c.name;
    const state = document.createElement('span');
    this.stateInto(state, c);
    li.append(name, state);
    return li;
  }

  stateInto(span, cam) {
    const { state, word } = cameraState(cam, this.health);
    span.className = 'cam-state';
    span.dataset.state = state;
    span.textContent = word;
  }

  /** The items the arrows walk through: sectors, and the cameras of open sectors. */
  items() {
    return [...this.ul.querySelectorAll('[role=treeitem]')].filter((i) => !i.hidden);
  }

  focus(item) {
    for (const i of this.ul.querySelectorAll('[tabindex="0"]')) i.tabIndex = -1;
    item.tabIndex = 0;
    this.active = item.dataset.key;
    item.focus();
  }

  /** Focus back on the tree (after a placement), on the item that had it. */
  refocus() {
    (this.ul.querySelector('[tabindex="0"]') ?? this.items()[0])?.focus();
  }

  toggle(sector) {
    if (this.closed.has(sector)) this.closed.delete(sector);
    else this.closed.add(sector);
    this.active = `s:${sector}`;
    this.render();
  }

  key(e) {
    const item = e.target.closest?.('[role=treeitem]');
    if (!item || e.altKey || e.ctrlKey || e.metaKey) return;
    const items = this.items();
    const i = items.indexOf(item);
    const sector = item.dataset.sector;
    const open = item.getAttribute('aria-expanded') === 'true';
    let to;
    if (e.key === 'ArrowDown') to = items[i + 1];
    else if (e.key === 'ArrowUp') to = items[i - 1];
    else if (e.key === 'Home') to = items[0];
    else if (e.key === 'End') to = items.at(-1);
    else if (e.key === 'ArrowRight' && sector) {
      if (!open) this.toggle(sector);
      else if (items[i + 1]?.dataset.camera) to = items[i + 1];
    } else if (e.key === 'ArrowLeft') {
      if (sector && open && !this.search.value.trim()) this.toggle(sector);
      else if (!sector) to = items.slice(0, i).findLast((x) => x.dataset.sector);
    } else if ((e.key === 'Enter' || e.key === ' ') && sector) {
      if (!this.search.value.trim()) this.toggle(sector);
    } else if ((e.key === 'Enter' || e.key === 'p' || e.key === 'P') && item.dataset.camera)
      this.pick(item.dataset.camera);
    else return;
    e.preventDefault();
    e.stopPropagation();
    if (to) this.focus(to);
  }
}
