// Bookmarks from the playback view: "b" notes the picture's moment (the video pauses, a note field opens; Enter
// saves, Escape gives up), and a search of the notes of the cameras one may see; a found note plays from its moment.
import { fmtDateTime, t } from './i18n.js';

export class BookmarkBar {
  /** @param {() => ({cameraId: string, at: number} | undefined)} moment @param {(b) => void} open */
  constructor(api, moment, saved, open) {
    this.api = api;
    this.moment = moment;
    this.saved = saved;
    this.open = open;
    this.form = document.getElementById('bookmark-form');
    this.status = document.getElementById('bookmark-status');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
    document.getElementById('bookmark-cancel').addEventListener('click', () => this.close());
    const search = document.getElementById('bookmark-search');
    search.addEventListener('submit', (e) => {
      e.preventDefault();
      this.search(search.elements.namedItem('q').value.trim());
    });
  }

  /** Opens the note field for the picture's moment; false when nothing plays yet. */
  start() {
    const m = this.moment();
    if (!m) return false;
    this.at = m;
    this.form.hidden = false;
    this.form.querySelector('.bookmark-at').textContent = fmtDateTime(m.at);
    this.status.textContent = '';
    const note = this.form.elements.namedItem('note');
    note.value = '';
    note.focus();
    return true;
  }

  close() {
    this.form.hidden = true;
    document.getElementById('timeline-cursor')?.focus();
  }

  async save() {
    const note = this.form.elements.namedItem('note').value.trim();
    if (!this.at || !note) return;
    const r = await this.api('POST', '/api/bookmarks', {
      cameraId: this.at.cameraId,
      at: new Date(this.at.at).toISOString(),
      note,
    });
    if (r.status !== 201) {
      this.status.textContent = r.json?.message ?? t('bookmark.refused', { status: r.status });
      return;
    }
    this.close();
    this.status.textContent = t('bookmark.saved', { time: fmtDateTime(this.at.at) });
    this.saved(r.json);
  }

  async remove(b, q) {
    const r = await this.api('DELETE', `/api/bookmarks/${encodeURIComponent(b.id)}`);
    document.getElementById('bookmark-count').textContent =
      r.status === 200 ? t('bookmark.deleted') : (r.json?.message ?? t('bookmark.refused', { status: r.status }));
    if (r.status !== 200) return;
    this.saved();
    await this.search(q);
    document.getElementById('bookmark-count').textContent = t('bookmark.deleted');
  }

  /** The notes with `q` in them (all cameras one may see), newest first; activating one plays it. */
  async search(q) {
    const list = document.getElementById('bookmark-results');
    const r = await this.api('GET', `/api/bookmarks?${new URLSearchParams({ ...(q && { q }), limit: '50' })}`);
    const items = Array.isArray(r.json) ? r.json : [];
    list.replaceChildren(
      ...items.map((b) => {
        const li = document.createElement('li');
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.dataset.bookmarkId = b.id;
        btn.textContent = `${fmtDateTime(Date.parse(b.at))} · ${b.cameraId} · ${b.note}`;
        btn.addEventListener('click', () => this.open(b));
        // Deleting is for the author or an admin: the centre says no to others, and the refusal is shown.
        const del = document.createElement('button');
        del.type = 'button';
        del.className = 'bookmark-delete';
        del.textContent = t('bookmark.delete');
        del.setAttribute('aria-label', t('bookmark.deleteLabel', { note: b.note }));
        del.addEventListener('click', () => this.remove(b, q));
        li.append(btn, ' ', del);
        return li;
      }),
    );
    document.getElementById('bookmark-count').textContent = t('bookmark.found', { n: items.length });
  }
}
