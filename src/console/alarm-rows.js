// One row of the alarm list: priority, kind, the camera's name, zone, rule, state, age and date, in the user's
// language; a box for bulk selection (x toggles it from the keyboard, so it takes no tab stop of its own).
import { fmtAge, fmtDateTime, kindLabel, priorityLabel, stateLabel, t } from './i18n.js';

/** Times come as epoch ms or ISO strings depending on the endpoint. */
export const time = (v) => (typeof v === 'number' ? v : Date.parse(v));

/**
 * @param {any} a the alarm
 * @param {{ name: string, rule?: string, chosen: boolean, current: boolean }} o
 */
export function alarmRow(a, o) {
  const li = document.createElement('li');
  li.dataset.alarm = a.id;
  li.dataset.priority = a.priority;
  li.dataset.state = a.state;
  li.dataset.kind = a.kind;
  li.tabIndex = 0;
  // aria-current, not aria-selected: a plain list item has no selected state (axe: aria-allowed-attr).
  if (o.current) li.setAttribute('aria-current', 'true');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.className = 'row-choose';
  box.tabIndex = -1;
  box.checked = o.chosen;
  box.dataset.choose = a.id;
  box.setAttribute('aria-label', t('alarms.row.select', { what: `${kindLabel(a.kind)} · ${o.name}` }));
  const main = document.createElement('span');
  main.className = 'row-main';
  const prio = document.createElement('strong');
  prio.textContent = priorityLabel(a.priority);
  main.append(prio, ` · ${kindLabel(a.kind)} · ${o.name}`);
  const sub = document.createElement('span');
  sub.className = 'row-sub';
  const facts = [
    a.zoneId && t('alarms.row.zone', { zone: a.zoneId }),
    o.rule && o.rule !== a.zoneId && t('alarms.row.rule', { rule: o.rule }),
    stateLabel(a.state),
    a.escalatedAt && t('alarms.row.escalated'),
  ].filter(Boolean);
  const age = document.createElement('span');
  age.className = 'age';
  age.dataset.at = String(time(a.raisedAt));
  age.textContent = fmtAge(Date.now() - time(a.raisedAt));
  const when = document.createElement('time');
  when.dateTime = new Date(time(a.raisedAt)).toISOString();
  when.textContent = fmtDateTime(time(a.raisedAt));
  sub.append(`${facts.join(' · ')} · `, age, ' · ', when);
  li.append(box, main, sub);
  return li;
}

/** Ages move on without a re-render (which would disturb the focus and the boxes). */
export function refreshAges(list) {
  for (const s of list.querySelectorAll('.age')) s.textContent = fmtAge(Date.now() - Number(s.dataset.at));
}
