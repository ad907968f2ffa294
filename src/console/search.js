// Search over past events: time, sector, camera, kind, zone, object class, and how their alarm was closed. Never by a person's appearance
// or identity: there is no such field to search.
import { fmtDateTime, kindLabel, t } from './i18n.js';
import { playbackUrl } from './playback.js';

export class EventSearch {
  /** @param {HTMLFormElement} form @param {HTMLElement} results @param {HTMLVideoElement} video */
  constructor(form, results, video, api) {
    this.form = form;
    this.results = results;
    this.video = video;
    this.api = api;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.run();
    });
  }

  setCameras(cameras) {
    this.names = new Map(cameras.map((c) => [c.id, c.name]));
    const select = this.form.elements.namedItem('camera');
    const any = new Option(t('search.anyCamera'), '');
    select.replaceChildren(any, ...cameras.map((c) => new Option(`${c.name} (${c.id})`, c.id)));
    const sectors = [...new Set(cameras.map((c) => c.sectorId))].sort();
    this.form.elements
      .namedItem('sector')
      .replaceChildren(new Option(t('search.anySector'), ''), ...sectors.map((s) => new Option(s, s)));
  }

  async run() {
    const f = this.form.elements;
    const q = new URLSearchParams({ limit: '200' });
    if (f.namedItem('camera').value) q.set('cameraId', f.namedItem('camera').value);
    if (f.namedItem('sector').value) q.set('sectorId', f.namedItem('sector').value);
    if (f.namedItem('kind').value) q.set('kind', f.namedItem('kind').value);
    if (f.namedItem('zone').value.trim()) q.set('zoneId', f.namedItem('zone').value.trim());
    if (f.namedItem('disposition').value) q.set('disposition', f.namedItem('disposition').value);
    if (f.namedItem('objectClass').value) q.set('objectClass', f.namedItem('objectClass').value);
    if (f.namedItem('from').value) q.set('from', new Date(f.namedItem('from').value).toISOString());
    if (f.namedItem('to').value) q.set('to', new Date(f.namedItem('to').value).toISOString());
    const r = await this.api('GET', `/api/events?${q}`);
    const status = this.form.querySelector('[role=status]');
    if (r.status !== 200) {
      status.textContent = r.json.message ?? t('search.refused', { status: r.status });
      return;
    }
    const events = r.json.items ?? r.json;
    status.textContent = t('search.count', { n: events.length });
    this.results.replaceChildren(
      ...events.map((e) => {
        const tr = document.createElement('tr');
        tr.dataset.event = e.id;
        const name = this.names?.get(e.cameraId) ?? e.cameraId;
        const cells = [fmtDateTime(e.startedAt), kindLabel(e.kind), name, e.zoneId ?? '', e.score.toFixed(2)];
        for (const c of cells) tr.insertCell().textContent = c;
        const play = document.createElement('button');
        play.type = 'button';
        play.textContent = t('common.play');
        play.addEventListener('click', () => {
          const t = typeof e.startedAt === 'number' ? e.startedAt : Date.parse(e.startedAt);
          this.video.src = playbackUrl(e.cameraId, new Date(t - 10_000), new Date(t + 20_000));
          this.video.play().catch(() => {});
        });
        tr.insertCell().append(play);
        return tr;
      }),
    );
  }
}
