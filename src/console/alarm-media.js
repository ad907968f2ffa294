// The open alarm's pictures and clip export: the event's box and the rule's zone over the snapshot, and the export
// of the clip around the alarm (journaled by the centre).
import { fmtTime, t } from './i18n.js';
import { requestExport } from './playback.js';
import { canReveal, requestReveal } from './reveal.js';

/** The zone of the alarm, from the camera's scene (normalised points), over the snapshot. */
export async function drawZone(api, fig, cameraId, zoneId) {
  const r = await api('GET', `/api/cameras/${encodeURIComponent(cameraId)}/analytics`);
  const zone = r.json?.scene?.zones?.find((z) => z.id === zoneId);
  if (!zone) return;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 1 1');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.classList.add('zone-overlay');
  const poly = document.createElementNS(ns, 'polygon');
  poly.setAttribute('points', zone.polygon.map((p) => p.join(',')).join(' '));
  poly.setAttribute('data-zone', zone.id);
  const title = document.createElementNS(ns, 'title');
  title.textContent = zone.name ?? zone.id;
  poly.append(title);
  svg.append(poly);
  fig.append(svg);
}

/** "Reveal (alarm)" is there for users who may reveal, on alarms of one camera (not the centre-wide ones). */
export function showRevealButton(detail, alarm, role) {
  detail.querySelector('#alarm-reveal').hidden = !(canReveal(role) && alarm.cameraId !== '*');
}

/** Exports the clip around the alarm (stream copy + SHA-256 manifest, journaled; supervisors and admins). */
export async function exportClip(api, detail, clip, reason) {
  if (!clip) return;
  const { cameraId, from, to } = clip;
  const link = detail.querySelector('#alarm-export-link');
  const r = await requestExport(api, cameraId, from, new Date(Math.min(Date.now(), to.getTime())), reason, link);
  detail.querySelector('#alarm-message').textContent =
    r.status === 201
      ? t('alarms.export.done', { seconds: r.json.durationSeconds.toFixed(0), hash: r.json.sha256.slice(0, 16) })
      : (r.json.message ?? t('alarms.export.refused', { status: r.status }));
}

/** The event's box over the snapshot (snapshots are stored at the analysed frame's size). */
export function drawBox(fig, img, ev) {
  const w = ev.details?.frameWidth ?? img.naturalWidth;
  const h = ev.details?.frameHeight ?? img.naturalHeight;
  const [x, y, bw, bh] = ev.box;
  const box = document.createElement('div');
  box.className = 'event-box';
  Object.assign(box.style, {
    left: `${(100 * x) / w}%`,
    top: `${(100 * y) / h}%`,
    width: `${(100 * bw) / w}%`,
    height: `${(100 * bh) / h}%`,
  });
  fig.append(box);
}

/**
 * Lifts the blur of the alarm's camera for this user, the alarm as the reason (issue 21): the live views of the camera
 * (wall, map) open clear until the centre's time limit. `onRevealed` reconnects the views already open.
 */
export async function revealFromAlarm(api, detail, alarm, cameraName, onRevealed) {
  const r = await requestReveal(api, alarm.cameraId, { alarmId: alarm.id });
  detail.querySelector('#alarm-message').textContent = r.ok
    ? t('reveal.alarmDone', { camera: cameraName, time: fmtTime(r.reveal.until) })
    : r.message;
  if (r.ok) onRevealed(alarm.cameraId);
}
