// Playback of recordings: a plain <video> on the centre's playback endpoint (fragmented MP4 by stream copy).

/** A datetime-local value (local time) for a Date. */
function localInput(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function playbackUrl(cameraId, from, to) {
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  return `/api/cameras/${encodeURIComponent(cameraId)}/playback.mp4?${q}`;
}

export class Playback {
  /** @param {HTMLFormElement} form @param {HTMLVideoElement} video @param {HTMLElement} error */
  constructor(form, video, error) {
    this.form = form;
    this.video = video;
    this.error = error;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.play();
    });
    video.addEventListener('error', () => {
      this.error.textContent = 'Nothing recorded to play in that range, or not allowed.';
    });
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
    const now = new Date();
    this.form.elements.namedItem('to').value = localInput(now);
    this.form.elements.namedItem('from').value = localInput(new Date(now.getTime() - 15 * 60_000));
  }

  play() {
    const f = this.form.elements;
    const from = new Date(f.namedItem('from').value);
    const to = new Date(f.namedItem('to').value);
    this.error.textContent = '';
    if (!(to > from)) {
      this.error.textContent = '"To" must be after "From".';
      return;
    }
    this.video.src = playbackUrl(f.namedItem('camera').value, from, to);
    this.video.play().catch(() => {});
  }

  stop() {
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
