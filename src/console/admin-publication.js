import { answer, bindEditForm, button, changes, row } from './admin-fleet.js';
import { fmtMoney, t } from './i18n.js';

// Admin: what the public register publishes. Per camera: published or withheld (with a reason, e.g. a sensitive
// site; a withheld camera still counts in the statistics) and what it films in words; and the system's contracts
// (vendor, object, amount, duration, maintenance), published as they are recorded.

const enc = encodeURIComponent;

export class PublicationAdmin {
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.contracts = [];
    this.editing = undefined;
    this.alert = root.querySelector('#publication-alert');
    this.form = root.querySelector('#contract-form');
    this.contractAlert = root.querySelector('#contract-alert');
    root.querySelector('[data-act=new-contract]').addEventListener('click', () => this.edit());
    bindEditForm(
      this.form,
      () => this.save(),
      () => this.remove(),
    );
  }

  async load() {
    const [p, c, k] = await Promise.all([
      this.api('GET', '/api/publication/cameras'),
      this.api('GET', '/api/cameras?limit=1000'),
      this.api('GET', '/api/contracts'),
    ]);
    // A centre without the public register's API (404) says so instead of showing empty lists as if nothing existed.
    const missing = p.status === 404 || k.status === 404;
    this.alert.textContent = missing ? t('pub.unavailable') : '';
    const choices = new Map(
      (Array.isArray(p.json) ? p.json : (p.json.items ?? [])).map((x) => [x.cameraId ?? x.id, x]),
    );
    this.renderCameras((c.json.items ?? []).map((cam) => ({ cam, choice: choices.get(cam.id) })));
    this.contracts = Array.isArray(k.json) ? k.json : (k.json.items ?? []);
    this.renderContracts();
  }

  clear() {
    this.contracts = [];
    this.form.hidden = true;
    this.alert.textContent = this.contractAlert.textContent = '';
    this.renderCameras([]);
    this.renderContracts();
  }

  renderCameras(list) {
    this.root.querySelector('#publication-table tbody').replaceChildren(
      ...list.map(({ cam, choice }) => {
        const input = (name, value, labelKey, type = 'text') => {
          const el = document.createElement('input');
          el.type = type;
          el.name = name;
          el.setAttribute('aria-label', t(labelKey, { id: cam.id }));
          if (type === 'checkbox') el.checked = value;
          else {
            el.value = value ?? '';
            el.maxLength = 500;
          }
          return el;
        };
        const published = input('published', choice?.published ?? true, 'pub.publishedOf', 'checkbox');
        const reason = input('reason', choice?.reason, 'pub.reasonOf');
        const covers = input('covers', choice?.covers, 'pub.coversOf');
        const save = async () => {
          const body = { published: published.checked, covers: covers.value.trim() };
          if (reason.value.trim()) body.reason = reason.value.trim();
          const r = await this.api('PUT', `/api/publication/cameras/${enc(cam.id)}`, body);
          answer(tr, this.alert, r, t('pub.saved', { id: cam.id }));
        };
        const tr = row([`${cam.name} (${cam.id})`, '', '', ''], button(t('common.save'), save, 'save'));
        tr.cells[1].append(published);
        tr.cells[2].append(reason);
        tr.cells[3].append(covers);
        tr.dataset.camera = cam.id;
        return tr;
      }),
    );
  }

  renderContracts() {
    const money = (c) => (typeof c.amountCents === 'number' ? fmtMoney(c.amountCents, c.currency || 'EUR') : '—');
    this.root.querySelector('#contract-table tbody').replaceChildren(
      ...this.contracts.map((c) => {
        const tr = row(
          [c.vendor, c.object, money(c), c.signedOn],
          button(t('common.edit'), () => this.edit(c), 'edit'),
        );
        tr.dataset.contract = c.id;
        return tr;
      }),
    );
  }

  edit(c) {
    this.editing = c;
    const f = this.form.elements;
    const set = (name, v) => {
      f.namedItem(name).value = v ?? '';
    };
    this.form.querySelector('h3').textContent = c ? c.vendor : t('contracts.new');
    set('vendor', c?.vendor);
    set('object', c?.object);
    set('amount', typeof c?.amountCents === 'number' ? (c.amountCents / 100).toFixed(2) : '');
    set('currency', c?.currency ?? 'EUR');
    set('signedOn', c?.signedOn);
    set('durationMonths', c?.durationMonths);
    set('maintenance', c?.maintenance);
    this.form.querySelector('[data-act=delete]').hidden = !c;
    answer(this.form, this.contractAlert, { status: 200 }, '');
    this.form.hidden = false;
    f.namedItem('vendor').focus();
  }

  body() {
    const f = this.form.elements;
    const v = (name) => f.namedItem(name).value.trim();
    const body = {
      vendor: v('vendor'),
      object: v('object'),
      currency: v('currency').toUpperCase(),
      signedOn: v('signedOn'),
      maintenance: v('maintenance'),
    };
    // Cents as an integer: 1234.5 € is 123450, never 123449.99999.
    if (v('amount')) body.amountCents = Math.round(Number(v('amount')) * 100);
    if (v('durationMonths')) body.durationMonths = Number(v('durationMonths'));
    return body;
  }

  async save() {
    const c = this.editing;
    const body = this.body();
    if (c && Object.keys(changes(body, c)).length === 0) {
      this.contractAlert.textContent = t('common.nothingChanged');
      return;
    }
    const r = c
      ? await this.api('PUT', `/api/contracts/${enc(c.id)}`, body)
      : await this.api('POST', '/api/contracts', body);
    if (!answer(this.form, this.contractAlert, r, t(c ? 'contracts.saved' : 'contracts.created'))) return;
    await this.load();
    this.form.hidden = true;
  }

  async remove() {
    const c = this.editing;
    if (!c || !confirm(t('contracts.confirmDelete', { vendor: c.vendor }))) return;
    const r = await this.api('DELETE', `/api/contracts/${enc(c.id)}`);
    if (!answer(this.form, this.contractAlert, r, t('contracts.deleted'))) return;
    this.form.hidden = true;
    this.editing = undefined;
    await this.load();
  }
}
