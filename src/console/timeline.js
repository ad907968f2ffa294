// The playback timeline of one camera: recorded ranges and gaps (from the recordings index), the camera's events and
// bookmarks as marks, time labels; zoom from a minute to a week (buttons, wheel, + / - keys) and pan, events that
// would overlap grouped into a counted cluster (activating one zooms into it), a thumbnail of the recording under the
// pointer or at the focused cursor. The played file skips the gaps, so a wall-clock time maps to the video's time by
// the covered ranges of the played range before it.
import { fmtDateTime, fmtTime, kindLabel, t } from './i18n.js';
import { TimelinePreview } from './timeline-preview.js';
import { clusterMarks, fileOffset, MAX_SPAN, MIN_SPAN, timeLabels, wallTimeOf } from './timeline-scale.js';

const pct = (v) => `${(100 * v).toFixed(4)}%`;

export class Timeline {
  /** @param {HTMLElement} root @param {HTMLVideoElement} video */
  constructor(root, video, api) {
    this.root = root;
    this.video = video;
    this.api = api;
    this.covered = [];
    this.events = [];
    this.bookmarks = [];
    this.view = { from: 0, to: 1 };
    // The picture's wall-clock time, beside the timeline (data-at: epoch ms, for tests and tools).
    // A <time>, not an <output>: a live region updated four times a second would flood a screen reader.
    this.clock = document.getElementById('timeline-clock');
    this.preview = new TimelinePreview(root, api);
    // The cursor is the keyboard's place on the timeline: focusing it previews the picture there.
    this.cursor = document.createElement('span');
    this.cursor.className = 'cursor';
    this.cursor.id = 'timeline-cursor';
    this.cursor.tabIndex = 0;
    this.cursor.setAttribute('role', 'slider');
    this.cursor.addEventListener('focus', () => this.previewCursor());
    this.cursor.addEventListener('blur', () => this.preview.hide());
    root.addEventListener('click', (e) => this.clicked(e));
    root.addEventListener('mousemove', (e) => {
      const at = this.timeAtX(e.clientX);
      this.preview.show(this.cameraId, at, this.xOf(at), this.recordedAt(at));
    });
    root.addEventListener('mouseleave', () => this.preview.hide());
    // A mark reached by Tab previews its moment too.
    root.addEventListener('focusin', (e) => {
      const d = e.target.dataset ?? {};
      const at = Number(d.eventAt ?? d.bookmarkAt ?? d.clusterFrom);
      if (Number.isFinite(at)) this.preview.show(this.cameraId, at, this.xOf(at), this.recordedAt(at));
    });
    root.addEventListener('focusout', (e) => {
      if (!root.contains(e.relatedTarget)) this.preview.hide();
    });
    root.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    const on = (id, fn) => document.getElementById(id)?.addEventListener('click', fn);
    on('timeline-zoom-in', () => this.zoom(0.5));
    on('timeline-zoom-out', () => this.zoom(2));
    on('timeline-fit', () => this.fit());
    on('timeline-back', () => this.pan(-0.5));
    on('timeline-forward', () => this.pan(0.5));
  }

  /** A played range: its covered parts (for seeking) and events (for jumps); the view fits it. */
  async load(cameraId, from, to) {
    this.cameraId = cameraId;
    this.from = from.getTime();
    this.to = to.getTime();
    const span = await this.fetchSpan(this.from, this.to);
    this.covered = span.covered;
    this.events = span.events.map((e) => e.startedAt).sort((a, b) => a - b);
    this.root.dataset.covered = String(this.covered.length);
    this.root.dataset.events = String(span.events.length);
    this.video.ontimeupdate = () => this.tick();
    this.fit(span);
    return { covered: this.covered.length, gaps: span.gaps.length, events: span.events.length };
  }

  /** Recordings, events and bookmarks of [from, to) (one request each; the index only, no media read). */
  async fetchSpan(from, to) {
    const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    const cam = encodeURIComponent(this.cameraId);
    const [rec, ev, bm] = await Promise.all([
      this.api('GET', `/api/cameras/${cam}/recordings?${q}`),
      this.api('GET', `/api/events?cameraId=${cam}&${q}&limit=500`),
      this.api('GET', `/api/bookmarks?cameraId=${cam}&${q}&limit=500`),
    ]);
    const ranges = (list) => (list ?? []).map((c) => [Date.parse(c.from), Date.parse(c.to)]);
    return {
      from,
      to,
      covered: ranges(rec.json?.covered),
      gaps: ranges(rec.json?.gaps),
      events: Array.isArray(ev.json) ? ev.json : [],
      bookmarks: Array.isArray(bm.json) ? bm.json : [],
    };
  }

