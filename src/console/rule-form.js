// A camera's rules as forms, one per rule, generated from the JSON Schema the server serves for them (made from the
// zod schema it validates with: GET /api/analytics/schema). An enum becomes a select, a number an input with its
// bounds, a boolean a checkbox, a zone or line reference a select of the drawn ones. The server stays the judge:
// its refusals come back per field (scene.rules.N.field) and are shown next to that field.
import { kindLabel, priorityLabel, t } from './i18n.js';

const has = (key) => t(key) !== key;
const label = (name) => (has(`zones.field.${name}`) ? t(`zones.field.${name}`) : name);
const option = (value, text) => new Option(text, value);
const enumText = (name, v) =>
  name === 'severity' ? priorityLabel(v) : has(`zones.enum.${v}`) ? t(`zones.enum.${v}`) : String(v);

export class RuleForms {
  /** @param {HTMLElement} root where the forms go */
  constructor(root) {
    this.root = root;
    /** kind → its JSON Schema variant. */
    this.kinds = new Map();
    this.shapes = { zones: [], lines: [] };
  }

  /** The `rule` JSON Schema: a oneOf, one object per kind (its `kind` a const). */
  setSchema(schema) {
    this.kinds = new Map((schema.oneOf ?? []).map((v) => [v.properties.kind.const, v]));
  }

  setShapes(scene) {
    this.shapes = { zones: scene.zones, lines: scene.lines };
  }

  /** A new rule of a kind: its required fields filled where the scene allows (the first zone or line). */
  blank(kind, taken) {
    let n = 1;
    while (taken.includes(`${kind}-${n}`)) n++;
    const rule = { kind, id: `${kind}-${n}` };
    const props = this.kinds.get(kind)?.properties ?? {};
    // A line where the kind can watch one (a wrong way is simplest on a line), else a zone.
    if ('lineId' in props && this.shapes.lines[0]) rule.lineId = this.shapes.lines[0].id;
    else if ('zoneId' in props && this.shapes.zones[0]) rule.zoneId = this.shapes.zones[0].id;
    return rule;
  }

  render(rules) {
    this.root.replaceChildren(...rules.map((r, i) => this.form(r, i)));
    if (!rules.length) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = t('zones.noRules');
      this.root.append(p);
    }
  }

  form(rule, i) {
    const variant = this.kinds.get(rule.kind);
    const fs = document.createElement('fieldset');
    fs.className = 'rule';
    fs.dataset.rule = String(i);
    fs.dataset.kind = rule.kind;
    const legend = document.createElement('legend');
    legend.textContent = `${kindLabel(rule.kind)} · ${rule.id}`;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.dataset.act = 'remove-rule';
    remove.textContent = t('zones.removeRule');
    fs.append(legend);
    const required = new Set(variant?.required ?? []);
    for (const [name, prop] of Object.entries(variant?.properties ?? {})) {
      if (name !== 'kind') fs.append(this.field(i, name, prop, rule[name], required.has(name)));
    }
    fs.append(remove);
    return fs;
  }

  field(i, name, prop, value, required) {
    const id = `rule-${i}-${name}`;
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const lab = document.createElement('label');
    lab.htmlFor = id;
    lab.textContent = label(name);
    let input;
    const ref = name === 'zoneId' ? this.shapes.zones : name === 'lineId' ? this.shapes.lines : undefined;
    if (ref || prop.enum) {
      input = document.createElement('select');
      if (!required && prop.default === undefined) input.append(option('', t('zones.none')));
      const choices = ref
        ? ref.map((s) => [s.id, `${s.name} (${s.id})`])
        : prop.enum.map((v) => [v, enumText(name, v)]);
      // A stored reference to a shape no longer drawn stays visible, so that the server can say what is wrong.
      if (value !== undefined && !choices.some(([v]) => v === value)) choices.push([value, String(value)]);
      input.append(...choices.map(([v, text]) => option(v, text)));
      input.value = value ?? prop.default ?? (required ? (choices[0]?.[0] ?? '') : '');
    } else {
      input = document.createElement('input');
      if (prop.type === 'boolean') {
        input.type = 'checkbox';
        input.checked = value ?? prop.default ?? false;
        wrap.classList.add('check');
      } else if (prop.type === 'number' || prop.type === 'integer') {
        input.type = 'number';
        input.step = prop.type === 'integer' ? '1' : 'any';
        for (const [attr, key] of [
          ['min', 'minimum'],
          ['max', 'maximum'],
        ])
          if (prop[key] !== undefined) input[attr] = String(prop[key]);
        input.value = String(value ?? prop.default ?? '');
      } else {
        input.value = Array.isArray(value ?? prop.default) ? (value ?? prop.default).join(', ') : (value ?? '');
      }
    }
    input.id = id;
    input.name = name;
    input.dataset.type = prop.type ?? 'string';
    input.dataset.path = `scene.rules.${i}.${name}`;
    const error = document.createElement('span');
    error.className = 'field-error';
    error.id = `${id}-error`;
    input.setAttribute('aria-describedby', error.id);
    wrap.append(lab, input, error);
    return wrap;
  }

  /** The rules as the forms say; a number that is not one is sent as typed, for the server to name it. */
  read() {
    return [...this.root.querySelectorAll('fieldset.rule')].map((fs) => {
      const rule = { kind: fs.dataset.kind };
      for (const input of fs.querySelectorAll('[data-path]')) {
        const v = input.value.trim();
        if (input.type === 'checkbox') rule[input.name] = input.checked;
        else if (v === '') continue;
        else if (input.type === 'number') rule[input.name] = Number.isNaN(Number(v)) ? v : Number(v);
        else if (input.dataset.type === 'array')
          rule[input.name] = v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        else rule[input.name] = v;
      }
      return rule;
    });
  }

  /** The server's refusal, each issue beside its field; the ones no field shows are returned. */
  showErrors(issues) {
    this.clearErrors();
    return issues.filter((issue) => {
      const path = issue.field.replace(/^body\./, '');
      const input = this.root.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (!input) return true;
      input.setAttribute('aria-invalid', 'true');
      const span = document.getElementById(`${input.id}-error`);
      span.textContent = span.textContent ? `${span.textContent}; ${issue.message}` : issue.message;
      return false;
    });
  }

  clearErrors() {
    for (const e of this.root.querySelectorAll('.field-error')) e.textContent = '';
    for (const e of this.root.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  }
}
