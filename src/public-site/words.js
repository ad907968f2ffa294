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
// One formatter each, made once: a fleet of 10 000 cameras formats tens of thousands of dates, and a formatter made
// per call (toLocaleDateString) costs about as much as the whole rest of the page.
const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(locale);
const days = new Map();
/** A day (YYYY-MM-DD) in words; dates are days, not instants: no time zone shift. */
export function fmtDay(d) {
  if (!d) return '—';
  const key = String(d).slice(0, 10);
  let s = days.get(key);
  if (s === undefined) {
    s = dayFormat.format(new Date(`${key}T12:00:00Z`));
    days.set(key, s);
  }
  return s;
}
export const fmtMonth = (m) => monthFormat.format(new Date(`${m}-15T12:00:00Z`));
export const fmtDateTime = (d) => dateTimeFormat.format(new Date(d));
export const fmtNumber = (n) => numberFormat.format(n);
export const fmtMoney = (cents, currency) =>
  (cents / 100).toLocaleString(locale, { style: 'currency', currency: currency || 'EUR' });
