import { AccessCopyPanel } from './access-copy.js';
import { button, row } from './admin-fleet.js';
import { fieldErrors } from './admin-legal.js';
import { fmtDateTime, t } from './i18n.js';

// Right-of-access requests (law.md L7): the register with each request's deadline counted down in the centre's days
// (the API computes it: the browser's time zone may not be the centre's), and the form that registers one. The API
// does every check (retention, sectors, dates) and the page says what it answered, beside the field it names.

/** The countdown as read: days left, due today, or overdue by n days (answered requests show no countdown). */
export function countdown(r) {
  if (!['received', 'in_progress'].includes(r.state)) return '';
  if (r.overdue) return t('requests.overdue', { n: -r.daysLeft });
  return r.daysLeft === 0 ? t('requests.dueToday') : t('requests.daysLeft', { n: r.daysLeft });
}

export class AccessRequests {
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.form = root.querySelector('#request-form');
    this.alert = root.querySelector('#request-alert');
    this.copy = new AccessCopyPanel(api);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.create();
    });
  }

  /** Auditors read the register; the form is for those who handle requests. */
  async load(role) {
    this.form.hidden = !['admin', 'supervisor'].includes(role ?? this.role);
    if (role) this.role = role;
    const r = await this.api('GET', '/api/access-requests');
    this.render(r.status === 200 ? r.json : []);
  }

  clear() {
    this.copy.close();
    this.root.querySelector('#request-table tbody').replaceChildren();
    this.alert.textContent = '';
  }

  render(list) {
    const body = this.root.querySelector('#request-table tbody');
    if (!list.length) {
      const tr = document.createElement('tr');
      const td = tr.insertCell();
      td.colSpan = 8;
      td.textContent = t('requests.none');
      return body.replaceChildren(tr);
    }
    body.replaceChildren(
      ...list.map((r) => {
        const tr = row(
          [
            r.reference,
            r.receivedOn,
            r.extension ? `${r.extension.dueOn} (${t('requests.extended', { reason: r.extension.reason })})` : r.dueOn,
            countdown(r),
            t(`requests.state.${r.state}`),
            r.cameraIds.join(', '),
            `${fmtDateTime(new Date(r.from))} – ${fmtDateTime(new Date(r.to))}`,
          ],
          ...this.actions(r),
        );
        tr.dataset.id = r.id;
        if (r.overdue) tr.classList.add('overdue');
        return tr;
      }),
    );
  }

  /** The steps the request's state allows, for those who handle requests (the API refuses the rest with 409). */
  actions(r) {
    if (!['admin', 'supervisor'].includes(this.role)) return [];
    const open = ['received', 'in_progress'].includes(r.state);
    const steps = [
      ...(r.state === 'received' ? ['start'] : []),
      ...(open ? ['answer', 'partial', 'refuse'] : []),
      ...(open && !r.extension ? ['extend'] : []),
      ...(open ? ['copy'] : []),
      ...(['answered', 'partially_answered', 'refused'].includes(r.state) ? ['close'] : []),
    ];
    return steps.map((s) => button(t(`requests.step.${s}`), () => this.step(r, s), s));
  }

  /** Asks what a step needs (a reason, a new deadline) and sends it; a cancelled question sends nothing. */
  async step(r, s) {
    if (s === 'copy') return this.copy.open(r, this.root.querySelector('#request-table'));
    const ask = (key) => {
      const v = prompt(t(key));
      return v === null ? undefined : v.trim();
    };
    let body = { step: s };
    if (s === 'partial' || s === 'refuse') {
      const reason = ask('requests.reasonPrompt');
      if (reason === undefined) return;
      body = s === 'partial' ? { step: 'answer', partial: true, reason } : { step: 'refuse', reason };
    } else if (s === 'extend') {
      const dueOn = ask('requests.dueOnPrompt');
      const reason = dueOn === undefined ? undefined : ask('requests.reasonPrompt');
      if (reason === undefined) return;
      body = { step: 'extend', dueOn, reason };
    }
    const res = await this.api('POST', `/api/access-requests/${encodeURIComponent(r.id)}/steps`, body);
    this.alert.classList.toggle('refused', res.status >= 300);
    this.alert.textContent = res.status < 300 ? '' : (res.json.message ?? t('common.refused', { status: res.status }));
    await this.load();
  }

  async create() {
    const f = this.form.elements;
    const iso = (v) => (v ? new Date(v).toISOString() : v);
    const body = {
      reference: f.reference.value.trim(),
      receivedOn: f.receivedOn.value,
      cameraIds: f.cameraIds.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      from: iso(f.from.value),
      to: iso(f.to.value),
      description: f.description.value.trim(),
    };
    this.alert.classList.remove('refused');
    const r = await this.api('POST', '/api/access-requests', body);
    if (!fieldErrors(this.form, this.alert, r)) return;
    this.alert.textContent = t('requests.saved', { reference: r.json.reference, dueOn: r.json.dueOn });
    this.form.reset();
    await this.load();
  }
}
