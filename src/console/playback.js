// Playback of recordings: a plain <video> on the centre's playback endpoint (an MP4 served by byte ranges, so it seeks),
// its timeline (timeline.js) and bookmarks (bookmarks.js). Alarm and search clips use playbackUrl too: the same
// Range-capable endpoint, so they seek the same way.
import { BookmarkBar } from './bookmarks.js';
import { t } from './i18n.js';

/** A datetime-local value (local time) for a Date. */
function localInput(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function playbackUrl(cameraId, from, to) {
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  return `/api/cameras/${encodeURIComponent(cameraId)}/playback.mp4?${q}`;
}

/**
 * Asks the centre to export a camera's range (stream copy with a SHA-256 manifest; journaled; supervisors and admins)
 * and, once made, shows `link` to it. The caller words the answer.
 */
export async function requestExport(api, cameraId, from, to, reason, link) {
  const body = { from: from.toISOString(), to: to.toISOString(), reason };
  const r = await api('POST', `/api/cameras/${encodeURIComponent(cameraId)}/exports`, body);
  if (r.status === 201) {
    link.href = `/api/exports/${r.json.id}.mp4`;
    link.hidden = false;
  }
  return r;
}

export class Playback {
  /** @param {HTMLFormElement} form @param {HTMLVideoElement} video @param {HTMLElement} error */
  constructor(form, video, error, timeline, api) {
    this.form = form;
    this.video = video;
    this.error = error;
    this.timeline = timeline;
    this.api = api;
    document.getElementById('playback-speed')?.addEventListener('change', (e) => {
      this.video.playbackRate = Number(e.target.value);
    });
    document.getElementById('playback-export')?.addEventListener('submit', (e) => {
      e.preventDefault();
      this.exportRange(e.target.elements.namedItem('reason').value);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.play();
    });
    video.addEventListener('error', () => {
      if (video.getAttribute('src')) this.error.textContent = t('playback.nothing');
    });
    if (timeline)
      timeline.onOutside = (at, span) => {
        const half = Math.min(span, 3_600_000) / 2;
        this.playAround(this.range.cameraId, at, half);
      };
    this.bookmarks = new BookmarkBar(
      api,
      () => {
        const at = this.timeline?.now();
        return this.range && at !== undefined ? { cameraId: this.range.cameraId, at } : undefined;
      },
      () => this.timeline?.refresh(),
      (b) => this.openBookmark(b),
    );
  }

  /** Plays two minutes either side of a bookmark, from its moment. */
  openBookmark(b) {
    this.playAround(b.cameraId, Date.parse(b.at), 120_000);
  }

  /** Plays `half` ms either side of `at` (whole seconds, the form's precision), from `at`. */
  playAround(cameraId, at, half) {
    const f = this.form.elements;
    f.namedItem('camera').value = cameraId;
    f.namedItem('from').value = localInput(new Date(Math.floor((at - half) / 1000) * 1000));
    f.namedItem('to').value = localInput(new Date(Math.ceil((at + half) / 1000) * 1000));
    this.touched = true;
    this.play(at);
  }

  setCameras(cameras) {
    const select = this.form.elements.namedItem('camera');
    select.replaceChildren(
      ...cameras.map((c) => {
        const o = document.createElement('option');
        o.value = c.id;
        o.textContent = `${c.name} (${c.id})`;
        return o;
      }),
    );
    this.refreshRange();
    for (const n of ['from', 'to'])
      this.form.elements.namedItem(n).addEventListener('input', () => (this.touched = true));
  }

  /** The last 15 minutes, until the operator picks a range of their own. */
  refreshRange() {
    if (this.touched) return;
    const now = new Date();
    this.form.elements.namedItem('to').value = localInput(now);
    this.form.elements.namedItem('from').value = localInput(new Date(now.getTime() - 15 * 60_000));
  }

  /** Plays the form's range; `seekTo` (epoch ms): from that moment once the video and timeline know the range. */
  play(seekTo) {
    const f = this.form.elements;
    const from = new Date(f.namedItem('from').value);
    const to = new Date(f.namedItem('to').value);
    this.error.textContent = '';
    if (!(to > from)) {
      this.error.textContent = t('playback.toAfterFrom');
      return;
    }
    this.range = { cameraId: f.namedItem('camera').value, from, to };
    this.video.src = playbackUrl(this.range.cameraId, from, to);
    this.video.playbackRate = Number(document.getElementById('playback-speed')?.value ?? 1);
    this.video.play().catch(() => {});
    const loaded = this.timeline?.load(this.range.cameraId, from, to);
    if (seekTo !== undefined)
      Promise.all([loaded, new Promise((r) => this.video.addEventListener('loadedmetadata', r, { once: true }))]).then(
        () => this.timeline?.seek(seekTo),
      );
  }

  /** Exports the range shown (stream copy with a SHA-256 manifest; journaled; supervisors and admins). */
  async exportRange(reason) {
    if (!this.range || !this.api) return;
    const status = document.querySelector('#playback-export [role=status]');
    const { cameraId, from, to } = this.range;
    const link = document.getElementById('playback-export-link');
    const r = await requestExport(this.api, cameraId, from, to, reason, link);
    status.textContent =
      r.status === 201
        ? t('playback.exported', { s: r.json.durationSeconds.toFixed(0) })
        : (r.json.message ?? t('playback.exportRefused', { status: r.status }));
  }

  /**
   * Keyboard: space pause/play, arrows ±5 s, shift+arrows previous / next event, [ ] slower / faster, + / - zoom the
   * timeline, PageUp / PageDown pan it, 0 fits it to the range, b bookmarks the picture's moment.
   */
  key(e) {
    const speeds = [0.5, 1, 2, 4, 8];
    const sel = document.getElementById('playback-speed');
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && e.shiftKey)
      this.timeline?.jump(e.key === 'ArrowRight' ? 1 : -1);
    else if (e.key === ' ') this.video.paused ? this.video.play().catch(() => {}) : this.video.pause();
    else if (e.key === 'ArrowLeft') this.video.currentTime = Math.max(0, this.video.currentTime - 5);
    else if (e.key === 'ArrowRight') this.video.currentTime += 5;
    else if (e.key === '[' || e.key === ']') {
      const i = speeds.indexOf(Number(sel.value)) + (e.key === ']' ? 1 : -1);
      sel.value = String(speeds[Math.max(0, Math.min(speeds.length - 1, i))]);
      this.video.playbackRate = Number(sel.value);
    } else if (e.key === '+' || e.key === '=') this.timeline?.zoom(0.5);
    else if (e.key === '-') this.timeline?.zoom(2);
    else if (e.key === 'PageUp' || e.key === 'PageDown') this.timeline?.pan(e.key === 'PageUp' ? -0.5 : 0.5);
    else if (e.key === '0') this.timeline?.fit();
    else if (e.key === 'b' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (!this.bookmarks.start()) return false;
      this.video.pause();
    } else return false;
    return true;
  }

  stop() {
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
