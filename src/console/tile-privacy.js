// What a wall tile says about its picture's privacy (issue 21): "Blurred", or "Clear until 10:42:05" while this
// user's reveal lasts, from the live view's init message; "Reveal" (asks why) and "End" (ends it early) for users
// who may reveal. The picture itself is blurred by the centre: nothing here hides or shows pixels.
import { fmtTime, t } from './i18n.js';

export class TilePrivacy {
  /**
   * @param {HTMLElement} caption where the badge and buttons go
   * @param {{ id: string, name: string, privacyEffective?: string }} cam
   * @param {{ canReveal: boolean, reveal: (cam: object, opener: HTMLElement) => void,
   *   end: (cam: object) => void }} actions
   */
  constructor(caption, cam, actions) {
    this.badge = document.createElement('span');
    this.badge.className = 'privacy-badge';
    this.revealButton = button('reveal', t('reveal.button'), t('reveal.buttonLabel', { name: cam.name }));
    this.endButton = button('reveal-end', t('reveal.end'), t('reveal.endLabel', { name: cam.name }));
    this.revealButton.addEventListener('click', () => actions.reveal(cam, this.revealButton));
    this.endButton.addEventListener('click', () => actions.end(cam));
    this.canReveal = actions.canReveal;
    caption.append(this.badge, this.revealButton, this.endButton);
    // Before the first init: what the camera's settings say (a blurred camera never shows "clear" by default).
    this.show(cam.privacyEffective === 'off' ? 'off' : cam.privacyEffective === 'blur' ? 'blurred' : undefined);
  }

  /** @param {{ privacy?: 'blurred' | 'clear' | 'off', revealUntil?: string | null }} init */
  update(init) {
    this.show(init.privacy, init.revealUntil);
  }

  show(privacy, until) {
    const b = this.badge;
    b.hidden = !privacy || privacy === 'off';
    if (privacy) b.dataset.privacy = privacy;
    else delete b.dataset.privacy;
    b.textContent =
      privacy === 'clear'
        ? until
          ? t('reveal.clearUntil', { time: fmtTime(until) })
          : t('reveal.clear')
        : privacy === 'blurred'
          ? t('reveal.blurred')
          : '';
    const focused = document.activeElement;
    this.revealButton.hidden = !(this.canReveal && privacy === 'blurred');
    this.endButton.hidden = !(this.canReveal && privacy === 'clear');
    // A keyboard user who revealed (or ended) keeps the focus on the tile: on the button that undoes it.
    if (focused === this.revealButton && this.revealButton.hidden && !this.endButton.hidden) this.endButton.focus();
    else if (focused === this.endButton && this.endButton.hidden && !this.revealButton.hidden)
      this.revealButton.focus();
  }
}

function button(cls, text, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `tile-action ${cls}`;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.hidden = true;
  return b;
}
