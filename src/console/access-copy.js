import { button } from './admin-fleet.js';
import { t } from './i18n.js';

// The anonymised copy of an access request (issue 21): the supervisor shows a picture of the window (the masked
// thumbnail the timeline uses), the people the tracker follows drawn over it as buttons, clicks the requester, then
// has the copy made and downloads it with its manifest. The server does the following, checks and journal.

const enc = encodeURIComponent;
/** `datetime-local` value (local time, to the second) of an ISO instant, and back. */
const localValue = (iso) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
};

export class AccessCopyPanel {
  constructor(api) {
    this.api = api;
    this.el = document.createElement('section');
    this.el.className = 'access-copy';
    this.el.setAttribute('aria-label', t('copy.heading'));
  }

  /** Opens the panel for one request (replacing any other), below the register. */
  open(r, after) {
    this.r = r;
    this.el.replaceChildren();
    const h = document.createElement('h3');
    h.textContent = t('copy.heading');
    const cam = document.createElement('select');
    cam.name = 'cameraId';
    cam.setAttribute('aria-label', t('requests.cameras'));
    for (const id of r.cameraIds) cam.append(new Option(id, id));
    const at = document.createElement('input');
    at.type = 'datetime-local';
    at.step = '1';
    at.name = 'at';
    at.setAttribute('aria-label', t('copy.at'));
    at.value = localValue(new Date((Date.parse(r.from) + Date.parse(r.to)) / 2).toISOString());
    this.cam = cam;
    this.at = at;
    this.picture = document.createElement('div');
    this.picture.className = 'copy-picture';
    this.status = document.createElement('p');
    this.status.className = 'answer';
    this.status.setAttribute('role', 'status');
    this.picks = document.createElement('ul');
    this.picks.className = 'copy-picks';
    this.copies = document.createElement('div');
    this.el.append(
      h,
      cam,
      at,
      button(t('copy.show'), () => this.show(), 'show-picture'),
      this.picture,
      this.picks,
      button(t('copy.make'), () => this.make(), 'make-copy'),
      this.status,
      this.copies,
    );
    after.after(this.el);
    return Promise.all([this.listPicks(), this.listCopies()]);
  }

  close() {
    this.el.remove();
  }

  say(res, ok) {
    this.status.classList.toggle('refused', res.status >= 300);
    this.status.textContent =
      res.status < 300 ? ok : (res.json?.message ?? t('common.refused', { status: res.status }));
  }

  /** The picture at the chosen time and the tracked people on it, each a button that picks them. */
  async show() {
    const cameraId = this.cam.value;
    const at = new Date(this.at.value).toISOString();
    this.status.textContent = t('copy.following');
    const res = await this.api(
      'GET',
      `/api/access-requests/${enc(this.r.id)}/tracks?cameraId=${enc(cameraId)}&at=${enc(at)}`,
    );
    this.say(res, t('copy.people', { n: res.json?.tracks?.length ?? 0 }));
    if (res.status >= 300) return;
    const img = document.createElement('img');
    img.alt = t('copy.pictureAlt', { at: res.json.at });
    img.src = `/api/cameras/${enc(cameraId)}/thumbnail?at=${enc(res.json.at)}`;
    const boxes = res.json.tracks.map((tr) => {
      const [x, y, w, h] = tr.box;
      const b = button(t('copy.person', { n: tr.trackId }), () => this.pick(cameraId, res.json.at, tr), 'pick');
      b.className = 'copy-box';
      Object.assign(b.style, { left: `${x * 100}%`, top: `${y * 100}%`, width: `${w * 100}%`, height: `${h * 100}%` });
      return b;
    });
    this.picture.replaceChildren(img, ...boxes);
  }

  async pick(cameraId, at, tr) {
    const [x, y, w, h] = tr.box;
    const res = await this.api('POST', `/api/access-requests/${enc(this.r.id)}/picks`, {
      cameraId,
      at,
      point: [x + w / 2, y + h / 2],
    });
    this.say(res, t('copy.picked', { n: res.json?.trackId }));
    await this.listPicks();
  }

  async listPicks() {
    const res = await this.api('GET', `/api/access-requests/${enc(this.r.id)}/picks`);
    const list = res.status === 200 ? res.json : [];
    this.picks.replaceChildren(
      ...list.map((p) => {
        const li = document.createElement('li');
        const spans = p.segments.map(
          (s) => `${new Date(s.from).toLocaleTimeString()}–${new Date(s.to).toLocaleTimeString()}`,
        );
        li.textContent = t('copy.pickLine', { camera: p.cameraId, n: p.trackId, segments: spans.join(', ') || '—' });
        return li;
      }),
    );
  }

  async make() {
    this.status.textContent = t('copy.making');
    const res = await this.api('POST', `/api/access-requests/${enc(this.r.id)}/copies`, { cameraId: this.cam.value });
    this.say(res, t('copy.made', { frames: res.json?.frames, kept: res.json?.keptFrames }));
    await this.listCopies();
  }

  /** Each copy: its download and its manifest, as the requester receives them. */
  async listCopies() {
    const res = await this.api('GET', `/api/access-requests/${enc(this.r.id)}/copies`);
    const list = res.status === 200 ? res.json : [];
    this.copies.replaceChildren(
      ...list.map((m) => {
        const d = document.createElement('details');
        const s = document.createElement('summary');
        const a = document.createElement('a');
        a.href = `/api/access-requests/${enc(this.r.id)}/copies/${enc(m.id)}/file.mp4`;
        a.textContent = t('copy.download', { camera: m.cameraId, sha: m.sha256.slice(0, 12) });
        a.dataset.act = 'download';
        s.append(a);
        const pre = document.createElement('pre');
        pre.textContent = JSON.stringify(m, null, 2);
        d.append(s, pre);
        return d;
      }),
    );
  }
}
