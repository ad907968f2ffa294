// Keyboard on the map: the markers (cameras and clusters) are one tab stop (a roving tabindex), not one per camera
// (238 on the demo). The arrows go to the nearest marker in their direction, Home / End to the first and last;
// Enter or Space opens the camera's live view (or zooms into a cluster); + and − zoom on the focused marker, 0 shows
// the whole fleet again, Shift + arrows pan, Escape closes the live view.

const STEP = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
const PAN = 0.25; // of the view's size, per Shift + arrow

/** @param {HTMLElement} root the map section @param {import('./map.js').FleetMap} map */
export function bindMapKeys(root, map) {
  root.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target instanceof HTMLInputElement) return;
    if (e.target.closest?.('[role=toolbar]') && STEP[e.key] && !e.shiftKey) return toolbar(e);
    const item = e.target.closest?.('[data-cameras]');
    const at = item ? [Number(item.dataset.x), Number(item.dataset.y)] : [undefined, undefined];
    if (e.key === '+' || e.key === '=') map.zoomAt(2, ...at);
    else if (e.key === '-' || e.key === '_') map.zoomAt(0.5, ...at);
    else if (e.key === '0') map.fit();
    else if (e.key === 'Escape' && !map.popup.hidden) map.stop(false);
    else if (STEP[e.key] && e.shiftKey) {
      const [dx, dy] = STEP[e.key];
      map.pan(dx * PAN * map.svg.clientWidth, dy * PAN * map.svg.clientHeight);
    } else if (!item) return;
    else if (e.key === 'Enter' || e.key === ' ') map.activate(item);
    else if (STEP[e.key] || e.key === 'Home' || e.key === 'End') move(map, item, e.key);
    else return;
    // After a zoom or a pan the markers are new: the one holding the tab stop takes the focus back.
    if (item && !item.isConnected) map.svg.querySelector('[tabindex="0"]')?.focus();
    e.preventDefault();
    e.stopPropagation();
  });
}

/** Roves the tab stop to the next marker: the nearest in the arrow's direction, favouring those straight ahead. */
function move(map, from, key) {
  const items = [...map.svg.querySelectorAll('[data-cameras]')];
  let next;
  if (key === 'Home') next = items[0];
  else if (key === 'End') next = items[items.length - 1];
  else {
    const [ux, uy] = STEP[key];
    let best = Infinity;
    for (const it of items) {
      const dx = Number(it.dataset.x) - Number(from.dataset.x);
      const dy = Number(it.dataset.y) - Number(from.dataset.y);
      const ahead = dx * ux + dy * uy;
      if (it === from || ahead <= 0.5) continue;
      const score = ahead + 2 * Math.abs(dx * uy - dy * ux);
      if (score < best) [best, next] = [score, it];
    }
  }
  if (!next) return;
  from.setAttribute('tabindex', '-1');
  next.setAttribute('tabindex', '0');
  next.focus();
  // A marker outside the view is brought into it (keyboard panning by moving between cameras).
  const [x, y] = [Number(next.dataset.x), Number(next.dataset.y)];
  if (x < 0 || y < 0 || x > map.svg.clientWidth || y > map.svg.clientHeight)
    map.pan(x - map.svg.clientWidth / 2, y - map.svg.clientHeight / 2);
}

/** The zoom buttons are one tab stop too: the arrows move between them. */
function toolbar(e) {
  const buttons = [...e.target.closest('[role=toolbar]').querySelectorAll('button')];
  const i = buttons.indexOf(e.target);
  const next = buttons[(i + STEP[e.key][0] + STEP[e.key][1] + buttons.length) % buttons.length];
  for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
  next.focus();
  e.preventDefault();
  e.stopPropagation();
}
