// A tile tells the truth about its picture: the wall-clock time of the last frame shown, and when no new frame has
// come for STALE_MS the tile greys out with "frozen for N s" (a frozen camera keeps its RTSP session open and the
// player would otherwise keep showing the last picture in full colour under LIVE).
import { fmtTime, t } from './i18n.js';

/**
 * Well below the 3 s the operator is promised: frames still in flight (≈ 0.4 s of live latency) show after the camera
 * froze, and the age is only noticed at the next check; a healthy feed shows a new frame every 40-200 ms, so 1.5 s
 * without one is not jitter (a reconnecting feed is shown stale too, which is the truth).
 */
export const STALE_MS = 1500;
const CHECK_MS = 200;

export class TileClock {
  /** @param {HTMLVideoElement} video @param {HTMLElement} tile @param {HTMLElement} label */
  constructor(video, tile, label) {
    this.video = video;
    this.tile = tile;
    this.label = label;
    this.lastFrame = 0;
    this.lastMediaTime = -1;
    this.stopped = false;
    const onFrame = (_now, meta) => {
      if (this.stopped) return;
      // Frames count only when the picture moves on (a repaint of the same frame does not).
      if (meta.mediaTime !== this.lastMediaTime) {
        this.lastMediaTime = meta.mediaTime;
        this.lastFrame = Date.now();
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.check();
  }

  check() {
    const now = Date.now();
    if (!this.lastFrame) {
      this.label.textContent = t('attention.noPicture');
      return;
    }
    const age = now - this.lastFrame;
    const stale = age >= STALE_MS;
    const time = fmtTime(this.lastFrame);
    this.tile.classList.toggle('stale', stale);
    this.tile.dataset.pictureAt = String(this.lastFrame);
    this.label.textContent = stale
      ? t('attention.frozen', { n: Math.floor(age / 1000) })
      : t('attention.pictureAt', { time });
    // Also written large across the picture (CSS ::after): the caption alone is too easy to miss on a 16-tile wall.
    if (stale) this.tile.dataset.stale = this.label.textContent;
    else delete this.tile.dataset.stale;
    this.label.title = time;
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
  }
}
