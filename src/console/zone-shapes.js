// The list of a camera's zones and lines beside its picture: select one (click, Enter), rename it, change a line's
// allowed direction, delete it (button or the Delete key). Works on the scene object it is shown, in place.
import { t } from './i18n.js';

const DIRECTIONS = ['left_to_right', 'right_to_left', 'both'];

export class ShapeList {
  /**
   * @param {HTMLElement} root
   * @param {{ onSelect: (s: object | undefined) => void, onChange: (said?: string) => void,
   *   forget: (s: object) => number }} on
   */
  constructor(root, on) {
    this.root = root;
    this.on = on;
    this.list = root.querySelector('#shape-list');
    this.edit = root.querySelector('#shape-edit');
    this.name = this.edit.querySelector('input[name=shape-name]');
    this.direction = this.edit.querySelector('select[name=shape-direction]');
    this.direction.replaceChildren(...DIRECTIONS.map((d) => new Option(t(`zones.enum.${d}`), d)));
    this.list.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-shape]');
      if (b) this.pick(b.dataset.shape);
    });
    this.list.addEventListener('keydown', (e) => {
      const b = e.target.closest('button[data-shape]');
      if (!b || (e.key !== 'Delete' && e.key !== 'Backspace')) return;
      e.preventDefault();
      this.pick(b.dataset.shape);
      this.remove();
    });
    this.name.addEventListener('change', () => {
      if (!this.selected || !this.name.value.trim()) return;
      this.selected.name = this.name.value.trim();
      this.render();
      this.on.onChange();
    });
    this.direction.addEventListener('change', () => {
      if (this.selected?.from) this.selected.allowedDirection = this.direction.value;
    });
    this.edit.querySelector('[data-act=delete-shape]').addEventListener('click', () => this.remove());
  }

  show(scene) {
    this.scene = scene;
    this.selected = undefined;
    this.render();
  }

  /** A new shape from drawn points, with the first free id of its kind; selected. */
  add(kind, points) {
    const list = kind === 'zone' ? this.scene.zones : this.scene.lines;
    let n = 1;
    while (list.some((s) => s.id === `${kind}-${n}`)) n++;
    const id = `${kind}-${n}`;
    const name = `${t(`zones.${kind}`)} ${n}`;
    const shape =
      kind === 'zone'
        ? { id, name, polygon: points }
        : { id, name, from: points[0], to: points[1], allowedDirection: 'left_to_right' };
    list.push(shape);
    this.pick(`${kind}:${id}`);
    this.on.onChange();
    return shape;
  }

  find(key) {
    const [kind, id] = key.split(':');
    return (kind === 'zone' ? this.scene.zones : this.scene.lines).find((s) => s.id === id);
  }

  pick(key) {
    this.selected = this.find(key);
    this.render();
    this.list.querySelector(`button[data-shape="${CSS.escape(key)}"]`)?.focus();
    this.on.onSelect(this.selected);
  }

  remove() {
    const s = this.selected;
    if (!s) return;
    const isZone = this.scene.zones.includes(s);
    const list = isZone ? this.scene.zones : this.scene.lines;
    list.splice(list.indexOf(s), 1);
    this.selected = undefined;
    const rules = this.on.forget(s);
    this.render();
    this.on.onSelect(undefined);
    this.on.onChange(t('zones.deleted', { what: t(isZone ? 'zones.zone' : 'zones.line'), name: s.name, rules }));
    this.list.querySelector('button')?.focus();
  }

  /** The server's objections to shapes (scene.zones.N…, scene.lines.N…) under their names; the others returned. */
  showErrors(issues) {
    return issues.filter((issue) => {
      const m = /^body\.scene\.(zones|lines)\.(\d+)/.exec(issue.field);
      const shape = m && this.scene[m[1]][Number(m[2])];
      const key = shape && `${m[1] === 'zones' ? 'zone' : 'line'}:${shape.id}`;
      const b = key && this.list.querySelector(`button[data-shape="${CSS.escape(key)}"]`);
      if (!b) return true;
      const span = document.createElement('span');
      span.className = 'field-error';
      span.textContent = issue.message;
      b.after(span);
      return false;
    });
  }

  render() {
    const items = [...this.scene.zones.map((s) => ['zone', s]), ...this.scene.lines.map((s) => ['line', s])].map(
      ([kind, s]) => {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.shape = `${kind}:${s.id}`;
        b.setAttribute('aria-pressed', String(s === this.selected));
        b.textContent = `${t(`zones.${kind}`)} · ${s.name}`;
        li.append(b);
        return li;
      },
    );
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = t('zones.noShapes');
      items.push(li);
    }
    this.list.replaceChildren(...items);
    const s = this.selected;
    this.edit.hidden = !s;
    if (!s) return;
    this.name.value = s.name;
    this.direction.closest('label').hidden = !s.from;
    if (s.from) this.direction.value = s.allowedDirection;
  }
}
