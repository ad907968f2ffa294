// The zone editor: a camera's zones and lines drawn on its live picture (normalised coordinates, as the analytics use
// them), its rules as forms made from the server's own schema, and its analytics switched on or off, all saved
// through the same validated API as everything else. "Saved" is said only once the server accepted; a refusal is
// shown in its words, beside the field it concerns, and nothing typed is lost.
import { t } from './i18n.js';
import { LivePlayer, liveUrl } from './live-player.js';
import { RuleForms } from './rule-form.js';
import { ZoneCanvas } from './zone-canvas.js';
import { ShapeList } from './zone-shapes.js';

const HEALTH_EVERY_MS = 2000;

export class ZoneEditor {
  /** @param {HTMLElement} root */
  constructor(root, api) {
    this.root = root;
    this.api = api;
    const $ = (s) => root.querySelector(s);
    this.message = $('#zone-message');
    this.select = $('select[name=camera]');
    this.enabled = $('input[name=enabled]');
    this.json = $('.rules-json');
    this.canvas = new ZoneCanvas($('.zone-stage'), {
      onPoint: (p) => this.addPoint(p),
      onMove: () => this.changed(),
      onDelete: () => this.shapes.remove(),
      onEscape: () => this.cancel(),
    });
    this.forms = new RuleForms($('#rule-forms'));
    this.shapes = new ShapeList($('.zone-shapes'), {
      onSelect: (shape) => {
        this.canvas.selected = shape;
        this.canvas.active = 0;
        this.canvas.draw();
      },
      onChange: (said) => this.changed(said),
      forget: (shape) => this.forget(shape),
    });
    this.select.addEventListener('change', () => this.load(this.select.value));
    const act = {
      zone: () => this.start('zone'),
      line: () => this.start('line'),
      finish: () => this.finish(),
      cancel: () => this.cancel(),
      save: () => this.save(),
      'add-rule': () => this.addRule(),
      'apply-json': () => this.applyJson(),
      'remove-rule': (b) => this.removeRule(Number(b.closest('fieldset').dataset.rule)),
    };
    root.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-act]');
      if (b && act[b.dataset.act]) act[b.dataset.act](b);
    });
    this.json.addEventListener('toggle', () => {
      if (this.json.open) this.json.querySelector('textarea').value = JSON.stringify(this.forms.read(), null, 2);
    });
  }

  setCameras(cameras) {
    const keep = this.select.value;
    this.select.replaceChildren(
      new Option(t('zones.chooseCamera'), ''),
      ...cameras.map((c) => new Option(`${c.name} (${c.id})`, c.id)),
    );
    this.select.value = keep;
  }

  async load(cameraId) {
    this.stop();
    this.cameraId = cameraId;
    this.root.dataset.loaded = '';
    if (!cameraId) return;
    if (!this.schema) {
      this.schema = (await this.api('GET', '/api/analytics/schema')).json.rule;
      this.forms.setSchema(this.schema);
      const kinds = this.root.querySelector('select[name=rule-kind]');
      kinds.replaceChildren(...[...this.forms.kinds.keys()].map((k) => new Option(t(`kind.${k}`), k)));
    }
    await this.reload();
    this.canvas.camera(cameraId);
    this.resume();
    this.root.dataset.loaded = cameraId;
  }

  /** What is stored, drawn and in the forms. */
  async reload() {
    const r = await this.api('GET', `/api/cameras/${encodeURIComponent(this.cameraId)}/analytics`);
    this.config = r.json;
    this.config.scene ??= { version: 1, zones: [], lines: [], rules: [] };
    this.enabled.checked = this.config.enabled;
    this.canvas.scene = this.config.scene;
    this.canvas.selected = undefined;
    this.shapes.show(this.config.scene);
    this.forms.setShapes(this.config.scene);
    this.forms.render(this.config.scene.rules);
    this.canvas.draw();
  }

  /** Back on the view: the picture and the analytics' state again. */
  resume() {
    if (!this.cameraId || this.player) return;
    this.player = new LivePlayer(this.canvas.video, liveUrl(this.cameraId, 'sub'), {});
    this.player.start();
    this.health();
    this.healthTimer = setInterval(() => this.health(), HEALTH_EVERY_MS);
  }

  stop() {
    this.player?.stop();
    this.player = undefined;
    clearInterval(this.healthTimer);
  }

  async health() {
    const id = this.cameraId;
    const r = await this.api('GET', `/api/cameras/${encodeURIComponent(id)}/analytics/health`);
    if (r.status !== 200 || id !== this.cameraId) return;
    const out = this.root.querySelector('#zone-health');
    out.dataset.state = r.json.state;
    out.textContent = t('zones.health', { state: t(`zones.state.${r.json.state}`) });
    // Why a start failed, in the worker's words (a model that will not load, a stream that will not open).
    if (r.json.error) out.textContent += ` (${r.json.error})`;
  }

  /** A message; `outcome` (saved, refused) marks what the server answered, for tests and styles. */
  say(text, outcome = '') {
    this.message.textContent = text;
    this.message.dataset.outcome = outcome;
  }

  start(kind) {
    if (!this.config) return;
    if (!this.canvas.ready) return this.say(t('zones.waitPicture'));
    this.canvas.start(kind);
    this.say(t(kind === 'zone' ? 'zones.drawZone' : 'zones.drawLine'));
    this.canvas.svg.focus();
  }

  addPoint(p) {
    const d = this.canvas.drawing;
    d.points.push(p);
    if (d.kind === 'line' && d.points.length === 2) this.finish();
    else this.canvas.draw();
  }

  cancel() {
    this.canvas.cancel();
    this.say('');
  }

  finish() {
    const d = this.canvas.drawing;
    if (!d) return;
    if (d.kind === 'zone' && d.points.length < 3) return this.say(t('zones.tooFew'));
    if (d.points.length < 2) return;
    this.canvas.cancel();
    const shape = this.shapes.add(d.kind, d.points);
    this.say(t('zones.added', { what: t(`zones.${d.kind}`), name: shape.name }));
  }

  /** Shapes changed (drawn, renamed, moved, deleted): the picture and the forms' zone and line choices follow. */
  changed(said) {
    const rules = this.forms.read();
    this.forms.setShapes(this.config.scene);
    this.forms.render(rules);
    this.canvas.draw();
    if (said) this.say(said);
  }

  /** A deleted shape takes the rules that watch it along; says how many. */
  forget(shape) {
    const rules = this.forms.read();
    const kept = rules.filter((r) => r.zoneId !== shape.id && r.lineId !== shape.id);
    if (this.canvas.selected === shape) this.canvas.selected = undefined;
    this.forms.render(kept);
    return rules.length - kept.length;
  }

  addRule() {
    if (!this.config) return;
    const kind = this.root.querySelector('select[name=rule-kind]').value;
    const rules = this.forms.read();
    rules.push(
      this.forms.blank(
        kind,
        rules.map((r) => r.id),
      ),
    );
    this.forms.render(rules);
    this.root
      .querySelector(
        `fieldset[data-rule="${rules.length - 1}"] input, fieldset[data-rule="${rules.length - 1}"] select`,
      )
      ?.focus();
  }

  removeRule(i) {
    const rules = this.forms.read();
    rules.splice(i, 1);
    this.forms.render(rules);
    this.root.querySelector('select[name=rule-kind]').focus();
  }

  applyJson() {
    try {
      const rules = JSON.parse(this.json.querySelector('textarea').value || '[]');
      this.forms.render(Array.isArray(rules) ? rules : [rules]);
      this.say('');
    } catch (err) {
      this.say(t('zones.notJson', { why: err.message }));
    }
  }

  async save() {
    if (!this.config) return;
    this.root.dataset.saving = 'true';
    this.say('');
    const body = {
      ...this.config,
      enabled: this.enabled.checked,
      scene: { ...this.config.scene, rules: this.forms.read() },
    };
    const r = await this.api('PUT', `/api/cameras/${encodeURIComponent(this.cameraId)}/analytics`, body);
    if (r.status === 200) {
      await this.reload();
      this.health();
      this.say(t('zones.saved'), 'saved');
    } else {
      // Nothing was saved: what was typed stays, each of the server's objections beside its field.
      this.shapes.render();
      const left = this.shapes.showErrors(this.forms.showErrors(r.json?.issues ?? []));
      const why =
        (left.length ? left.map((i) => `${i.field.replace(/^body\./, '')}: ${i.message}`).join('; ') : '') ||
        r.json?.message ||
        String(r.status);
      this.say(t('zones.refused', { why }), 'refused');
    }
    this.root.dataset.saving = 'false';
  }
}
