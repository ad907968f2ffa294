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
    this.cursor = document.createElement('span');
    this.cursor.className = 'cursor';
    this.root.replaceChildren(
      ...this.covered.map((c) => span('covered', c)),
      ...gaps.map((g) => span('gap', g)),
      ...ticks,
      this.cursor,
    );
    this.root.dataset.covered = String(this.covered.length);
    this.root.dataset.events = String(events.length);
    this.video.ontimeupdate = () => {
      const t = this.wallTime(this.video.currentTime);
      if (t !== undefined) this.cursor.style.left = pct(t);
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

  seek(t) {
    this.video.currentTime = this.offset(Math.max(this.from, Math.min(this.to, t)));
  }
}
