// Lifting the blur of one camera for this user (issue 21): the reason asked in a dialog, or the alarm it is opened
// from; the centre decides and journals (POST / DELETE /api/live/:id/reveal). Its answer is shown as it is: the
// console holds no rule of its own on reasons, so the operator reads the centre's words when it refuses.
import { t } from './i18n.js';

const path = (cameraId) => `/api/live/${encodeURIComponent(cameraId)}/reveal`;

/** Roles holding video.reveal (the API enforces it; the console only hides what would be refused). */
export const canReveal = (role) => ['operator', 'supervisor', 'admin'].includes(role);

/** POST a reveal: 201 (made) or 200 (the one in force) are a success; anything else carries the centre's message. */
export async function requestReveal(api, cameraId, body) {
  const r = await api('POST', path(cameraId), body);
  const ok = r.status === 201 || r.status === 200;
  return {
    ok,
    reveal: ok ? r.json : undefined,
    message: ok ? '' : (r.json?.message ?? t('reveal.refused', { status: r.status })),
  };
}

/** Ends this user's reveal of the camera now (the clear views are closed by the centre). */
export async function endReveal(api, cameraId) {
  const r = await api('DELETE', path(cameraId));
  return {
    ok: r.status === 204,
    message: r.status === 204 ? '' : (r.json?.message ?? t('reveal.refused', { status: r.status })),
  };
}

/** The modal dialog asking why: Escape or Cancel closes it, the focus goes back to the button that opened it. */
export class RevealDialog {
  /** @param {HTMLDialogElement} dialog @param {(m: string, p: string, b?: unknown) => Promise<any>} api */
  constructor(dialog, api) {
    this.dialog = dialog;
    this.api = api;
    this.form = dialog.querySelector('form');
    this.reason = this.form.elements.namedItem('reason');
    this.alert = dialog.querySelector('.reveal-error');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    dialog.querySelector('[data-act=cancel]').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => this.opener?.focus());
  }

  /** @param {{ id: string, name: string }} cam @param {(reveal: object) => void} done after the centre agreed */
  open(cam, done, opener) {
    this.cam = cam;
    this.done = done;
    this.opener = opener;
    this.dialog.querySelector('.reveal-camera').textContent = cam.name;
    this.reason.value = '';
    this.alert.textContent = '';
    this.dialog.showModal();
    this.reason.focus();
  }

  async submit() {
    const cam = this.cam;
    // Sent as typed (none when blank): a refusal is the centre's, and says what it wants.
    const reason = this.reason.value.trim();
    const r = await requestReveal(this.api, cam.id, reason ? { reason } : {});
    if (!r.ok) {
      this.alert.textContent = r.message;
      this.reason.focus();
      return;
    }
    this.dialog.close();
    this.done(r.reveal);
  }
}