  /** Shows [from, to) (bounded to a minute .. a week), fetching what it holds unless given. */
  async setView(from, to, data) {
    let span = Math.max(MIN_SPAN, Math.min(MAX_SPAN, to - from));
    const mid = (from + to) / 2;
    if (span !== to - from) [from, to] = [mid - span / 2, mid + span / 2];
    span = to - from;
    this.view = { from, to };
    this.loads = (this.loads ?? 0) + 1;
    const n = this.loads;
    const got = data ?? (await this.fetchSpan(Math.floor(from), Math.ceil(to)));
    if (n !== this.loads) return; // a later zoom or pan won
    this.shown = got;
    this.render();
  }

  fit(data) {
    const span = this.to - this.from;
    const pad = span < MIN_SPAN ? (MIN_SPAN - span) / 2 : 0;
    return this.setView(this.from - pad, this.to + pad, pad ? undefined : data);
  }

  /** Zooms by `factor` (< 1: in) around `at` (default: the picture's time when in view, else the middle). */
  zoom(factor, at) {
    const { from, to } = this.view;
    const now = this.wallTime(this.video.currentTime);
    const c = at ?? (now !== undefined && now >= from && now < to ? now : (from + to) / 2);
    const span = Math.max(MIN_SPAN, Math.min(MAX_SPAN, (to - from) * factor));
    const k = (c - from) / (to - from);
    return this.setView(c - k * span, c + (1 - k) * span);
  }

  pan(fraction) {
    const d = (this.view.to - this.view.from) * fraction;
    return this.setView(this.view.from + d, this.view.to + d);
  }

  wheel(e) {
    e.preventDefault();
    const r = this.root.getBoundingClientRect();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.pan((e.deltaX || e.deltaY) / r.width);
    else this.zoom(e.deltaY > 0 ? 1.5 : 1 / 1.5, this.timeAtX(e.clientX));
  }

  timeAtX(x) {
    const r = this.root.getBoundingClientRect();
    return this.view.from + ((x - r.left) / r.width) * (this.view.to - this.view.from);
  }

  /** Fraction of the view's width where `at` is. */
  xOf(at) {
    return (at - this.view.from) / (this.view.to - this.view.from);
  }

  recordedAt(at) {
    return (this.shown?.covered ?? []).some(([a, b]) => at >= a && at < b);
  }

  clicked(e) {
    if (e.target === this.cursor) return;
    const cluster = e.target.closest('[data-cluster-from]');
    if (cluster) {
      // Into the cluster, with a margin of a quarter of its width on each side (at least a minute in all).
      const a = Number(cluster.dataset.clusterFrom);
      const b = Number(cluster.dataset.clusterTo);
      const pad = Math.max((b - a) / 4, 5000);
      this.setView(a - pad, b + pad);
      return;
    }
    const mark = e.target.closest('[data-event-at], [data-bookmark-at]');
    const at = mark?.dataset.eventAt
      ? Number(mark.dataset.eventAt) - 3000
      : mark
        ? Number(mark.dataset.bookmarkAt)
        : this.timeAtX(e.clientX);
    // Outside the played range (a zoomed-out view): play a range of the same length around that moment instead.
    if ((at < this.from || at >= this.to) && this.onOutside) this.onOutside(at, this.to - this.from);
    else this.seek(at);
  }

