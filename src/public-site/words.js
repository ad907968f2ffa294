// The public register's words, { key: [english, french] } as in the console; French is the default. The labels of
// event kinds and camera phases are the console's (served as /public/assets/labels.js).
import labels from './labels.js';
import WORDS from './public-words.js';

const DICT = { ...labels, ...WORDS };

export const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'fr';

/** A sentence, `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const entry = DICT[key];
  const text = entry ? entry[lang === 'fr' ? 1 : 0] : key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** A label for an id (`kind.intrusion`, `purpose.public_safety`…), the id itself when none is known. */
export const label = (prefix, id) => (DICT[`${prefix}.${id}`] ? t(`${prefix}.${id}`) : String(id));

const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
/** A day (YYYY-MM-DD) in words; dates are days, not instants: no time zone shift. */
export const fmtDay = (d) =>
  d
    ? new Date(`${String(d).slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale, { dateStyle: 'long', timeZone: 'UTC' })
    : '—';
export const fmtMonth = (m) =>
  new Date(`${m}-15T12:00:00Z`).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
export const fmtDateTime = (d) => new Date(d).toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' });
export const fmtNumber = (n) => n.toLocaleString(locale);
export const fmtMoney = (cents, currency) =>
  (cents / 100).toLocaleString(locale, { style: 'currency', currency: currency || 'EUR' });
