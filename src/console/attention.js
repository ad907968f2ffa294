// Alarms that reach the eye (and the ear) wherever the operator is in the console: a toast per newly raised alarm
// (click opens it), the page title counting the alarms nobody has acknowledged yet, and a beep pattern per priority
// (WebAudio, so no sound file to ship; muted or changed per priority in the user's preferences).
import { kindLabel, priorityLabel, t } from './i18n.js';

/** Beep patterns: [frequency Hz, duration ms, pause ms] repeated; the more urgent, the higher, longer and more often. */
export const PATTERNS = {
  urgent: { freq: 1320, beeps: 4, on: 160, off: 90 },
  double: { freq: 990, beeps: 2, on: 150, off: 120 },
  single: { freq: 770, beeps: 1, on: 180, off: 0 },
  soft: { freq: 520, beeps: 1, on: 120, off: 0 },
  none: { freq: 0, beeps: 0, on: 0, off: 0 },
};
export const DEFAULT_SOUNDS = { critical: 'urgent', high: 'double', medium: 'single', low: 'none' };
const TOAST_MS = 20_000;
/** A burst of alarms (a crowd, a network cut) sounds once, unless a more urgent one comes within this time. */
const QUIET_MS = 2000;
const RANK = { low: 0, medium: 1, high: 2, critical: 3 };
const MAX_TOASTS = 4;

export class Attention {
  /**
   * @param {HTMLElement} toasts the toast container (an aria-live region)
   * @param {(alarm: any) => void} open shows the alarm (its view and detail)
   * @param {(cameraId: string) => string | undefined} nameOf the camera's name (the stream carries only its id)
   */
  constructor(toasts, open, nameOf) {
    this.toasts = toasts;
    this.open = open;
    this.nameOf = nameOf;
    this.settings = { mute: false, sounds: { ...DEFAULT_SOUNDS } };
    this.baseTitle = document.title;
    this.quietUntil = 0;
    this.lastRank = -1;
  }

  /** The user's attention preferences (GET /api/me/preferences `attention`). */
  configure(saved) {
    this.settings = { mute: saved?.mute ?? false, sounds: { ...DEFAULT_SOUNDS, ...(saved?.sounds ?? {}) } };
  }

  /** The title counts what nobody has acknowledged: it goes back to "Vigie" once all are taken in hand. */
  count(alarms) {
    const fresh = alarms.filter((a) => a.state === 'new').length;
    document.title = fresh ? `(${fresh}) ${this.baseTitle}` : this.baseTitle;
  }

  /** A newly raised alarm (from the live stream, not the ones already there at login). */
  raised(a) {
    this.toast(a);
    const now = Date.now();
    if (!this.settings.mute && now < this.quietUntil && (RANK[a.priority] ?? 0) <= this.lastRank) {
      document.body.dataset.sound = `quiet:${a.priority}`;
      return;
    }
    this.quietUntil = now + QUIET_MS;
    this.lastRank = RANK[a.priority] ?? 0;
    this.beep(a.priority);
  }

  toast(a) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'toast';
    b.dataset.alarm = a.id;
    b.dataset.priority = a.priority;
    const strong = document.createElement('strong');
    strong.textContent = priorityLabel(a.priority);
    b.append(strong, ` ${kindLabel(a.kind)} · ${a.cameraName ?? this.nameOf(a.cameraId) ?? a.cameraId}`);
    b.title = t('attention.open');
    const remove = () => b.remove();
    b.addEventListener('click', () => {
      remove();
      this.open(a);
    });
    setTimeout(remove, TOAST_MS);
    this.toasts.prepend(b);
    while (this.toasts.children.length > MAX_TOASTS) this.toasts.lastElementChild.remove();
  }

  /** Plays the priority's pattern; records what it played (data-sound) so that it can be checked without speakers. */
  beep(priority) {
    const name = this.settings.sounds[priority] ?? 'none';
    const p = PATTERNS[name] ?? PATTERNS.none;
    if (this.settings.mute || !p.beeps) {
      document.body.dataset.sound = 'muted';
      return;
    }
    document.body.dataset.sound = `${priority}:${name}`;
    try {
      this.audio ??= new AudioContext();
      // Browsers start a context suspended until the user has interacted with the page (the login counts).
      if (this.audio.state === 'suspended') this.audio.resume().catch(() => {});
      let at = this.audio.currentTime + 0.02;
      for (let i = 0; i < p.beeps; i++) {
        const osc = this.audio.createOscillator();
        const gain = this.audio.createGain();
        osc.frequency.value = p.freq;
        gain.gain.setValueAtTime(0.25, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + p.on / 1000);
        osc.connect(gain).connect(this.audio.destination);
        osc.start(at);
        osc.stop(at + p.on / 1000);
        at += (p.on + p.off) / 1000;
      }
    } catch {
      // No audio output on this workstation: the toast, title and flash still say it.
    }
  }
}
