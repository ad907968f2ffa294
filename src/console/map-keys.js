// Keyboard on the map: the camera dots are one tab stop (a roving tabindex), not one per camera (238 on the demo);
// the arrows move between dots in the drawing order, Home / End jump to the ends, Enter or Space opens the live view.

/** @param {SVGSVGElement} svg @param {(cameraId: string) => void} open */
export function bindMapKeys(svg, open) {
  svg.addEventListener('keydown', (e) => {
    const dot = e.target.closest?.('.cam');
    if (!dot) return;
    const dots = [...svg.querySelectorAll('.cam')];
    const i = dots.indexOf(dot);
    const to = {
      ArrowRight: i + 1,
      ArrowDown: i + 1,
      ArrowLeft: i - 1,
      ArrowUp: i - 1,
      Home: 0,
      End: dots.length - 1,
    }[e.key];
    if (e.key === 'Enter' || e.key === ' ') open(dot.dataset.camera);
    else if (to !== undefined) {
      const next = dots[Math.min(dots.length - 1, Math.max(0, to))];
      dot.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  });
}
