import { phaseLabel, statusLabel, t } from './i18n.js';

// Admin: the fleet's cameras and sectors, edited through the same validated API as the CLI and imports. A refusal is
// shown in the server's words beside the form, the fields it names are marked, and nothing typed is lost.

const enc = encodeURIComponent;

/** Shows the server's answer; on a refusal marks the fields its issues name (body.streams.main → name="streams.main"). */
export function answer(form, alert, r, done) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const ok = r.status < 300;
  alert.textContent = ok ? done : (r.json.message ?? t('common.refused', { status: r.status }));
  alert.classList.toggle('refused', !ok);
  for (const i of ok ? [] : (r.json.issues ?? []))
    form.querySelector(`[name="${CSS.escape(i.field.replace(/^body\./, ''))}"]`)?.setAttribute('aria-invalid', 'true');
  return ok;
}

/** The flag of a camera filming without a video_protection authorisation (it still records: the centre says so). */
export function basisBadge() {
  const b = document.createElement('span');
  b.className = 'legal-badge';
  b.dataset.legal = 'missing';
  b.title = t('basis.missingTitle');
  b.textContent = `⚠ ${t('basis.missing')}`;
  return b;
}

/** A table row: text cells, then the controls in a last cell. */
export function row(cells, ...controls) {
  const tr = document.createElement('tr');
  for (const c of cells) tr.insertCell().textContent = c ?? '';
  tr.insertCell().append(...controls);
  return tr;
}

export function button(label, onClick, act) {
  const b = document.createElement('button');
  b.type = 'button';
  if (act) b.dataset.act = act;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Only the fields that differ from what is stored: the journal then names what really changed. */
export function changes(body, stored) {
  const same = (v, s) => JSON.stringify(v) === JSON.stringify(s ?? (typeof v === 'string' ? '' : undefined));
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !same(v, stored[k])));
}

