// The public transparency register (issue 20): one request, /public/register.json, rendered into the page. No login,
// no other route: what a resident's browser loads is exactly what the open data publishes.
import { drawPlan } from './plan.js';
import { fmtDateTime, fmtDay, fmtMoney, fmtMonth, fmtNumber, label, lang, t } from './words.js';

const $ = (id) => document.getElementById(id);

/** A new element with text or children. */
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children.filter((c) => c !== undefined && c !== null));
  return e;
}

/** A published figure: numbers in the reader's locale, "< 5" untouched, "withheld" said, an object as its parts. */
export function figure(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return fmtNumber(v);
  // The register withholds one more cell where a single hidden one could be computed back from the total.
  if (v === 'withheld') return t('stats.withheld');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${figure(x)}`)
      .join(', ');
  return String(v);
}

/** Availability is a share: 0.987 or 98.7 both read "98.7 %". */
const share = (v) =>
  typeof v === 'number' ? `${fmtNumber(Math.round((v <= 1 ? v * 100 : v) * 10) / 10)} %` : figure(v);

function table(caption, head, rows) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map(([first, ...rest]) =>
        h('tr', {}, h('th', { scope: 'row' }, first), ...rest.map((c) => h('td', {}, c))),
      ),
    ),
  );
}

function documentLink(a) {
  if (!a.sha256) return h('span', {}, t('auth.noDocument'));
  const hash = h('span', {}, `${t('auth.hash')} : `, h('code', { class: 'hash' }, a.sha256));
  if (!a.documentUrl) return hash;
  return h('span', {}, hash, ' — ', h('a', { href: a.documentUrl, type: 'application/pdf' }, t('auth.document')));
}

function authorisationItem(a) {
  return h(
    'li',
    {},
    h('strong', {}, label('auth.kind', a.kind)),
    ' : ',
    t('auth.line', { reference: a.reference, authority: a.authority, from: fmtDay(a.startsOn), to: fmtDay(a.endsOn) }),
    a.signedOn ? ` (${t('auth.signed', { on: fmtDay(a.signedOn) })})` : '',
    h('br'),
    documentLink(a),
  );
}

function accuracy(acc) {
  if (!acc || typeof acc !== 'object' || !Object.keys(acc).length) return t('analytic.notMeasured');
  return Object.entries(acc)
    .map(([k, v]) => {
      const n = typeof v === 'number' && v <= 1 && /precision|recall|f1|accuracy/i.test(k) ? share(v) : figure(v);
      return `${label('accuracy', k)} ${n}`;
    })
    .join(', ');
}

function analyticItem(x) {
  // The human step is the same sentence for every analytic today; another one from the centre is shown as sent.
  const human = !x.humanStep || /operator decides/i.test(x.humanStep) ? t('analytic.human') : x.humanStep;
  return h(
    'li',
    {},
    h('strong', {}, label('kind', x.family ?? x.kind)),
    x.kind && x.family && x.kind !== x.family ? ` (${label('kind', x.kind)})` : '',
    ` — ${t('analytic.model', { model: x.model ?? '—', version: x.modelVersion ?? '—' })}. `,
    `${t('analytic.accuracy')} : ${accuracy(x.accuracy)}. `,
    h('em', {}, human),
  );
}

function cameraEntry(c) {
  const fact = (key, value) => [h('dt', {}, t(key)), h('dd', {}, value || t('camera.unknown'))];
  const auths = c.authorisations ?? [];
  const analytics = c.analytics ?? [];
  return h(
    'article',
    { id: `cam-${c.id}`, class: 'camera', 'aria-labelledby': `cam-${c.id}-name` },
    h('h4', { id: `cam-${c.id}-name` }, `${c.name} `, h('span', { class: 'id' }, `(${c.id})`)),
    h(
      'dl',
      {},
      ...fact('camera.covers', c.covers),
      ...fact('camera.phase', c.phase && label('phase', c.phase)),
      ...fact('camera.installed', c.installedAt && fmtDay(c.installedAt)),
      ...fact('camera.purposes', (c.purposes ?? []).map((p) => label('purpose', p)).join(', ')),
      ...fact('camera.retention', c.retentionDays && t('camera.days', { n: c.retentionDays })),
    ),
    h('h5', {}, t('camera.authorisations')),
    auths.length
      ? h('ul', {}, ...auths.map(authorisationItem))
      : h('p', { class: 'warn' }, t('camera.noAuthorisation')),
    h('h5', {}, t('camera.analytics')),
    analytics.length ? h('ul', {}, ...analytics.map(analyticItem)) : h('p', {}, t('camera.noAnalytics')),
  );
}

function renderCameras(cameras) {
  $('camera-count').textContent = t('cameras.count', { n: fmtNumber(cameras.length) });
  const sectors = new Map();
  for (const c of cameras) sectors.set(c.sector ?? '', [...(sectors.get(c.sector ?? '') ?? []), c]);
  $('camera-list').replaceChildren(
    ...[...sectors].map(([sector, list]) =>
      h(
        'section',
        { class: 'sector' },
        h('h3', {}, `${t('camera.sector')} : ${sector || t('camera.unknown')}`),
        ...list.map(cameraEntry),
      ),
    ),
  );
}

function renderAuthorisations(list) {
  $('authorisation-table').replaceChildren(
    table(
      t('authorisations.caption'),
      [t('col.reference'), t('col.kind'), t('col.authority'), t('col.dates'), t('col.document')],
      list.map((a) => [
        a.reference,
        label('auth.kind', a.kind),
        a.authority,
        t('dates.range', { from: fmtDay(a.startsOn), to: fmtDay(a.endsOn) }),
        documentLink(a),
      ]),
    ),
  );
}

/** A count with its share of the closed alarms when one is published: "14 (61 %)". */
const withShare = (d) =>
  d?.share === null || d?.share === undefined ? figure(d?.count) : `${figure(d.count)} (${share(d.share)})`;

// The shape is the centre's statistics schema (src/core/public/register-schemas.ts): counts are numbers, "< N" or
// "withheld"; dispositions carry their share of the closed alarms; the month under way is marked.
function renderStatistics(stats) {
  const months = stats?.months ?? [];
  $('stats-note').textContent = t('stats.note', { n: stats?.minCount ?? 5 });
  if (!months.length) return $('stats-tables').replaceChildren(h('p', {}, t('stats.none')));
  const monthCell = (m) => (m.complete === false ? `${fmtMonth(m.month)} ${t('stats.underWay')}` : fmtMonth(m.month));
  const kinds = [...new Set(months.flatMap((m) => (m.alarms?.byKind ?? []).map((k) => k.kind)))];
  const byKind = (m, kind) => m.alarms?.byKind?.find((k) => k.kind === kind)?.count ?? 0;
  const alarms = table(
    t('stats.alarms'),
    [t('stats.month'), t('stats.total'), ...kinds.map((k) => label('kind', k))],
    months.map((m) => [monthCell(m), figure(m.alarms?.total), ...kinds.map((k) => figure(byKind(m, k)))]),
  );
  const outcome = ['confirmed', 'false_alarm', 'not_actionable'];
  const activity = table(
    t('stats.activity'),
    [
      t('stats.month'),
      t('stats.closed'),
      ...outcome.map((o) => t(`stats.${o}`)),
      t('stats.exports'),
      t('stats.holds'),
      t('stats.requestsReceived'),
      t('stats.requestsAnswered'),
      t('stats.requestsRefused'),
      t('stats.availability'),
    ],
    months.map((m) => [
      monthCell(m),
      figure(m.dispositions?.closed),
      ...outcome.map((o) => withShare(m.dispositions?.[o])),
      figure(m.exports?.count),
      figure(m.evidenceHolds),
      figure(m.accessRequests?.received),
      figure(m.accessRequests?.answered),
      figure(m.accessRequests?.refused),
      m.availability?.share === null || m.availability?.share === undefined ? '—' : share(m.availability.share),
    ]),
  );
  $('stats-tables').replaceChildren(
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('stats.alarms') }, alarms),
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('stats.activity') }, activity),
  );
}

function renderContracts(list) {
  if (!list?.length) return $('contract-table').replaceChildren(h('p', {}, t('contracts.none')));
  $('contract-table').replaceChildren(
    table(
      t('contracts.caption'),
      [
        t('contract.vendor'),
        t('contract.object'),
        t('contract.amount'),
        t('contract.signed'),
        t('contract.duration'),
        t('contract.maintenance'),
      ],
      list.map((c) => [
        c.vendor,
        c.object,
        typeof c.amountCents === 'number' ? fmtMoney(c.amountCents, c.currency) : '—',
        fmtDay(c.signedOn),
        c.durationMonths ? t('contract.months', { n: c.durationMonths }) : '—',
        c.maintenance || '—',
      ]),
    ),
  );
}

const OPEN = [
  ['register.json', 'open.register'],
  ['cameras.geojson', 'open.geojson'],
  ['cameras.csv', 'open.csv'],
  ['algorithms.json', 'open.algorithms'],
  ['statistics.json', 'open.statistics'],
  ['contracts.json', 'open.contracts'],
  ['schema/', 'open.schemas'],
];

function renderOpenData() {
  $('open-links').replaceChildren(
    ...OPEN.map(([file, key]) =>
      h('li', {}, h('a', { href: `/public/${file}` }, t(key)), ' ', h('code', { class: 'url' }, `/public/${file}`)),
    ),
  );
}

function translate() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll('[data-w]')) e.textContent = t(e.dataset.w);
  for (const e of document.querySelectorAll('[data-w-label]')) e.setAttribute('aria-label', t(e.dataset.wLabel));
  for (const a of document.querySelectorAll('.languages a'))
    if (a.lang === lang) a.setAttribute('aria-current', 'true');
}

async function main() {
  translate();
  const res = await fetch('/public/register.json', { headers: { accept: 'application/json' } }).catch(() => undefined);
  if (!res?.ok) {
    $('status').textContent = t('page.failed', { status: res?.status ?? '—' });
    return;
  }
  const r = await res.json();
  const title = r.city ? t('page.titleCity', { city: r.city }) : t('page.title');
  $('title').textContent = document.title = title;
  const cameras = r.cameras ?? [];
  const placed = drawPlan($('plan'), cameras);
  $('plan-caption').textContent = t('map.caption', { n: fmtNumber(placed) });
  renderCameras(cameras);
  renderAuthorisations(r.authorisations ?? []);
  renderStatistics(r.statistics);
  renderContracts(r.contracts);
  renderOpenData();
  $('generated').textContent = t('page.generated', { at: fmtDateTime(r.generatedAt) });
  for (const s of document.querySelectorAll('main section, nav.contents')) s.hidden = false;
  $('status').textContent = '';
  document.body.dataset.ready = 'true';
}

main();
