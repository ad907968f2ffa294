// The alarm queue: open alarms pushed live over WebSocket, the selected one with its snapshot (box drawn), a clip
// around it from the recordings, and the disposition buttons, all on one screen (1366x768 up). Keys: j/k move,
// Enter/Space open, x choose for bulk close, a acknowledge, t take it, c confirmed, f false alarm, n not
// actionable, s snooze. Rows (alarm-rows.js), bulk close (alarm-bulk.js) and snoozes (alarm-snoozes.js) apart.
import { BulkClose } from './alarm-bulk.js';
import { drawBox, drawZone, exportClip, revealFromAlarm, showRevealButton } from './alarm-media.js';
import { alarmRow, refreshAges, time } from './alarm-rows.js';
import { SnoozePanel } from './alarm-snoozes.js';
import { fmtDateTime, kindLabel, priorityLabel, stateLabel, t } from './i18n.js';
import { playbackUrl } from './playback.js';

const PRIORITY = { critical: 0, high: 1, medium: 2, low: 3 };
const CLIP_BEFORE_MS = 10_000;
const CLIP_AFTER_MS = 20_000;
// The first segment after an alarm is indexed when it closes (4 s by default), later on a loaded host.
const CLIP_RETRY_MS = 3000;
const CLIP_RETRIES = 40;
/** Ages on the rows move on this often. */
const AGE_EVERY_MS = 15_000;

export class AlarmQueue {
  /** @param {HTMLElement} root @param {(m: string, p: string, b?: unknown) => Promise<{status: number, json: any}>} api */
  constructor(root, api, onAlarm) {
    this.root = root;
    this.api = api;
    this.onAlarm = onAlarm ?? (() => {});
    /** After a reveal from an alarm: the camera's open live views reconnect (app.js). */
    this.onRevealed = () => {};
    this.alarms = new Map();
    this.selected = undefined;
    this.list = root.querySelector('#alarm-list');
    this.detail = root.querySelector('#alarm-detail');
    this.filter = root.querySelector('#alarm-filter');
    // The page outlives a queue (logout, login again): its listeners go with it, or two queues would act twice.
    this.ended = new AbortController();
    const on = { signal: this.ended.signal };
    /** Camera id → name (rows and titles name the camera, not its id); rule per alarm, from its first event. */
    this.names = new Map();
    this.rules = new Map();
    this.bulk = new BulkClose(
      root,
      api,
      on,
      () => this.visible(),
      (closed) => {
        for (const a of closed) this.alarms.set(a.id, { ...this.alarms.get(a.id), ...a });
        this.render();
        this.stats();
        // Back on the list: the keys go on working without reaching for the mouse.
        this.focusSelected();
      },
    );
    this.snoozes = new SnoozePanel(root, api, on, (id) => this.nameOf(id));
    root.querySelector('#alarm-snooze').addEventListener(
      'submit',
      (e) => {
        e.preventDefault();
        this.snoozes.snooze(this.alarms.get(this.selected)).then((ok) => ok && this.focusSelected());
      },
      on,
    );
    // A box toggles its alarm's choice without opening it.
    this.list.addEventListener(
      'click',
      (e) => {
        const box = e.target.closest('input[data-choose]');
        if (box) {
          e.stopPropagation();
          this.bulk.toggle(box.dataset.choose);
          return;
        }
        const li = e.target.closest('li[data-alarm]');
        if (li) this.select(li.dataset.alarm);
      },
      on,
    );
    // The stream brings changes from now on; closed alarms from before are asked for when the operator shows them.
    this.filter.addEventListener('change', () => void this.loadClosed().then(() => this.render()), on);
    root.querySelector('#alarm-export').addEventListener(
      'submit',
      (e) => {
        e.preventDefault();
        exportClip(this.api, this.detail, this.clip, e.target.elements.namedItem('reason').value);
      },
      on,
    );
    root.querySelector('#alarm-reveal').addEventListener(
      'click',
      () => {
        const a = this.alarms.get(this.selected);
        if (a) revealFromAlarm(this.api, this.detail, a, this.nameOf(a.cameraId), this.onRevealed);
      },
      on,
    );
    root.querySelector('#alarm-actions').addEventListener(
      'click',
      (e) => {
        const b = e.target.closest('button[data-act]');
        if (b) this.act(b.dataset.act, b.dataset.disposition);
      },
      on,
    );
    // Escape leaves the comment box (or any field of the screen) for the alarm list, where the letter keys act again.
    root.addEventListener(
      'keydown',
      (e) => {
        if (e.key !== 'Escape' || !e.target.matches('input, select')) return;
        e.preventDefault();
        this.focusSelected();
      },
      on,
    );
  }