export class FleetAdmin {
  /** @param {HTMLElement} root @param {() => void} onChange called when the cameras changed (the wall, lists…) */
  constructor(root, api, onChange) {
    this.root = root;
    this.api = api;
    this.onChange = onChange;
    this.onSectors = (_sectors) => {};
    this.cameras = [];
    this.sectors = [];
    this.editing = undefined;
    this.form = root.querySelector('#camera-form');
    this.alert = root.querySelector('#camera-alert');
    this.sectorForm = root.querySelector('#sector-form');
    this.sectorAlert = root.querySelector('#sector-alert');
    root.querySelector('[data-act=new-camera]').addEventListener('click', () => this.edit());
    bindEditForm(
      this.form,
      () => this.save(),
      () => this.remove(),
    );
    this.sectorForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = this.sectorForm.elements;
      const body = { id: f.namedItem('id').value.trim(), name: f.namedItem('name').value.trim() };
      if (await this.sector('POST', undefined, body, t('manage.sectorCreated', { id: body.id })))
        this.sectorForm.reset();
    });
  }

  async load() {
    const [s, c] = await Promise.all([this.api('GET', '/api/sectors'), this.api('GET', '/api/cameras?limit=1000')]);
    this.sectors = Array.isArray(s.json) ? s.json : [];
    this.cameras = c.json.items ?? [];
    this.render();
    this.onSectors(this.sectors);
  }

  /** On logout: nothing of the fleet stays in the page for the next user. */
  clear() {
    this.cameras = [];
    this.sectors = [];
    this.form.hidden = true;
    this.alert.textContent = this.sectorAlert.textContent = '';
    this.render();
  }

  render() {
    const sectorName = (id) => this.sectors.find((s) => s.id === id)?.name ?? id;
    this.root.querySelector('#camera-table tbody').replaceChildren(
      ...this.cameras.map((c) => {
        const at = c.position ? `${c.position.lat}, ${c.position.lon}` : '—';
        const tr = row(
          [c.id, c.name, sectorName(c.sectorId), statusLabel(c.status), phaseLabel(c.phase), at],
          button(t('common.edit'), () => this.edit(c)),
        );
        tr.dataset.camera = c.id;
        if (c.legalBasis?.filmsWithoutBasis) tr.cells[3].append(' ', basisBadge());
        return tr;
      }),
    );
    // The form's sector choice survives a refresh of the list (a refusal must not lose it).
    const select = this.form.elements.namedItem('sectorId');
    const keep = select.value;
    select.replaceChildren(...this.sectors.map((s) => new Option(`${s.name} (${s.id})`, s.id)));
    if (keep) select.value = keep;
    this.root.querySelector('#sector-table tbody').replaceChildren(...this.sectors.map((s) => this.sectorRow(s)));
  }

  /** Opens the form on a camera, or empty for a new one. */
  edit(c) {
    this.editing = c;
    const f = this.form.elements;
    const set = (name, v) => {
      f.namedItem(name).value = v ?? '';
    };
    this.form.querySelector('h3').textContent = c ? t('manage.camera', { id: c.id }) : t('manage.newCamera');
    set('id', c?.id);
    f.namedItem('id').readOnly = Boolean(c);
    set('name', c?.name);
    set('sectorId', c?.sectorId ?? this.sectors[0]?.id);
    set('position.lat', c?.position?.lat);
    set('position.lon', c?.position?.lon);
    set('direction', c?.direction);
    set('fieldOfView', c?.fieldOfView);
    set('address', c?.address);
    set('streams.main', c?.streams.main);
    set('streams.sub', c?.streams.sub);
    set('status', c?.status ?? 'active');
    set('phase', c?.phase ?? 'replacement');
    set('tags', c?.tags.join(', '));
    set('credentials.username', '');
    set('credentials.password', '');
    f.namedItem('forget').checked = false;
    f.namedItem('forget').disabled = !c?.hasCredentials;
    this.form.querySelector('.stored').textContent = t(c?.hasCredentials ? 'manage.credStored' : 'manage.credNone');
    this.form.querySelector('[data-act=delete]').hidden = !c;
    answer(this.form, this.alert, { status: 200 }, '');
    this.form.hidden = false;
    f.namedItem(c ? 'name' : 'id').focus();
  }

  /** The form as the API's camera fields (the server validates them all; nothing is checked twice here). */
  body() {
    const f = this.form.elements;
    const v = (name) => f.namedItem(name).value.trim();
    const num = (name) => (v(name) === '' ? null : Number(v(name)));
    const body = {
      name: v('name'),
      sectorId: v('sectorId'),
      address: v('address'),
      streams: { main: v('streams.main'), ...(v('streams.sub') && { sub: v('streams.sub') }) },
      status: v('status'),
      phase: v('phase'),
      tags: v('tags')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    };
    if (v('position.lat') || v('position.lon')) body.position = { lat: num('position.lat'), lon: num('position.lon') };
    // Where the camera looks (the map's view cone); the server checks the ranges.
    for (const name of ['direction', 'fieldOfView']) if (v(name)) body[name] = num(name);
    if (v('credentials.username'))
      body.credentials = { username: v('credentials.username'), password: f.namedItem('credentials.password').value };
    else if (f.namedItem('forget').checked) body.credentials = null;
    return body;
  }

  async save() {
    const c = this.editing;
    const patch = c && changes(this.body(), c);
    if (patch && Object.keys(patch).length === 0) {
      this.alert.textContent = t('common.nothingChanged');
      return;
    }
    const id = this.form.elements.namedItem('id').value.trim();
    const r = c
      ? await this.api('PATCH', `/api/cameras/${enc(c.id)}`, patch)
      : await this.api('POST', '/api/cameras', { id, ...this.body() });
    if (!answer(this.form, this.alert, r, '')) return;
    await this.load();
    this.edit(r.json);
    this.alert.textContent = t(c ? 'manage.cameraSaved' : 'manage.cameraCreated', { id: r.json.id });
    this.onChange();
  }

  async remove() {
    const c = this.editing;
    if (!c || !confirm(t('manage.confirmCameraDelete', { id: c.id, name: c.name }))) return;
    const r = await this.api('DELETE', `/api/cameras/${enc(c.id)}`);
    if (!answer(this.form, this.alert, r, t('manage.cameraDeleted', { id: c.id }))) return;
    this.form.hidden = true;
    this.editing = undefined;
    await this.load();
    this.onChange();
  }

  sectorRow(s) {
    const name = document.createElement('input');
    name.value = s.name;
    name.name = 'sector-name';
    name.setAttribute('aria-label', t('manage.sectorName', { id: s.id }));
    const rename = () =>
      this.sector('PATCH', s.id, { name: name.value.trim() }, t('manage.sectorRenamed', { id: s.id }));
    const remove = () =>
      confirm(t('manage.confirmSectorDelete', { id: s.id })) &&
      this.sector('DELETE', s.id, undefined, t('manage.sectorDeleted', { id: s.id }));
    const tr = row(
      [s.id, '', String(s.cameras ?? 0)],
      button(t('common.rename'), rename, 'rename'),
      button(t('common.delete'), remove, 'delete'),
    );
    tr.cells[1].append(name);
    tr.dataset.sector = s.id;
    return tr;
  }

  /** Creates, renames or deletes a sector; the API refuses deleting one that still has cameras, and says so. */
  async sector(method, id, body, done) {
    const r = await this.api(method, id ? `/api/sectors/${enc(id)}` : '/api/sectors', body);
    if (!answer(this.sectorForm, this.sectorAlert, r, done)) return false;
    await this.load();
    return true;
  }
}

/** An edit form's own buttons: submit saves, delete removes, close hides it. */
export function bindEditForm(form, save, remove) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
  });
  form.querySelector('[data-act=delete]').addEventListener('click', remove);
  form.querySelector('[data-act=close]').addEventListener('click', () => {
    form.hidden = true;
  });
}
