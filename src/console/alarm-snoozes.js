// Snoozes: a camera's kind silenced for N minutes from the selected alarm (its events are still recorded, no alarm
// is raised), and the list of running snoozes with "end now". Other consoles' snoozes arrive on the alarm stream.
import { fmtShortTime, kindLabel, t } from './i18n.js';

export class SnoozePanel {
  /**
   * @param {HTMLElement} root the alarm section @param {Function} api @param {AddEventListenerOptions} on (its signal
   * ends the listeners) @param {(id: string) => string} nameOf
   */
  constructor(root, api, on, nameOf) {
    this.api = api;
    this.nameOf = nameOf;
    this.snoozes = new Map();
    this.list = root.querySelector('#snooze-list');
    this.form = root.querySelector('#alarm-snooze');
    this.msg = root.querySelector('#alarm-message');
    this.list.addEventListener(
      'click',
      (e) => {
        const b = e.target.closest('button[data-snooze]');
        if (b) this.end(b.dataset.snooze);
      },
      on,
    );
  }

  async load() {
    const r = await this.api('GET', '/api/alarms/snoozes');
    if (r.status !== 200) return;
    this.snoozes = new Map(r.json.map((s) => [s.id, s]));
    this.render();
  }

  /** A stream message: `{type: 'snooze', change: 'snoozed' | 'ended', snooze}`. */
  changed(msg) {
    if (msg.change === 'ended') this.snoozes.delete(msg.snooze.id);
    else this.snoozes.set(msg.snooze.id, msg.snooze);
    this.render();
  }

  /** Silences the alarm's camera and kind for the chosen minutes, with the reason typed. */
  async snooze(alarm) {
    const f = this.form.elements;
    if (!alarm || !this.form.reportValidity()) return false;
    const body = {
      cameraId: alarm.cameraId,
      kind: alarm.kind,
      minutes: Number(f.minutes.value),
      reason: f.reason.value,
    };
    const r = await this.api('POST', '/api/alarms/snoozes', body);
    if (r.status !== 201) {
      this.msg.textContent = r.json.message ?? t('alarms.refused', { status: r.status });
      return false;
    }
    f.reason.value = '';
    this.snoozes.set(r.json.id, r.json);
    this.render();
    const vars = {
      kind: kindLabel(r.json.kind),
      camera: this.nameOf(r.json.cameraId),
      until: fmtShortTime(r.json.until),
    };
    this.msg.textContent = t('alarms.snooze.done', vars);
    return true;
  }

  async end(id) {
    const r = await this.api('DELETE', `/api/alarms/snoozes/${encodeURIComponent(id)}`);
    if (r.status !== 200 && r.status !== 404) {
      this.msg.textContent = r.json.message ?? t('alarms.refused', { status: r.status });
      return;
    }
    this.snoozes.delete(id);
    this.render();
  }

  render() {
    const items = [...this.snoozes.values()].sort((a, b) => a.until - b.until);
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = t('alarms.snoozes.none');
      this.list.replaceChildren(li);
      return;
    }
    this.list.replaceChildren(
      ...items.map((s) => {
        const li = document.createElement('li');
        li.dataset.snoozeId = s.id;
        const vars = { camera: this.nameOf(s.cameraId), kind: kindLabel(s.kind) };
        const text = t('alarms.snoozes.item', {
          ...vars,
          until: fmtShortTime(s.until),
          by: s.createdBy,
          reason: s.reason,
        });
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.snooze = s.id;
        b.textContent = t('alarms.snoozes.end');
        b.setAttribute('aria-label', t('alarms.snoozes.endLabel', vars));
        li.append(`${text} `, b);
        return li;
      }),
    );
  }
}
