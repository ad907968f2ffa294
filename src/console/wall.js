// The video wall: a grid of live tiles, one page of the cameras the user may see at a time.
import { LivePlayer, liveUrl } from './live-player.js';

export class Wall {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.cameras = [];
    this.size = 2;
    this.page = 0;
    this.players = [];
  }

  setCameras(cameras) {
    this.cameras = cameras;
    this.page = 0;
  }

  get pages() {
    return Math.max(1, Math.ceil(this.cameras.length / (this.size * this.size)));
  }

  show(size = this.size, page = this.page) {
    this.size = size;
    this.page = Math.min(Math.max(0, page), this.pages - 1);
    this.clear();
    this.root.style.setProperty('--cols', String(size));
    const per = size * size;
    const cams = this.cameras.slice(this.page * per, this.page * per + per);
    if (!cams.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'No camera in your sectors.';
      this.root.append(p);
    }
    for (const cam of cams) this.root.append(this.tile(cam));
  }

  clear() {
    for (const p of this.players) p.stop();
    this.players = [];
    this.root.replaceChildren();
  }

  tile(cam) {
    const el = document.createElement('figure');
    el.className = 'tile';
    el.dataset.camera = cam.id;
    const video = document.createElement('video');
    video.autoplay = true;
    const cap = document.createElement('figcaption');
    const name = document.createElement('span');
    name.textContent = cam.name;
    name.title = `${cam.id} — ${cam.address ?? ''}`;
    const badge = document.createElement('span');
    badge.className = 'badge';
    cap.append(name, badge);
    el.append(video, cap);
    const player = new LivePlayer(video, liveUrl(cam.id, 'sub'), {
      onStatus: (s) => {
        badge.textContent = s;
        badge.dataset.status = s;
      },
    });
    player.start();
    this.players.push(player);
    return el;
  }
}
