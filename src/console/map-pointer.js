// The map under the mouse: the wheel zooms around the pointer, a drag on the background pans (a drag starts only
// off the markers, so that a click on a marker stays a click).

/** @param {SVGSVGElement} svg @param {import('./map.js').FleetMap} map */
export function bindPointer(svg, map) {
  svg.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      map.zoomAt(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false },
  );
  let drag;
  svg.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || e.target.closest?.('[data-cameras]')) return;
    drag = { x: e.clientX, y: e.clientY, moved: false };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const [dx, dy] = [e.clientX - drag.x, e.clientY - drag.y];
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag = { x: e.clientX, y: e.clientY, moved: true };
    // Panning follows the pointer: the map moves with it, the view the other way.
    map.pan(-dx, -dy);
  });
  const end = (e) => {
    drag = undefined;
    if (svg.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
}
