// The wall's layouts: square grids (1, 2x2, 3x3, 4x4) and "one large plus small ones" (1+5 on a 3x3 grid, 1+7 on a
// 4x4 grid) where the first tile spans the top-left block. Every layout fills exactly the space it is given: rows and
// columns are fractions with a zero minimum, so a video's own size can never push the wall past the screen.

/** Layout id → grid side and number of tiles; `big` is how many cells per side the first tile spans. */
export const LAYOUTS = {
  1: { cols: 1, tiles: 1, big: 1 },
  2: { cols: 2, tiles: 4, big: 1 },
  3: { cols: 3, tiles: 9, big: 1 },
  4: { cols: 4, tiles: 16, big: 1 },
  '1+5': { cols: 3, tiles: 6, big: 2 },
  '1+7': { cols: 4, tiles: 8, big: 3 },
};

/** A known layout id; an unknown or old saved value (a number of tiles per side) falls back to its square grid. */
export function layoutOf(value) {
  const id = String(value);
  return id in LAYOUTS ? id : '2';
}

/** Sets the grid on the wall element and the span of the first tile. */
export function applyLayout(root, id, tiles) {
  const { cols, big } = LAYOUTS[id];
  root.style.setProperty('--cols', String(cols));
  root.dataset.layout = id;
  const first = tiles[0];
  if (first && big > 1) first.style.gridArea = `1 / 1 / span ${big} / span ${big}`;
}

/**
 * Maximise and restore of one tile: double-click, or Enter / F on a focused tile; Escape (or the same again)
 * restores. The maximised tile fills the wall; the others stay in the page (their players keep running) but hidden.
 */
export function bindMaximise(root) {
  const toggle = (tile) => {
    const on = !tile.classList.contains('maximised');
    for (const t of root.querySelectorAll('.tile.maximised')) t.classList.remove('maximised');
    tile.classList.toggle('maximised', on);
    root.classList.toggle('has-maximised', on);
    tile.focus();
  };
  root.addEventListener('dblclick', (e) => {
    if (e.target.closest('button')) return;
    const tile = e.target.closest('.tile');
    if (tile) toggle(tile);
  });
  root.addEventListener('keydown', (e) => {
    const tile = e.target.closest?.('.tile');
    if (!tile || e.altKey || e.ctrlKey || e.metaKey) return;
    // Enter on a tile's own button (Reveal, End) is that button's.
    if (e.target !== tile && e.target.closest('button')) return;
    if (e.key === 'Enter' || e.key === 'f' || e.key === 'F') toggle(tile);
    else if (e.key === 'Escape' && tile.classList.contains('maximised')) toggle(tile);
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
}
