// The alarm queue: open alarms pushed live over WebSocket, the selected one with its snapshot (box drawn), a clip
// around it from the recordings, and the disposition buttons. Keys: j/k move, a acknowledge, t take it, c confirmed,
// f false alarm, n not actionable.
import { playbackUrl } from './playback.js';

const PRIORITY = { critical: 0, high: 1, medium: 2, low: 3 };
const CLIP_BEFORE_MS = 10_000;
const CLIP_AFTER_MS = 20_000;
// The first segment after an alarm is indexed when it closes (4 s by default), later on a loaded host.
const CLIP_RETRY_MS = 3000;
const CLIP_RETRIES = 40;

export class AlarmQueue {
  /** @param {HTMLElement} root @param {(m: string, p: string, b?: unknown) => Promise<{status: number, json: any}>} api */
  constructor(root, api, onAlarm) {
    this.root = root;
    this.api = api;
    this.onAlarm = onAlarm ?? (() => {});
    this.alarms = new Map();
    this.selected = undefined;
    this.list = root.querySelector('#alarm-list');
    this.detail = root.querySelector('#alarm-detail');
    this.filter = root.querySelector('#alarm-filter');
    // The stream brings changes from now on; closed alarms from before are asked for when the operator shows them.
    this.filter.addEventListener('change', () => void this.loadClosed().then(() => this.render()));
    root.querySelector('#alarm-export').addEventListener('submit', (e) => {
      e.preventDefault();
      this.exportClip(e.target.elements.namedItem('reason').value);
    });
    root.querySelector('#alarm-actions').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-act]');
      if (b) this.act(b.dataset.act, b.dataset.disposition);
    });
    // Escape leaves the comment box for the alarm list, where the letter keys act again.
    root.querySelector('#alarm-comment').addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      this.focusSelected();
    });
  }

  /** Loads the open alarms, then follows changes on the stream (reconnecting if it drops). */
  async start() {
    const r = await this.api('GET', '/api/alarms?state=open&limit=200');
    for (const a of r.json.items ?? []) this.alarms.set(a.id, a);
    // A reload keeps the select's value (the browser restores it): closed/all must show what it says after one.
    await this.loadClosed();
    this.render();
    this.connect();
    await this.stats();
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
        for (const c of [k.kind, k.total, k.open, k.closed, `${k.falseAlarms} (${pct(k.falseAlarmRate)})`])
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
      const a = msg.alarm ?? msg;
      if (!a?.id) return;
      this.alarms.set(a.id, a);
      this.onAlarm(a, msg.change);
      this.render();
      if (msg.change === 'raised') this.stats();
    });
    this.ws.addEventListener('close', () => {
      if (!this.stopped) this.retry = setTimeout(() => this.connect(), 2000);
    });
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
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
    const focused = this.list.contains(document.activeElement) ? document.activeElement.dataset.alarm : undefined;
    const rows = this.visible().map((a) => {
      const li = document.createElement('li');
      li.dataset.alarm = a.id;
      li.dataset.priority = a.priority;
      li.dataset.state = a.state;
      li.tabIndex = 0;
      // aria-current, not aria-selected: a plain list item has no selected state (axe: aria-allowed-attr).
      if (a.id === this.selected) li.setAttribute('aria-current', 'true');
      const when = new Date(time(a.raisedAt)).toLocaleTimeString();
      li.textContent = `${a.priority.toUpperCase()} · ${a.kind} · ${a.cameraName ?? a.cameraId} · ${when} · ${a.state}${a.escalatedAt ? ' · escalated' : ''}`;
      li.addEventListener('click', () => this.select(a.id));
      return li;
    });
    this.list.replaceChildren(...rows);
    if (focused) rows.find((li) => li.dataset.alarm === focused)?.focus();
    if (!rows.length) this.list.innerHTML = '<li class="empty">No alarm.</li>';
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
    const fig = this.detail.querySelector('figure');
    fig.replaceChildren();
    // Camera state alarms and events past their snapshot retention have no picture: none is asked for.
    if (ev?.snapshot) {
      const img = new Image();
      img.alt = `snapshot of ${a.kind}`;
      img.src = `/api/events/${ev.id}/snapshot.jpg`;
      fig.append(img);
      img.addEventListener('load', async () => {
        if (ev.box) drawBox(fig, img, ev);
        if (a.zoneId) await this.drawZone(fig, a.cameraId, a.zoneId);
      });
    }
    const video = this.detail.querySelector('video');
    // A centre-wide alarm (storage) has no camera to play: its newest event says what is wrong.
    if (a.cameraId === '*') {
      this.clip = undefined;
      video.removeAttribute('src');
      video.hidden = true;
      this.detail.querySelector('#alarm-export-link').hidden = true;
      this.detail.querySelector('#alarm-title').textContent =
        `${a.kind} (${a.priority}, ${a.state}): ${a.events?.[0]?.details?.message ?? 'the whole centre'}`;
      this.detail.hidden = false;
      return;
    }
    video.hidden = false;
    const t = time(ev?.startedAt ?? a.raisedAt);
    const clip = { cameraId: a.cameraId, from: new Date(t - CLIP_BEFORE_MS), to: new Date(t + CLIP_AFTER_MS) };
    this.clip = clip;
    this.playClip(video, clip, 0);
    this.detail.querySelector('#alarm-export-link').hidden = true;
    this.detail.querySelector('#alarm-title').textContent =
      `${a.kind} on ${a.cameraName ?? a.cameraId} (${a.priority}, ${a.state})`;
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

  /** The zone of the alarm, from the camera's scene (normalised points), over the snapshot. */
  async drawZone(fig, cameraId, zoneId) {
    const r = await this.api('GET', `/api/cameras/${encodeURIComponent(cameraId)}/analytics`);
    const zone = r.json?.scene?.zones?.find((z) => z.id === zoneId);
    if (!zone) return;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 1 1');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.classList.add('zone-overlay');
    const poly = document.createElementNS(ns, 'polygon');
    poly.setAttribute('points', zone.polygon.map((p) => p.join(',')).join(' '));
    poly.setAttribute('data-zone', zone.id);
    const title = document.createElementNS(ns, 'title');
    title.textContent = zone.name ?? zone.id;
    poly.append(title);
    svg.append(poly);
    fig.append(svg);
  }

  async act(action, disposition) {
    const id = this.selected;
    if (!id) return;
    const msg = this.detail.querySelector('#alarm-message');
    const comment = this.detail.querySelector('#alarm-comment').value || undefined;
    // "Take it": assigned to the user at this console.
    const body = action === 'close' ? { disposition, comment } : action === 'assign' ? { userId: this.me?.userId } : {};
    const r = await this.api('POST', `/api/alarms/${encodeURIComponent(id)}/${action}`, body);
    msg.textContent = r.status === 200 ? '' : (r.json.message ?? `refused (${r.status})`);
    if (r.status === 200) {
      const a = r.json.alarm ?? r.json;
      this.alarms.set(a.id, { ...this.alarms.get(a.id), ...a });
      this.render();
      this.detail.querySelector('#alarm-title').textContent = `${a.kind} on ${a.cameraId} (${a.priority}, ${a.state})`;
      if (action === 'close') {
        this.detail.querySelector('#alarm-comment').value = '';
        await this.stats();
      }
    }
  }

  /** Exports the clip around the alarm (stream copy + SHA-256 manifest, journaled; supervisors and admins). */
  async exportClip(reason) {
    if (!this.clip) return;
    const { cameraId, from, to } = this.clip;
    const body = { from: from.toISOString(), to: new Date(Math.min(Date.now(), to.getTime())).toISOString(), reason };
    const r = await this.api('POST', `/api/cameras/${encodeURIComponent(cameraId)}/exports`, body);
    const msg = this.detail.querySelector('#alarm-message');
    if (r.status !== 201) {
      msg.textContent = r.json.message ?? `export refused (${r.status})`;
      return;
    }
    msg.textContent = `Exported ${r.json.durationSeconds.toFixed(0)} s, SHA-256 ${r.json.sha256.slice(0, 16)}…`;
    const link = this.detail.querySelector('#alarm-export-link');
    link.href = `/api/exports/${r.json.id}.mp4`;
    link.hidden = false;
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
    if (e.key === 'j' || e.key === 'ArrowDown') this.select(list[Math.min(list.length - 1, i + 1)]?.id);
    else if (e.key === 'k' || e.key === 'ArrowUp') this.select(list[Math.max(0, i - 1)]?.id);
    else if (e.key === 'a') this.act('acknowledge');
    else if (e.key === 't') this.act('assign');
    else if (e.key === 'c') this.act('close', 'confirmed');
    else if (e.key === 'f') this.act('close', 'false_alarm');
    else if (e.key === 'n') this.act('close', 'not_actionable');
    else return false;
    return true;
  }
}

/** Times come as epoch ms or ISO strings depending on the endpoint. */
function time(v) {
  return typeof v === 'number' ? v : Date.parse(v);
}

/** The event's box over the snapshot (snapshots are stored at the analysed frame's size). */
function drawBox(fig, img, ev) {
  const w = ev.details?.frameWidth ?? img.naturalWidth;
  const h = ev.details?.frameHeight ?? img.naturalHeight;
  const [x, y, bw, bh] = ev.box;
  const box = document.createElement('div');
  box.className = 'event-box';
  Object.assign(box.style, {
    left: `${(100 * x) / w}%`,
    top: `${(100 * y) / h}%`,
    width: `${(100 * bw) / w}%`,
    height: `${(100 * bh) / h}%`,
  });
  fig.append(box);
}
