// The words of the alarm toasts and the tiles' picture state, in the browser's language (French or English). Kept
// apart so that a console-wide translation can take them over.
const FR = (navigator.language ?? '').toLowerCase().startsWith('fr');

const WORDS = {
  open: ['Open this alarm', 'Ouvrir cette alarme'],
  frozen: ['frozen for {n} s', 'image figée depuis {n} s'],
  noPicture: ['no picture yet', 'pas encore d’image'],
  pictureAt: ['picture at {time}', 'image de {time}'],
};
const PRIORITIES = {
  critical: ['CRITICAL', 'CRITIQUE'],
  high: ['HIGH', 'HAUTE'],
  medium: ['MEDIUM', 'MOYENNE'],
  low: ['LOW', 'BASSE'],
};
const KINDS = {
  fire: ['Fire', 'Incendie'],
  person_on_ground: ['Person on the ground', 'Personne au sol'],
  weapon: ['Weapon', 'Arme'],
  intrusion: ['Intrusion', 'Intrusion'],
  abandoned_object: ['Abandoned object', 'Objet abandonné'],
  crowd_movement: ['Crowd movement', 'Mouvement de foule'],
  wrong_way: ['Wrong way', 'Contresens'],
  crowd_density: ['Crowd density', 'Densité de foule'],
  unusual: ['Unusual activity', 'Activité inhabituelle'],
  camera_tamper: ['Camera tampered', 'Caméra masquée ou déplacée'],
  camera_offline: ['Camera offline', 'Caméra hors ligne'],
  audit_integrity: ['Audit journal altered', 'Journal d’audit altéré'],
  storage: ['Storage', 'Stockage'],
};

const pick = (pair) => pair[FR ? 1 : 0];

/** A sentence, `{name}` placeholders filled from `vars`. */
export const t = (key, vars = {}) => pick(WORDS[key]).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
export const kindLabel = (kind) => (KINDS[kind] ? pick(KINDS[kind]) : kind);
export const priorityLabel = (p) => (PRIORITIES[p] ? pick(PRIORITIES[p]) : p);
