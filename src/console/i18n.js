// The console's words in French or English, and its dates in the user's locale. French is the default (a French
// city's centre); a user's choice is kept in their preferences and follows them to any console. Each area of the
// console keeps its words in words/<area>.js as { key: [english, french] }, so that every word has both languages
// (test/console/i18n.test.ts checks that every key used has both).
import alarms from './words/alarms.js';
import attention from './words/attention.js';
import common from './words/common.js';
import labels from './words/labels.js';
import legal from './words/legal.js';
import manage from './words/manage.js';
import map from './words/map.js';
import playback from './words/playback.js';
import privacy from './words/privacy.js';
import requests from './words/requests.js';
import search from './words/search.js';
import wall from './words/wall.js';
import zones from './words/zones.js';

const DICT = {
  ...common,
  ...labels,
  ...attention,
  ...alarms,
  ...search,
  ...manage,
  ...legal,
  ...requests,
  ...zones,
  ...playback,
  ...wall,
  ...map,
  ...privacy,
};
const STORED = 'vigie.locale';
let lang = 'fr';

/** 'fr' or 'en'; remembered in this browser so that the login page speaks the last user's language too. */
export function setLocale(l) {
  lang = l === 'en' ? 'en' : 'fr';
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORED, lang);
  } catch {}
}
export const locale = () => lang;
try {
  setLocale(localStorage.getItem(STORED) ?? 'fr');
} catch {}

/** A sentence, `{name}` placeholders filled from `vars`; an unknown key shows itself (the i18n test catches it). */
export function t(key, vars = {}) {
  const entry = DICT[key];
  const text = entry ? entry[lang === 'fr' ? 1 : 0] : key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}
const label = (prefix) => (value) => (DICT[`${prefix}.${value}`] ? t(`${prefix}.${value}`) : String(value));
/** Every event kind, alarm state, priority, disposition and camera status has a label: no raw ids on screen. */
export const kindLabel = label('kind');
export const priorityLabel = label('priority');
export const stateLabel = label('state');
export const dispositionLabel = label('disposition');
export const statusLabel = label('status');
export const phaseLabel = label('phase');
export const roleLabel = label('role');
/** A live view's state (src/core/live/live-port.ts LiveStatus, and the player's own: no signal, ended…). */
export const liveLabel = (s) => label('live')(String(s).replace(/ /g, '_'));

/** The browser's own locale when it speaks the chosen language (fr-BE, en-US…), else the language's usual one. */
const intlLocale = () => {
  const nav = typeof navigator === 'undefined' ? '' : (navigator.language ?? '');
  return nav.toLowerCase().startsWith(lang) ? nav : lang === 'fr' ? 'fr-FR' : 'en-GB';
};
const format = (options) => (d) => new Date(d).toLocaleString(intlLocale(), options);
export const fmtDateTime = format({ dateStyle: 'short', timeStyle: 'medium' });
export const fmtTime = format({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const fmtShortTime = format({ hour: '2-digit', minute: '2-digit' });
export const fmtDay = format({ day: 'numeric', month: 'short' });
/** An amount of money, e.g. a contract's (cents, ISO currency). */
export const fmtMoney = (cents, currency = 'EUR') =>
  (cents / 100).toLocaleString(intlLocale(), { style: 'currency', currency });

/** An age in words: "3 min", "2 h 05", "40 s". */
export function fmtAge(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
  return t('age.days', { n: Math.floor(h / 24) });
}

/**
 * The page's fixed words: elements carry data-i18n="key" (their text), data-i18n-placeholder, data-i18n-label
 * (aria-label) or data-i18n-title.
 */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}
