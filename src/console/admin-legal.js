import { button, row } from './admin-fleet.js';
import { fmtDateTime, t } from './i18n.js';

// Admin: the legal-basis register (law.md L4). Authorisations are listed with their state, recorded or corrected
// through one form whose refusals are shown beside the field the API names, given their signed PDF (the centre answers
// its SHA-256) and revoked with a reason. The API does every check; the page only says what it answered.

const enc = encodeURIComponent;
const FIELDS = ['kind', 'authority', 'reference', 'signedOn', 'startsOn', 'endsOn', 'purposeText', 'cameraIds'];

/** in_force, upcoming, ended or revoked: the words the table shows. */
export function stateOf(a, today = new Date().toISOString().slice(0, 10)) {
  if (a.revokedAt) return 'revoked';
  if (a.inForce) return 'in_force';
  return a.endsOn < today ? 'ended' : 'upcoming';
}

/**
 * The API's refusal beside each field it names (body.endsOn → the endsOn field; body.purposes.0 → purposes), the
 * rest in the form's alert.
 */
export function fieldErrors(form, alert, r) {
  for (const e of form.querySelectorAll('.field-error')) e.textContent = '';
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  if (r.status < 300) return true;
  const issues = [...(r.json.issues ?? [])];
  // The perimeter's refusal ("perimeter: unknown cameras: X; unknown sectors: Y") names no field: its parts go beside
  // the cameras' and the sectors' fields.
  const msg = String(r.json.message ?? '');
  if (!issues.length && msg.startsWith('perimeter:'))
    for (const part of msg.slice('perimeter:'.length).split(';')) {
      const field = /unknown sectors/.test(part) ? 'sectorIds' : 'cameraIds';
      issues.push({ field: `body.${field}`, message: part.trim() });
    }
  const unplaced = [];
  for (const i of issues) {
    const name = String(i.field)
      .replace(/^body\./, '')
      .split('.')[0];
    const slot = form.querySelector(`.field-error[data-for="${CSS.escape(name)}"]`);
    if (!slot) {
      unplaced.push(`${i.field}: ${i.message}`);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${i.message}` : i.message;
    for (const el of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) el.setAttribute('aria-invalid', 'true');
  }
  // The whole answer too (role=alert speaks it), with what no field could show.
  alert.textContent = r.json.message ?? (unplaced.join('; ') || t('common.refused', { status: r.status }));
  alert.classList.add('refused');
  return false;
}

export class LegalAdmin {
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.list = [];
    this.sectors = [];
    this.editing = undefined;
    this.open = undefined;
    this.form = root.querySelector('#authorisation-form');
    this.alert = root.querySelector('#authorisation-alert');
    this.detail = root.querySelector('#authorisation-detail');
    this.detailAlert = root.querySelector('#detail-alert');
    root.querySelector('[data-act=new-authorisation]').addEventListener('click', () => this.edit());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.form.querySelector('[data-act=close]').addEventListener('click', () => {
      this.form.hidden = true;
    });
    root.querySelector('#document-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.upload(e.target.elements.namedItem('file'));
    });
    root.querySelector('#revoke-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.revoke(e.target.elements.namedItem('reason'));
    });
  }

  async load() {
    const [a, s] = await Promise.all([this.api('GET', '/api/authorisations'), this.api('GET', '/api/sectors')]);
    this.list = Array.isArray(a.json) ? a.json : [];
    this.sectors = Array.isArray(s.json) ? s.json : [];
    this.render();
  }

  clear() {
    this.list = [];
    this.form.hidden = this.detail.hidden = true;
    this.alert.textContent = this.detailAlert.textContent = '';
    this.render();
  }

  render() {
    const tbody = this.root.querySelector('#authorisation-table tbody');
    tbody.replaceChildren(
      ...this.list.map((a) => {
        const scope =
          a.kind === 'video_protection'
            ? t('legal.days', { n: a.retentionDays })
            : a.families.map((f) => t(`kind.${f}`)).join(', ');
        const tr = row(
          [
            t(`legal.kind.${a.kind}`),
            a.reference,
            a.authority,
            t('legal.range', { from: a.startsOn, to: a.endsOn }),
            t(`legal.state.${stateOf(a)}`),
            t('legal.perimeterSummary', { sectors: a.sectorIds.length, cameras: a.cameraIds.length }),
            scope,
            a.document ? `${a.document.sha256.slice(0, 12)}…` : t('legal.noDocument'),
          ],
          button(t('common.edit'), () => this.edit(a), 'edit'),
          button(t('legal.open'), () => this.show(a), 'open'),
        );
        tr.dataset.authorisation = a.id;
        tr.dataset.state = stateOf(a);
        return tr;
      }),
    );
    const select = this.form.elements.namedItem('sectorIds');
    const keep = [...select.selectedOptions].map((o) => o.value);
    select.replaceChildren(
      ...this.sectors.map((s) => new Option(`${s.name} (${s.id})`, s.id, false, keep.includes(s.id))),
    );
  }

  /** The form on an authorisation (its fields as stored), or empty for a new one. */
  edit(a) {
    this.editing = a;
    const f = this.form.elements;
    this.form.querySelector('h3').textContent = a ? t('legal.edit', { reference: a.reference }) : t('legal.new');
    for (const name of FIELDS)
      f.namedItem(name).value = a ? (name === 'cameraIds' ? a.cameraIds.join(', ') : (a[name] ?? '')) : '';
    if (!a) f.namedItem('kind').value = 'video_protection';
    f.namedItem('retentionDays').value = a?.retentionDays ?? '';
    for (const box of this.form.querySelectorAll('[name=purposes]'))
      box.checked = Boolean(a?.purposes.includes(box.value));
    for (const box of this.form.querySelectorAll('[name=families]'))
      box.checked = Boolean(a?.families.includes(box.value));
    for (const o of f.namedItem('sectorIds').options) o.selected = Boolean(a?.sectorIds.includes(o.value));
    f.namedItem('publishDocument').checked = Boolean(a?.publishDocument);
    fieldErrors(this.form, this.alert, { status: 200 });
    this.alert.textContent = '';
    this.form.hidden = false;
    f.namedItem('authority').focus();
  }

  /** The form as the API's input: families and retention only sent when filled (the API says where they belong). */
  body() {
    const f = this.form.elements;
    const v = (name) => f.namedItem(name).value.trim();
    const checked = (name) => [...this.form.querySelectorAll(`[name=${name}]:checked`)].map((b) => b.value);
    const body = {
      kind: v('kind'),
      authority: v('authority'),
      reference: v('reference'),
      signedOn: v('signedOn'),
      startsOn: v('startsOn'),
      endsOn: v('endsOn'),
      purposes: checked('purposes'),
      purposeText: v('purposeText'),
      cameraIds: v('cameraIds')
        .split(/[\s,;]+/)
        .filter(Boolean),
      sectorIds: [...f.namedItem('sectorIds').selectedOptions].map((o) => o.value),
      publishDocument: f.namedItem('publishDocument').checked,
    };
    if (v('retentionDays')) body.retentionDays = Number(v('retentionDays'));
    const families = checked('families');
    if (families.length) body.families = families;
    return body;
  }

  async save() {
    const a = this.editing;
    const r = a
      ? await this.api('PUT', `/api/authorisations/${enc(a.id)}`, this.body())
      : await this.api('POST', '/api/authorisations', this.body());
    if (!fieldErrors(this.form, this.alert, r)) return;
    await this.load();
    this.edit(r.json);
    this.alert.classList.remove('refused');
    this.alert.textContent = t(a ? 'legal.saved' : 'legal.created', { reference: r.json.reference });
    this.show(r.json);
  }

  /** The document and revocation panel of one authorisation. */
  show(a) {
    this.open = a;
    this.detail.hidden = false;
    this.detail.querySelector('.legal-detail-title').textContent =
      `${t(`legal.kind.${a.kind}`)} — ${a.reference} (${t(`legal.state.${stateOf(a)}`)})` +
      (a.revokedAt ? `. ${t('legal.revokedOn', { at: fmtDateTime(a.revokedAt), reason: a.revokeReason ?? '' })}` : '');
    this.detail.querySelector('.legal-sha').textContent = a.document ? t('legal.sha', { sha: a.document.sha256 }) : '';
    const link = this.detail.querySelector('.legal-download');
    link.hidden = !a.document;
    link.href = `/api/authorisations/${enc(a.id)}/document`;
    const revoke = this.root.querySelector('#revoke-form');
    revoke.hidden = Boolean(a.revokedAt);
    this.detailAlert.textContent = '';
    this.detailAlert.classList.remove('refused');
  }

  /** The chosen file is sent as it is; the centre checks that it is a PDF and its size, and answers its SHA-256. */
  async upload(input) {
    const a = this.open;
    const file = input.files?.[0];
    if (!a) return;
    if (!file) {
      this.detailAlert.textContent = t('legal.choose');
      return;
    }
    const res = await fetch(`/api/authorisations/${enc(a.id)}/document?name=${enc(file.name)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: file,
    });
    const json = await res.json().catch(() => ({}));
    if (!this.answered({ status: res.status, json })) return;
    await this.load();
    this.show(json);
    this.detailAlert.textContent = t('legal.uploaded', { sha: json.document.sha256 });
    input.value = '';
  }

  async revoke(input) {
    const a = this.open;
    if (!a || !confirm(t('legal.confirmRevoke', { reference: a.reference }))) return;
    const r = await this.api('POST', `/api/authorisations/${enc(a.id)}/revoke`, { reason: input.value.trim() });
    if (!this.answered(r)) return;
    input.value = '';
    await this.load();
    this.show(r.json);
    this.detailAlert.textContent = t('legal.revoked', { reference: a.reference });
  }

  answered(r) {
    const ok = r.status < 300;
    this.detailAlert.classList.toggle('refused', !ok);
    if (!ok) this.detailAlert.textContent = r.json.message ?? t('common.refused', { status: r.status });
    return ok;
  }
}
