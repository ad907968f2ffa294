// The camera's picture with its zones and lines drawn over it. The box takes the stream's own aspect (the video's
// size, or the aspect last seen for this camera), so that a point clicked on the picture is stored at its true
// normalised position: a fixed 4:3 box letterboxed 16:9 pictures and stored their zones off their place (issue 19).
// Drawing works with the mouse (clicks) or the keyboard (arrows move a cross, Enter adds a point); the points of the
// selected shape can be dragged.
const NS = 'http://www.w3.org/2000/svg';
const STORED = (id) => `vigie.aspect.${id}`;

export class ZoneCanvas {
  /**
   * @param {HTMLElement} stage the area the picture may fill
   * @param {{ onPoint: (p: number[]) => void, onMove: () => void, onDelete: () => void, onEscape: () => void }} on
   */
  constructor(stage, on) {
    this.stage = stage;
    this.box = stage.querySelector('.zone-picture');
    this.video = stage.querySelector('video');
    this.svg = stage.querySelector('svg');
    // Focusable so that the keyboard can draw (set here: the page's linter reads an svg as non-interactive).
    this.svg.tabIndex = 0;
    this.on = on;
    /** Width over height of the picture; undefined until known. */
    this.aspect = undefined;
    this.scene = { zones: [], lines: [] };
    this.drawing = undefined;
    this.selected = undefined;
    /** Index of the selected shape's point the arrows move. */
    this.active = 0;
    this.cross = [0.5, 0.5];
    new ResizeObserver(() => this.fit()).observe(stage);
    for (const e of ['loadedmetadata', 'resize']) this.video.addEventListener(e, () => this.fromVideo());
    this.svg.addEventListener('click', (e) => this.click(e));
    this.svg.addEventListener('keydown', (e) => this.key(e));
    this.svg.addEventListener('pointerdown', (e) => this.grab(e));
    this.svg.addEventListener('pointermove', (e) => this.drag(e));
    this.svg.addEventListener('pointerup', () => this.drop());
  }

  /** A camera: the aspect last seen for it until its video says. */
  camera(cameraId) {
    this.cameraId = cameraId;
    const known = Number(localStorage.getItem(STORED(cameraId)));
    this.setAspect(known > 0 ? known : undefined);
  }

  fromVideo() {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!(w > 0 && h > 0)) return;
    this.setAspect(w / h);
    if (this.cameraId) localStorage.setItem(STORED(this.cameraId), String(w / h));
  }

  setAspect(aspect) {
    this.aspect = aspect;
    this.box.dataset.aspect = aspect ? aspect.toFixed(4) : '';
    this.fit();
    this.draw();
  }

  /** The largest box of the picture's aspect inside the stage (16:9 shown until the aspect is known). */
  fit() {
    const a = this.aspect ?? 16 / 9;
    const { clientWidth: w, clientHeight: h } = this.stage;
    const width = Math.floor(Math.min(w, h * a));
    this.box.style.width = `${width}px`;
    this.box.style.height = `${Math.min(h, Math.round(width / a))}px`;
    this.svg.setAttribute('viewBox', `0 0 ${a} 1`);
  }

  get ready() {
    return this.aspect !== undefined;
  }

  start(kind) {
    this.drawing = { kind, points: [] };
    this.cross = [0.5, 0.5];
    this.draw();
  }

  cancel() {
    this.drawing = undefined;
    this.draw();
  }

  /** Normalised [x, y] of a pointer event over the picture. */
  at(e) {
    const r = this.svg.getBoundingClientRect();
    return [round((e.clientX - r.left) / r.width), round((e.clientY - r.top) / r.height)];
  }

  click(e) {
    if (this.drawing && this.ready && !this.dragged) this.on.onPoint(this.at(e));
    this.dragged = false;
  }

  key(e) {
    const step = e.shiftKey ? 0.1 : 0.01;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const editing = !this.drawing && this.selected;
    if (this.drawing && moves[e.key]) {
      this.cross = this.cross.map((v, i) => round(v + moves[e.key][i]));
      this.draw();
    } else if (editing && moves[e.key]) {
      // The keyboard's drag: arrows move the active point of the selected shape.
      const p = pointsOf(this.selected)[this.active];
      p.splice(0, 2, ...p.map((v, i) => round(v + moves[e.key][i])));
      this.draw();
      this.on.onMove();
    } else if (editing && (e.key === 'PageDown' || e.key === 'PageUp')) {
      const n = pointsOf(this.selected).length;
      this.active = (this.active + (e.key === 'PageDown' ? 1 : n - 1)) % n;
      this.draw();
    } else if (this.drawing && this.ready && (e.key === 'Enter' || e.key === ' ')) this.on.onPoint([...this.cross]);
    else if (e.key === 'Escape') this.on.onEscape();
    else if (!this.drawing && (e.key === 'Delete' || e.key === 'Backspace')) this.on.onDelete();
    else return;
    e.preventDefault();
  }

  /** Dragging a point of the selected shape (a circle carries the point's index). */
  grab(e) {
    const i = e.target.dataset?.point;
    if (i === undefined || this.drawing) return;
    this.grabbed = Number(i);
    this.active = this.grabbed;
    this.svg.setPointerCapture(e.pointerId);
  }

  drag(e) {
    if (this.grabbed === undefined || !this.selected) return;
    const pts = pointsOf(this.selected);
    pts[this.grabbed].splice(0, 2, ...this.at(e));
    this.dragged = true;
    this.draw();
  }

  drop() {
    if (this.grabbed === undefined) return;
    this.grabbed = undefined;
    if (this.dragged) this.on.onMove();
  }

  draw() {
    const a = this.aspect ?? 16 / 9;
    const xy = (p) => `${p[0] * a},${p[1]}`;
    const nodes = [];
    for (const z of this.scene.zones) {
      const cls = `zone${this.selected === z ? ' selected' : ''}`;
      nodes.push(el('polygon', { points: z.polygon.map(xy).join(' '), class: cls, 'data-zone': z.id }));
      nodes.push(el('text', { x: z.polygon[0][0] * a, y: z.polygon[0][1], class: 'shape-label' }, z.name));
    }
    for (const l of this.scene.lines) {
      const cls = `tripwire${this.selected === l ? ' selected' : ''}`;
      const [x1, y1, x2, y2] = [l.from[0] * a, l.from[1], l.to[0] * a, l.to[1]];
      nodes.push(el('line', { x1, y1, x2, y2, class: cls, 'data-line': l.id }));
      nodes.push(el('text', { x: x1, y: y1, class: 'shape-label' }, l.name));
    }
    if (this.selected && !this.drawing) {
      pointsOf(this.selected).forEach((p, i) => {
        const cls = `handle${i === this.active ? ' active' : ''}`;
        nodes.push(el('circle', { cx: p[0] * a, cy: p[1], r: 0.012, class: cls, 'data-point': i }));
      });
    }
    if (this.drawing?.points.length) {
      nodes.push(el('polyline', { points: this.drawing.points.map(xy).join(' '), class: 'drawing' }));
    }
    if (this.drawing) {
      const [x, y] = [this.cross[0] * a, this.cross[1]];
      nodes.push(el('path', { d: `M${x - 0.03},${y}h0.06M${x},${y - 0.03}v0.06`, class: 'cross' }));
    }
    this.svg.replaceChildren(...nodes);
  }
}

export const pointsOf = (shape) => (shape.polygon ? shape.polygon : [shape.from, shape.to]);
const round = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text) e.textContent = text;
  return e;
}
