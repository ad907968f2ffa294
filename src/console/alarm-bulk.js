// Bulk close: alarms chosen with their boxes (or x on a row, or "select all shown"), closed together with one
// disposition and an optional comment. The server closes each exactly as a single close (journaled per alarm) and
// says per id what happened; what could not be closed is told, not hidden.
import { t } from './i18n.js';

export class BulkClose {
  /**
   * @param {HTMLElement} root the alarm section @param {Function} api @param {AddEventListenerOptions} on (its signal
   * ends the listeners) @param {() => any[]} shown
   */
  constructor(root, api, on, shown, onDone) {
    this.api = api;
    this.shown = shown;
    this.onDone = onDone;
    this.chosen = new Set();
    this.form = root.querySelector('#alarm-bulk');
    this.count = root.querySelector('#alarm-bulk-count');
    this.all = root.querySelector('#alarm-select-all');
    this.msg = root.querySelector('#alarm-message');
    this.form.addEventListener(
      'submit',
      (e) => {
        e.preventDefault();
        this.close();
      },
      on,
    );
    this.all.addEventListener(
      'change',
      () => {
        for (const a of this.shown()) if (a.state !== 'closed') this.set(a.id, this.all.checked);
        this.sync();
      },
      on,
    );
  }

  set(id, on) {
    if (on) this.chosen.add(id);
    else this.chosen.delete(id);
  }

  toggle(id) {
    this.set(id, !this.chosen.has(id));
    this.sync();
  }

  /** Boxes, the count and "select all" as the chosen set says; ids no longer shown are dropped. */
  sync() {
    const shown = new Set(this.shown().map((a) => a.id));
    for (const id of this.chosen) if (!shown.has(id)) this.chosen.delete(id);
    for (const box of this.form.ownerDocument.querySelectorAll('#alarm-list input[data-choose]'))
      box.checked = this.chosen.has(box.dataset.choose);
    this.count.textContent = t('alarms.bulk.count', { n: this.chosen.size });
    const open = this.shown().filter((a) => a.state !== 'closed');
    this.all.checked = open.length > 0 && open.every((a) => this.chosen.has(a.id));
  }

  async close() {
    if (!this.chosen.size) {
      this.msg.textContent = t('alarms.bulk.none');
      return;
    }
    const f = this.form.elements;
    const comment = f.comment.value.trim();
    const body = { ids: [...this.chosen], disposition: f.disposition.value, ...(comment && { comment }) };
    const r = await this.api('POST', '/api/alarms/close', body);
    if (r.status !== 200) {
      this.msg.textContent = r.json.message ?? t('alarms.refused', { status: r.status });
      return;
    }
    const closed = r.json.results.filter((x) => x.outcome === 'closed');
    this.msg.textContent = t('alarms.bulk.done', {
      closed: closed.length,
      other: r.json.results.length - closed.length,
    });
    this.chosen.clear();
    f.comment.value = '';
    this.onDone(closed.map((x) => x.alarm));
  }
}