  /** Loads the open alarms, then follows changes on the stream (reconnecting if it drops). */
  async start() {
    const [r, cams, evs] = await Promise.all([
      this.api('GET', '/api/alarms?state=open&limit=200'),
      this.api('GET', '/api/cameras?limit=1000'),
      this.api('GET', '/api/events?limit=1000'),
    ]);
    for (const c of cams.json?.items ?? []) this.names.set(c.id, c.name);
    // The rule of an alarm is carried by its events (details.rule): the newest events cover the open alarms.
    for (const e of Array.isArray(evs.json) ? evs.json : []) if (e.details?.rule) this.rules.set(e.id, e.details.rule);
    for (const a of r.json.items ?? []) this.alarms.set(a.id, a);
    // A reload keeps the select's value (the browser restores it): closed/all must show what it says after one.
    await this.loadClosed();
    this.render();
    this.connect();
    // Snoozes that ran out leave the list (their end is not pushed: nobody ended them) at most a minute late.
    let ticks = 0;
    this.ageTimer = setInterval(() => {
      refreshAges(this.list);
      if (++ticks % 4 === 0) this.snoozes.load();
    }, AGE_EVERY_MS);
    await Promise.all([this.stats(), this.snoozes.load()]);
  }

  nameOf(cameraId) {
    return cameraId === '*' ? t('alarms.centreWide') : (this.names.get(cameraId) ?? cameraId);
  }

  ruleOf(a) {
    return this.rules.get(a.eventIds?.[0]);
  }

  /** The rule of an alarm raised after the page loaded: its first event, asked once. */
  async learnRule(a) {
    const id = a.eventIds?.[0];
    if (!id || this.rules.has(id) || a.cameraId === '*') return;
    this.rules.set(id, undefined);
    const r = await this.api('GET', `/api/events/${encodeURIComponent(id)}`);
    if (r.status !== 200 || !r.json.details?.rule) return;
    this.rules.set(id, r.json.details.rule);
    this.render();
  }

  /** The latest closed alarms, once, when "closed" or "all" is shown. */
  async loadClosed() {
    if (this.filter.value === 'open' || this.closedLoaded) return;
    const r = await this.api('GET', '/api/alarms?state=closed&limit=200');
    if (r.status !== 200) return;
    this.closedLoaded = true;
    for (const a of r.json.items ?? []) if (!this.alarms.has(a.id)) this.alarms.set(a.id, a);
  }

