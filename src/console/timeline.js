// The playback timeline of one camera: recorded ranges and gaps (from the recordings index), the camera's events
// as ticks; click to seek, click an event to jump to it. The played file skips the gaps, so a wall-clock time maps
// to the video's time by the covered ranges before it.

export class Timeline {
  /** @param {HTMLElement} root @param {HTMLVideoElement} video */
  constructor(root, video, api) {
    this.root = root;
    this.video = video;
    this.api = api;
    this.covered = [];
    this.events = [];
    // The picture's wall-clock time, beside the timeline (data-at: epoch ms, for tests and tools).
    // A <time>, not an <output>: a live region updated four times a second would flood a screen reader.
    this.clock = document.createElement('time');
    this.clock.id = 'timeline-clock';
    this.clock.className = 'timeline-clock';
    this.root.after(this.clock);
    this.root.addEventListener('click', (e) => {
      const tick = e.target.closest('[data-event-at]');
      const r = this.root.getBoundingClientRect();
      const at = tick
        ? Number(tick.dataset.eventAt) - 3000
        : this.from + ((e.clientX - r.left) / r.width) * (this.to - this.from);
      this.seek(at);
    });
  }

  async load(cameraId, from, to) {
    this.from = from.getTime();
    this.to = to.getTime();
    const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const [rec, ev] = await Promise.all([
      this.api('GET', `/api/cameras/${encodeURIComponent(cameraId)}/recordings?${q}`),
      this.api('GET', `/api/events?cameraId=${encodeURIComponent(cameraId)}&${q}&limit=500`),
    ]);
    this.covered = (rec.json.covered ?? []).map((c) => [Date.parse(c.from), Date.parse(c.to)]);
    const gaps = (rec.json.gaps ?? []).map((g) => [Date.parse(g.from), Date.parse(g.to)]);
    const events = Array.isArray(ev.json) ? ev.json : [];
    const pct = (t) => `${(100 * (t - this.from)) / (this.to - this.from)}%`;
    const span = (cls, [a, b]) => {
      const d = document.createElement('span');
      d.className = cls;
      Object.assign(d.style, { left: pct(a), width: `${(100 * (b - a)) / (this.to - this.from)}%` });
      return d;
    };
    const ticks = events.map((e) => {
      const d = document.createElement('button');
      d.type = 'button';
      d.className = 'tick';
      d.dataset.eventAt = String(e.startedAt);
      d.title = `${e.kind} at ${new Date(e.startedAt).toLocaleTimeString()}`;
      d.style.left = pct(e.startedAt);
      return d;
    });
    this.events = events.map((e) => e.startedAt).sort((a, b) => a - b);
    this.cursor = document.createElement('span');
    this.cursor.className = 'cursor';
    this.root.replaceChildren(
      ...this.covered.map((c) => span('covered', c)),
      ...gaps.map((g) => span('gap', g)),
      ...timeLabels(this.from, this.to).map(([t, text]) => {
        const l = document.createElement('span');
        l.className = 'time-label';
        l.textContent = text;
        l.style.left = pct(t);
        return l;
      }),
      ...ticks,
      this.cursor,
    );
    this.root.dataset.covered = String(this.covered.length);
    this.root.dataset.events = String(events.length);
    this.video.ontimeupdate = () => {
      const t = this.wallTime(this.video.currentTime);
      if (t === undefined) return;
      this.cursor.style.left = pct(t);
      this.clock.dataset.at = String(Math.round(t));
      this.clock.dateTime = new Date(t).toISOString();
      this.clock.textContent = new Date(t).toLocaleString();
    };
    return { covered: this.covered.length, gaps: gaps.length, events: events.length };
  }

  /** Seconds into the played file for a wall-clock time (inside or after the nearest covered range). */
  offset(t) {
    let s = 0;
    for (const [a, b] of this.covered) {
      if (t < a) return s;
      if (t < b) return s + (t - a) / 1000;
      s += (b - a) / 1000;
    }
    return s;
  }

  wallTime(seconds) {
    let s = seconds;
    for (const [a, b] of this.covered) {
      if (s <= (b - a) / 1000) return a + s * 1000;
      s -= (b - a) / 1000;
    }
    return undefined;
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

  seek(t) {
    this.video.currentTime = this.offset(Math.max(this.from, Math.min(this.to, t)));
  }
}

const STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);

/** Round times across [from, to), at most about six, with their labels in the user's locale. */
export function timeLabels(from, to) {
  const step = STEPS.find((s) => (to - from) / s <= 6) ?? STEPS.at(-1);
  const withSeconds = step < 60_000;
  const days = to - from > 86_400_000;
  const out = [];
  for (let t = Math.ceil(from / step) * step; t < to; t += step) {
    const d = new Date(t);
    const time = d.toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds && { second: '2-digit' }),
    });
    out.push([t, days ? `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}` : time]);
  }
  return out;
}
