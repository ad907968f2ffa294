// Placing a camera on a tile without the mouse: once a camera is picked in the tree (Enter or P), the tiles show their
// numbers; a number key 1-9 places it on that tile, or the arrows move between tiles and Enter places it on the
// focused one; Escape (or leaving the wall) cancels. The keys are caught before the tiles' own (maximise) and the
// console's (layout keys 1-4), only while placing.
import { LAYOUTS } from './wall-layout.js';

/**
 * @param {HTMLElement} root the wall
 * @param {() => string} layout the current layout id
 * @param {(index: number, cameraId: string) => void} place
 * @param {(cameraId: string | null) => void} done called with the camera placed, or null when cancelled
 */
export function bindPlacement(root, layout, place, done) {
  let cameraId = null;
  const tiles = () => [...root.querySelectorAll('.tile')];
  const stop = (placed) => {
    if (!cameraId) return;
    cameraId = null;
    root.classList.remove('placing');
    done(placed);
  };
  root.addEventListener(
    'keydown',
    (e) => {
      if (!cameraId || e.altKey || e.ctrlKey || e.metaKey) return;
      const all = tiles();
      const here = all.indexOf(e.target.closest?.('.tile'));
      const cols = LAYOUTS[layout()].cols;
      const move = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols }[e.key];
      let target;
      if (/^[1-9]$/.test(e.key)) target = Number(e.key) - 1;
      else if (e.key === 'Enter' || e.key === ' ') target = here;
      if (target !== undefined && all[target]) {
        // Out of placing first: the tile rebuilt under the focus must not read as leaving the wall (a cancel).
        const id = cameraId;
        cameraId = null;
        root.classList.remove('placing');
        place(target, id);
        done(id);
      } else if (move !== undefined) all[Math.min(all.length - 1, Math.max(0, here + move))]?.focus();
      else if (e.key === 'Escape') stop(null);
      else if (e.key !== 'Tab') return;
      if (e.key === 'Tab') return;
      e.preventDefault();
      e.stopPropagation();
    },
    true,
  );
  root.addEventListener('focusout', (e) => {
    if (cameraId && !root.contains(e.relatedTarget)) stop(null);
  });
  return {
    /** Starts placing `id`: the tiles show their numbers, the first takes the focus. */
    start(id) {
      cameraId = id;
      root.classList.add('placing');
      const all = tiles();
      all[0]?.focus();
      if (!all.length) stop(null);
    },
    get active() {
      return cameraId !== null;
    },
  };
}