  /** Per kind: raised, open, closed and the false-alarm rate (what tunes each analytic, and the public register). */
  async stats() {
    const r = await this.api('GET', '/api/alarms/stats');
    if (r.status !== 200) return;
    const pct = (x) => (x === null ? '—' : `${Math.round(100 * x)} %`);
    this.root.querySelector('#alarm-stats tbody').replaceChildren(
      ...r.json.byKind.map((k) => {
        const tr = document.createElement('tr');
        for (const c of [kindLabel(k.kind), k.total, k.open, k.closed, `${k.falseAlarms} (${pct(k.falseAlarmRate)})`])
          tr.insertCell().textContent = String(c);
        return tr;
      }),
    );
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    this.ws = new WebSocket(`${proto}://${location.host}/api/alarms/stream`);
    this.ws.addEventListener('message', (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type === 'snooze') return this.snoozes.changed(msg);
      const a = msg.alarm ?? msg;
      if (!a?.id) return;
      this.alarms.set(a.id, a);
      this.onAlarm(a, msg.change);
      this.render();
      if (msg.change === 'raised') {
        this.stats();
        this.learnRule(a);
      }
    });
    this.ws.addEventListener('close', () => {
      if (!this.stopped) this.retry = setTimeout(() => this.connect(), 2000);
    });
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.ageTimer);
    this.ended.abort();
    this.ws?.close();
  }

  visible() {
    const f = this.filter.value;
    return [...this.alarms.values()]
      .filter((a) => (f === 'open' ? a.state !== 'closed' : f === 'closed' ? a.state === 'closed' : true))
      .sort((a, b) => PRIORITY[a.priority] - PRIORITY[b.priority] || time(b.raisedAt) - time(a.raisedAt));
  }

  render() {
    // A row re-drawn under the keyboard keeps the focus (a live update must not throw the operator out of the list).
    const focused = this.list.contains(document.activeElement)
      ? document.activeElement.closest('li')?.dataset.alarm
      : undefined;
    const rows = this.visible().map((a) =>
      alarmRow(a, {
        name: this.nameOf(a.cameraId),
        rule: this.ruleOf(a),
        chosen: this.bulk.chosen.has(a.id),
        current: a.id === this.selected,
      }),
    );
    this.list.replaceChildren(...rows);
    if (focused) rows.find((li) => li.dataset.alarm === focused)?.focus();
    if (!rows.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = t('alarms.empty');
      this.list.replaceChildren(li);
    }
    this.bulk.sync();
  }

  /** The detail's heading and facts: kind on the camera's name, priority, state, zone, rule, when. */
  describe(a) {
    this.detail.querySelector('#alarm-title').textContent = t('alarms.title', {
      kind: kindLabel(a.kind),
      camera: this.nameOf(a.cameraId),
    });
    const rule = this.ruleOf(a);
    this.detail.querySelector('#alarm-facts').textContent = [
      priorityLabel(a.priority),
      stateLabel(a.state),
      a.zoneId && t('alarms.row.zone', { zone: a.zoneId }),
      rule && rule !== a.zoneId && t('alarms.row.rule', { rule }),
      t('alarms.raisedAt', { when: fmtDateTime(time(a.raisedAt)) }),
      a.eventCount > 1 && t('alarms.row.events', { n: a.eventCount }),
    ]
      .filter(Boolean)
      .join(' · ');
  }

  async select(id) {
    // A comment belongs to the alarm it was typed for: another alarm opens with an empty box.
    if (id !== this.selected) this.detail.querySelector('#alarm-comment').value = '';
    this.selected = id;
    this.render();
    const r = await this.api('GET', `/api/alarms/${encodeURIComponent(id)}`);
    if (r.status !== 200) return;
    const a = r.json;
    this.alarms.set(a.id, { ...this.alarms.get(a.id), ...a });
    // The first event of the situation shows where it began (events come newest first).
    const ev = a.events?.[a.events.length - 1];
    if (ev?.details?.rule && a.eventIds?.[0]) this.rules.set(a.eventIds[0], ev.details.rule);
    this.describe(this.alarms.get(a.id));
    showRevealButton(this.detail, a, this.me?.role);
    const fig = this.detail.querySelector('figure');
    fig.replaceChildren();
    // Camera state alarms and events past their snapshot retention have no picture: none is asked for.
    if (ev?.snapshot) {
      const img = new Image();
      img.alt = t('alarms.snapshot', { kind: kindLabel(a.kind) });
      fig.style.setProperty('--ar', '16 / 9');
      img.src = `/api/events/${ev.id}/snapshot.jpg`;
      fig.append(img);
      img.addEventListener('load', async () => {
        // The figure takes the picture's own shape, so that the box and the zone drawn over it stay in place.
        fig.style.setProperty('--ar', `${img.naturalWidth} / ${img.naturalHeight}`);
        if (ev.box) drawBox(fig, img, ev);
        if (a.zoneId) await drawZone(this.api, fig, a.cameraId, a.zoneId);
      });
    }
    const video = this.detail.querySelector('video');
    // A centre-wide alarm (storage) has no camera to play: its newest event says what is wrong.
    if (a.cameraId === '*') {
      this.clip = undefined;
      video.removeAttribute('src');
      video.hidden = true;
      this.detail.querySelector('#alarm-export-link').hidden = true;
      const what = a.events?.[0]?.details?.message;
      if (what) this.detail.querySelector('#alarm-facts').append(` · ${what}`);
      this.detail.hidden = false;
      return;
    }
    video.hidden = false;
    const at = time(ev?.startedAt ?? a.raisedAt);
    const clip = { cameraId: a.cameraId, from: new Date(at - CLIP_BEFORE_MS), to: new Date(at + CLIP_AFTER_MS) };
    this.clip = clip;
    this.playClip(video, clip, 0);
    this.detail.querySelector('#alarm-export-link').hidden = true;
    this.detail.hidden = false;
  }

  /**
   * Plays the clip; an alarm opened as it is raised may come before its first recorded segment is indexed (404):
   * asked again every few seconds while the same alarm stays open.
   */
  playClip(video, clip, tries) {
    video.onerror = () => {
      if (this.clip !== clip || tries >= CLIP_RETRIES) return;
      setTimeout(() => this.clip === clip && this.playClip(video, clip, tries + 1), CLIP_RETRY_MS);
    };
    video.src = playbackUrl(clip.cameraId, clip.from, clip.to);
    video.load();
  }

  async act(action, disposition) {
    const id = this.selected;
    if (!id) return;
    const msg = this.detail.querySelector('#alarm-message');
    const comment = this.detail.querySelector('#alarm-comment').value || undefined;
    // "Take it": assigned to the user at this console.
    const body = action === 'close' ? { disposition, comment } : action === 'assign' ? { userId: this.me?.userId } : {};
    const r = await this.api('POST', `/api/alarms/${encodeURIComponent(id)}/${action}`, body);
    msg.textContent = r.status === 200 ? '' : (r.json.message ?? t('alarms.refused', { status: r.status }));
    if (r.status === 200) {
      const a = r.json.alarm ?? r.json;
      this.alarms.set(a.id, { ...this.alarms.get(a.id), ...a });
      this.render();
      this.describe(this.alarms.get(a.id));
      if (action === 'close') {
        this.detail.querySelector('#alarm-comment').value = '';
        await this.stats();
      }
    }
  }

  focusSelected() {
    const li = [...this.list.querySelectorAll('li[data-alarm]')].find((x) => x.dataset.alarm === this.selected);
    (li ?? this.list.querySelector('li') ?? document.body).focus();
  }

  /** Keyboard shortcuts while the alarm view is shown. */
  key(e) {
    // Enter or Space on a focused alarm opens it, as a click does.
    const row = e.target.closest?.('#alarm-list li[data-alarm]');
    if (row && (e.key === 'Enter' || e.key === ' ')) {
      this.select(row.dataset.alarm).then(() => this.focusSelected());
      return true;
    }
    const list = this.visible();
    const i = list.findIndex((a) => a.id === this.selected);
    // Moving also moves the focus onto the row, where Enter, Space and x then act.
    const go = (a) => a && this.select(a.id).then(() => this.focusSelected());
    if (e.key === 'j' || e.key === 'ArrowDown') go(list[Math.min(list.length - 1, i + 1)]);
    else if (e.key === 'k' || e.key === 'ArrowUp') go(list[Math.max(0, i - 1)]);
    else if (e.key === 'x') {
      const id = row?.dataset.alarm ?? this.selected;
      if (id) this.bulk.toggle(id);
    } else if (e.key === 's' && this.selected) this.detail.querySelector('#alarm-snooze select').focus();
    else if (e.key === 'a') this.act('acknowledge');
    else if (e.key === 't') this.act('assign');
    else if (e.key === 'c') this.act('close', 'confirmed');
    else if (e.key === 'f') this.act('close', 'false_alarm');
    else if (e.key === 'n') this.act('close', 'not_actionable');
    else return false;
    return true;
  }
}