  render() {
    const { from, to } = this.view;
    const width = this.root.clientWidth || 800;
    const place = (el, a, b) => {
      el.style.left = pct(this.xOf(Math.max(a, from)));
      if (b !== undefined) el.style.width = pct((Math.min(b, to) - Math.max(a, from)) / (to - from));
      return el;
    };
    const el = (tag, cls) => Object.assign(document.createElement(tag), { className: cls });
    const inView = ([a, b]) => b > from && a < to;
    const { step, unit, labels } = timeLabels(from, to, width);
    const data = this.shown;
    const times = data.events.map((e) => e.startedAt).sort((a, b) => a - b);
    const byTime = new Map(data.events.map((e) => [e.startedAt, e]));
    const marks = clusterMarks(times, from, to, width).map((g) => {
      const b = place(el('button', g.count > 1 ? 'cluster' : 'tick'), g.at);
      b.type = 'button';
      if (g.count > 1) {
        Object.assign(b.dataset, { clusterFrom: String(g.from), clusterTo: String(g.to), count: String(g.count) });
        b.textContent = String(g.count);
        b.setAttribute('aria-label', t('timeline.cluster', { n: g.count, from: fmtTime(g.from), to: fmtTime(g.to) }));
      } else {
        b.dataset.eventAt = String(g.at);
        const kind = kindLabel(byTime.get(g.at)?.kind ?? '');
        b.setAttribute('aria-label', t('timeline.event', { kind, time: fmtTime(g.at) }));
      }
      b.title = b.getAttribute('aria-label');
      return b;
    });
    this.bookmarks = data.bookmarks;
    const notes = data.bookmarks
      .map((bm) => ({ ...bm, atMs: Date.parse(bm.at) }))
      .filter((bm) => bm.atMs >= from && bm.atMs < to)
      .map((bm) => {
        const b = place(el('button', 'bookmark'), bm.atMs);
        b.type = 'button';
        Object.assign(b.dataset, { bookmarkAt: String(bm.atMs), bookmarkId: bm.id });
        b.setAttribute('aria-label', t('timeline.bookmark', { time: fmtDateTime(bm.atMs), note: bm.note }));
        b.title = `${fmtTime(bm.atMs)} · ${bm.note} (${bm.author})`;
        return b;
      });
    // Re-drawing must not take the focus from the cursor (a playing picture pulls the view along).
    const focused = document.activeElement === this.cursor;
    this.root.replaceChildren(
      ...data.covered.filter(inView).map(([a, b]) => place(el('span', 'covered'), a, b)),
      ...data.gaps.filter(inView).map(([a, b]) => place(el('span', 'gap'), a, b)),
      ...labels.map(([at, text]) => {
        // A label at an edge is aligned inward, not cut in half by the window.
        const x = this.xOf(at);
        const l = place(el('span', `time-label${x < 0.03 ? ' start' : x > 0.97 ? ' end' : ''}`), at);
        l.dataset.at = String(at);
        l.textContent = text;
        return l;
      }),
      ...marks,
      ...notes,
      this.cursor,
      this.preview.el,
    );
    if (focused) this.cursor.focus();
    Object.assign(this.root.dataset, {
      step: String(step),
      unit,
      viewFrom: String(Math.round(from)),
      viewTo: String(Math.round(to)),
      marks: String(marks.length),
      bookmarks: String(notes.length),
    });
    const span = document.getElementById('timeline-span');
    if (span) span.textContent = t('timeline.span', { from: fmtDateTime(from), to: fmtDateTime(to) });
    this.tick();
  }

  /** The cursor and the clock follow the picture; a playing picture that leaves the view pulls the view along. */
  tick() {
    const at = this.wallTime(this.video.currentTime);
    if (at === undefined) return;
    const { from, to } = this.view;
    this.cursor.style.left = pct(this.xOf(at));
    this.cursor.hidden = at < from || at >= to;
    this.cursor.setAttribute('aria-valuemin', String(Math.round(this.from / 1000)));
    this.cursor.setAttribute('aria-valuemax', String(Math.round(this.to / 1000)));
    this.cursor.setAttribute('aria-valuenow', String(Math.round(at / 1000)));
    this.cursor.setAttribute('aria-valuetext', fmtDateTime(at));
    this.cursor.setAttribute('aria-label', t('timeline.cursor'));
    if (this.clock) {
      this.clock.dataset.at = String(Math.round(at));
      this.clock.dateTime = new Date(at).toISOString();
      this.clock.textContent = fmtDateTime(at);
    }
    if (!this.video.paused && at >= to && at - to < to - from)
      this.setView(at - (to - from) * 0.1, at + (to - from) * 0.9);
    if (document.activeElement === this.cursor) this.previewCursor();
  }

  previewCursor() {
    const at = this.wallTime(this.video.currentTime) ?? this.from;
    this.preview.show(this.cameraId, at, this.xOf(at), true);
  }

  /** Seconds into the played file for a wall-clock time (inside or after the nearest covered range). */
  offset(t) {
    return fileOffset(this.covered, t);
  }

  wallTime(seconds) {
    return wallTimeOf(this.covered, seconds);
  }

  /** Jumps to the next (dir 1) or previous (dir -1) event mark from the picture's time; false when there is none. */
  jump(dir) {
    const now = this.wallTime(this.video.currentTime) ?? this.from;
    // 3 s before a mark is where a jump lands: "previous" must skip the one just jumped to.
    const next =
      dir > 0 ? this.events.find((t) => t - 3000 > now + 500) : this.events.findLast((t) => t - 3000 < now - 1500);
    if (next === undefined) return false;
    this.seek(next - 3000);
    return true;
  }

  /** The picture's wall-clock time now (undefined before the video has a position in a covered range). */
  now() {
    return this.wallTime(this.video.currentTime);
  }

  /** Re-reads what the view shows (after a bookmark was added). */
  refresh() {
    return this.setView(this.view.from, this.view.to);
  }

  seek(t) {
    this.video.currentTime = this.offset(Math.max(this.from, Math.min(this.to, t)));
  }
}
