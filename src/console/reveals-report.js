// The reveals report (issue 21) for supervisors, admins and auditors: every lift of the blur, who, why (the reason or
// the alarm), from when to when and how it ended, filtered by camera and dates (GET /api/reveals, newest first).
import { fmtDateTime, t } from './i18n.js';

const option = (value, text) => Object.assign(document.createElement('option'), { value, textContent: text });
/** A datetime-local field's value as an ISO instant in the browser's zone; '' when empty. */
const instant = (v) => (v ? new Date(v).toISOString() : '');

export class RevealsReport {
  /** @param {HTMLElement} root @param {(m: string, p: string) => Promise<{status: number, json: any}>} api */
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.form = root.querySelector('#reveals-form');
    this.status = root.querySelector('#reveals-status');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.load();
    });
  }

  setCameras(cameras) {
    const select = this.form.elements.namedItem('cameraId');
    const was = select.value;
    select.replaceChildren(option('', t('reveals.anyCamera')), ...cameras.map((c) => option(c.id, c.name)));
    select.value = cameras.some((c) => c.id === was) ? was : '';
  }

  async load() {
    const f = this.form.elements;
    const q = new URLSearchParams();
    for (const [k, v] of [
      ['cameraId', f.namedItem('cameraId').value],
      ['from', instant(f.namedItem('from').value)],
      ['to', instant(f.namedItem('to').value)],
    ])
      if (v) q.set(k, v);
    const r = await this.api('GET', `/api/reveals${q.size ? `?${q}` : ''}`);
    if (r.status !== 200) {
      this.status.textContent = r.json?.message ?? t('common.refused', { status: r.status });
      return this.render([]);
    }
    const items = r.json.items ?? [];
    this.status.textContent = t('reveals.count', { n: items.length });
    this.render(items);
  }

  render(items) {
    const body = this.root.querySelector('#reveals-table tbody');
    if (!items.length) {
      const tr = document.createElement('tr');
      const td = tr.insertCell();
      td.colSpan = 7;
      td.textContent = t('reveals.none');
      return body.replaceChildren(tr);
    }
    body.replaceChildren(
      ...items.map((x) => {
        const tr = document.createElement('tr');
        tr.dataset.reveal = x.id;
        // How it ended: early (End, by the user) or when its time was up (the centre).
        const how = x.how === 'early' ? t('reveals.how.early') : x.how === 'expired' ? t('reveals.how.expired') : '';
        const ended = x.endedAt
          ? `${fmtDateTime(x.endedAt)}${how && ` (${how})`}`
          : Date.parse(x.until) > Date.now()
            ? t('reveals.ongoing')
            : '—';
        for (const c of [
          fmtDateTime(x.from),
          fmtDateTime(x.until),
          ended,
          x.cameraName ?? x.cameraId,
          x.actor,
          x.reason ?? '',
          x.alarmId ? t('reveals.fromAlarm', { id: x.alarmId.slice(0, 8) }) : '',
        ])
          tr.insertCell().textContent = String(c);
        return tr;
      }),
    );
  }

  clear() {
    this.root.querySelector('#reveals-table tbody').replaceChildren();
    this.status.textContent = '';
  }
}
