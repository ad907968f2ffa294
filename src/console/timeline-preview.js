// The picture of the recording at a moment of the timeline, in a small box above it: under the pointer, or at the
// cursor when it has the keyboard's focus. Asked only once the pointer rests (150 ms), one moment per second at
// most, so that sweeping the timeline does not ask the centre for a picture per pixel.
import { fmtDateTime, t } from './i18n.js';

const REST_MS = 150;

export class TimelinePreview {
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.el = document.createElement('figure');
    this.el.className = 'timeline-preview';
    this.el.id = 'timeline-preview';
    this.el.hidden = true;
    this.img = document.createElement('img');
    this.img.id = 'timeline-thumb';
    this.img.width = 192;
    this.img.height = 108;
    this.img.alt = '';
    this.img.hidden = true;
    this.caption = document.createElement('figcaption');
    this.el.append(this.img, this.caption);
    this.img.addEventListener('error', () => {
      this.img.hidden = true;
      this.caption.textContent = t('timeline.noPicture');
    });
    this.img.addEventListener('load', () => {
      this.img.hidden = false;
    });
  }

  /** Shows the moment `at` (epoch ms) at `x` (fraction of the timeline's width); no picture where nothing is recorded. */
  show(cameraId, at, x, recorded) {
    if (!cameraId || !(x >= 0 && x <= 1)) return this.hide();
    this.el.hidden = false;
    this.el.style.left = `clamp(0px, calc(${(100 * x).toFixed(3)}% - 100px), calc(100% - 200px))`;
    this.caption.textContent = recorded ? fmtDateTime(at) : `${fmtDateTime(at)} · ${t('timeline.notRecorded')}`;
    clearTimeout(this.timer);
    if (!recorded) {
      this.img.hidden = true;
      return;
    }
    const second = Math.floor(at / 1000) * 1000;
    this.timer = setTimeout(() => {
      const src = `/api/cameras/${encodeURIComponent(cameraId)}/thumbnail?at=${new Date(second).toISOString()}`;
      if (this.img.getAttribute('src') === src) return;
      // Hidden until the new picture is in: the previous one (another moment or camera) must not pass for it.
      this.img.hidden = true;
      this.img.alt = t('timeline.thumbAlt', { time: fmtDateTime(second) });
      this.img.src = src;
    }, REST_MS);
  }

  hide() {
    clearTimeout(this.timer);
    this.el.hidden = true;
  }
}
