// Admin: a camera's zones and lines drawn on its live picture (normalised coordinates, as the analytics use), its
// rules and settings as JSON, saved through the same validated API as everything else (errors shown as the server
// words them; nothing is saved when it refuses).
import { LivePlayer, liveUrl } from './live-player.js';

const NS = 'http://www.w3.org/2000/svg';

export class ZoneEditor {
  /** @param {HTMLElement} root */
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.svg = root.querySelector('svg');
    this.video = root.querySelector('video');
    this.message = root.querySelector('[role=alert]');
    this.drawing = undefined;
    this.config = undefined;
    this.svg.addEventListener('click', (e) => this.addPoint(e));
    root.querySelector('select[name=camera]').addEventListener('change', (e) => this.load(e.target.value));
    root.querySelector('[data-act=zone]').addEventListener('click', () => this.start('zone'));
    root.querySelector('[data-act=line]').addEventListener('click', () => this.start('line'));
    root.querySelector('[data-act=finish]').addEventListener('click', () => this.finish());
    root.querySelector('[data-act=save]').addEventListener('click', () => this.save());
  }

  setCameras(cameras) {
    const select = this.root.querySelector('select[name=camera]');
    select.replaceChildren(
      new Option('choose a camera', ''),
      ...cameras.map((c) => new Option(`${c.name} (${c.id})`, c.id)),
    );
  }

  async load(cameraId) {
    this.stop();
    this.cameraId = cameraId;
    if (!cameraId) return;
    const r = await this.api('GET', `/api/cameras/${encodeURIComponent(cameraId)}/analytics`);
    this.config = r.json;
    this.config.scene ??= { version: 1, zones: [], lines: [], rules: [] };
    this.root.querySelector('textarea').value = JSON.stringify(this.config.scene.rules, null, 2);
    this.player = new LivePlayer(this.video, liveUrl(cameraId, 'sub'), {});
    this.player.start();
    this.draw();
  }

  stop() {
    this.player?.stop();
    this.player = undefined;
  }

  start(kind) {
    this.drawing = { kind, points: [] };
    this.message.textContent =
      kind === 'zone' ? 'Click the outline, then Finish.' : 'Click the start, then the end of the line.';
  }

  addPoint(e) {
    if (!this.drawing) return;
    const r = this.svg.getBoundingClientRect();
    const p = [round((e.clientX - r.left) / r.width), round((e.clientY - r.top) / r.height)];
    this.drawing.points.push(p);
    if (this.drawing.kind === 'line' && this.drawing.points.length === 2) this.finish();
    else this.draw();
  }

  finish() {
    const d = this.drawing;
    if (!d || !this.config) return;
    this.drawing = undefined;
    const id = this.root.querySelector('input[name=shape-id]').value.trim() || `${d.kind}-${Date.now() % 100000}`;
    const scene = this.config.scene;
    if (d.kind === 'zone') scene.zones.push({ id, name: id, polygon: d.points });
    else if (d.points.length === 2)
      scene.lines.push({ id, name: id, from: d.points[0], to: d.points[1], allowedDirection: 'left_to_right' });
    this.message.textContent = `${d.kind} "${id}" added: Save to apply.`;
    this.draw();
  }

  async save() {
    if (!this.config) return;
    try {
      this.config.scene.rules = JSON.parse(this.root.querySelector('textarea').value || '[]');
    } catch (err) {
      this.message.textContent = `rules: not JSON (${err.message})`;
      return;
    }
    const r = await this.api('PUT', `/api/cameras/${encodeURIComponent(this.cameraId)}/analytics`, this.config);
    if (r.status === 200) this.config = r.json;
    else await this.reload();
    this.draw();
    // Said last: once the message shows, the drawing is what is stored.
    this.message.textContent = r.status === 200 ? 'Saved.' : (r.json.message ?? `refused (${r.status})`);
  }

  /** After a refusal: back to what is stored (nothing was saved). */
  async reload() {
    const r = await this.api('GET', `/api/cameras/${encodeURIComponent(this.cameraId)}/analytics`);
    this.config = r.json;
    this.config.scene ??= { version: 1, zones: [], lines: [], rules: [] };
  }

  draw() {
    const scene = this.config?.scene ?? { zones: [], lines: [] };
    const el = (name, attrs, text) => {
      const e = document.createElementNS(NS, name);
      for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, String(v));
      if (text) e.textContent = text;
      return e;
    };
    const nodes = [];
    for (const z of scene.zones) {
      nodes.push(
        el('polygon', { points: z.polygon.map((p) => p.join(',')).join(' '), class: 'zone', 'data-zone': z.id }),
      );
      nodes.push(el('text', { x: z.polygon[0][0], y: z.polygon[0][1], class: 'shape-label' }, z.id));
    }
    for (const l of scene.lines) {
      nodes.push(
        el('line', { x1: l.from[0], y1: l.from[1], x2: l.to[0], y2: l.to[1], class: 'tripwire', 'data-line': l.id }),
      );
      nodes.push(el('text', { x: l.from[0], y: l.from[1], class: 'shape-label' }, l.id));
    }
    if (this.drawing?.points.length) {
      nodes.push(el('polyline', { points: this.drawing.points.map((p) => p.join(',')).join(' '), class: 'drawing' }));
    }
    this.svg.replaceChildren(...nodes);
  }
}

const round = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
