// The record of processing as a DPO reads it: Markdown, or a standalone printable HTML page (French headings, English
// in parentheses). Both are written from one list of sections, so they never say different things.
import type { ProcessingRecord } from './processing-record.js';

export const PROCESSING_FORMATS = ['md', 'html', 'json'] as const;
export type ProcessingFormat = (typeof PROCESSING_FORMATS)[number];

type Block = { p: string } | { list: string[] } | { table: { head: string[]; rows: string[][] } };
interface Section {
  title: string;
  blocks: Block[];
}

const none = (xs: unknown[], text: string): Block[] => (xs.length ? [] : [{ p: text }]);
const span = (a: { startsOn: string; endsOn: string }) => `${a.startsOn} → ${a.endsOn}`;
const state = (a: { inForce: boolean; revoked: boolean }) =>
  a.revoked ? 'révoquée (revoked)' : a.inForce ? 'en vigueur (in force)' : 'hors vigueur (not in force)';
/** Long id lists stay readable on paper: the first ones, then how many more. */
const ids = (xs: string[], max = 12) =>
  xs.length > max ? `${xs.slice(0, max).join(', ')} … (+${xs.length - max})` : xs.join(', ');

function sections(r: ProcessingRecord): Section[] {
  const sec = r.security;
  return [
    {
      title: 'Responsable du traitement (Controller)',
      blocks: [
        { p: `${r.controller.name ?? 'not configured'}${r.controller.contact ? ` — ${r.controller.contact}` : ''}` },
        {
          p: `Établi le (generated) ${r.generatedAt} — état de la configuration au ${r.day} (as configured that day).`,
        },
      ],
    },
    {
      title: 'Finalités (Purposes)',
      blocks: [
        ...none(r.purposes, 'No authorisation in force names a purpose today.'),
        { list: r.purposes.map((x) => `${x.purpose} — ${x.authorisations.join(', ')}`) },
        { list: r.purposeTexts.map((x) => `${x.reference}: ${x.text}`) },
      ],
    },
    {
      title: 'Catégories de données (Data categories)',
      blocks: [{ list: r.dataCategories.map((d) => `${d.category}: ${d.detail}`) }],
    },
    {
      title: 'Destinataires (Recipients)',
      blocks: [
        { table: { head: ['Role', 'Users'], rows: r.recipients.roles.map((x) => [x.role, String(x.users)]) } },
        {
          p: r.recipients.integrations.length
            ? `Integrations: ${r.recipients.integrations.map((i) => `${i.kind} → ${i.host}`).join(', ')}`
            : 'Integrations: none configured.',
        },
      ],
    },
    {
      title: 'Durées de conservation (Retention per camera group)',
      blocks: [
        { p: `Legal cap ${r.retention.capDays} days; centre default ${r.retention.defaultDays} days.` },
        {
          table: {
            head: ['Days', 'Bound by', 'Cameras', 'Sectors', 'Camera ids'],
            rows: r.retention.groups.map((g) => [
              String(g.days),
              g.boundBy,
              String(g.cameras.length),
              g.sectors.join(', '),
              ids(g.cameras),
            ]),
          },
        },
        {
          p: r.retention.camerasWithoutBasis.length
            ? `Cameras filming without a video_protection authorisation in force: ${r.retention.camerasWithoutBasis.length} (${ids(r.retention.camerasWithoutBasis)}).`
            : 'Every filming camera is covered by a video_protection authorisation in force.',
        },
      ],
    },
    {
      title: 'Analyses algorithmiques (Analytics running and their authorisations)',
      blocks: [
        ...none(r.analytics, 'No analytic is running.'),
        {
          table: {
            head: ['Family', 'Cameras', 'Authorisation', 'Authority', 'Dates'],
            rows: r.analytics.map((a) => [
              a.family,
              ids(a.cameras),
              a.authorisations.map((x) => x.reference).join(', ') || 'NONE IN FORCE',
              a.authorisations.map((x) => x.authority).join(', '),
              a.authorisations.map(span).join(', '),
            ]),
          },
        },
      ],
    },
    {
      title: 'Autorisations (Register of authorisations)',
      blocks: [
        ...none(r.authorisations, 'No authorisation is recorded.'),
        {
          table: {
            head: ['Kind', 'Reference', 'Authority', 'Signed', 'Dates', 'State'],
            rows: r.authorisations.map((a) => [a.kind, a.reference, a.authority, a.signedOn, span(a), state(a)]),
          },
        },
      ],
    },
    {
      title: 'Mesures de sécurité (Security measures as configured)',
      blocks: [
        {
          list: [
            `Roles: admin, supervisor, operator, auditor; ${sec.users} active users, ${sec.sectorScopedUsers} scoped to sectors`,
            `One-time codes (TOTP): ${sec.totpUsers} users enrolled; ${sec.adminsWithoutTotp} admins without`,
            `Sessions: ${sec.sessionTtlHours} h; login limit ${sec.login.maxFailures} failures / ${sec.login.windowMinutes} min`,
            `Journal: ${sec.journal.entries} entries, ${sec.journal.chain} (every ${sec.journal.anchorIntervalMinutes} min)`,
            `Privacy masks: ${sec.privacyMasks.map((m) => `${m.cameraId} (${m.masks})`).join(', ') || 'none'}`,
            `Camera credentials: ${sec.credentials.encryption}; ${sec.credentials.cameras} cameras with credentials`,
            `Evidence holds: ${sec.evidenceHolds.active} active, capped at ${sec.evidenceHolds.maxPercentOfBudget} % of the budget`,
            `Retention cap: ${r.retention.capDays} days`,
          ],
        },
      ],
    },
    {
      title: 'Annexe AIPD (DPIA annex: risks and measures)',
      blocks: [
        {
          table: {
            head: ['Risk', 'Measures', 'Open'],
            rows: r.dpia.map((d) => [d.risk, d.measures.join('; '), d.open.join('; ') || '—']),
          },
        },
      ],
    },
  ];
}

const TITLE = 'Registre des activités de traitement (Record of processing, RGPD art. 30)';

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function mdBlock(b: Block): string {
  if ('p' in b) return b.p;
  if ('list' in b) return b.list.map((x) => `- ${x}`).join('\n');
  const { head, rows } = b.table;
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.map(mdCell).join(' | ')} |`).join('\n');
}

export function processingMarkdown(r: ProcessingRecord): string {
  const body = sections(r).map((s) => `## ${s.title}\n\n${s.blocks.filter(nonEmpty).map(mdBlock).join('\n\n')}`);
  return `# ${TITLE}\n\n${body.join('\n\n')}\n`;
}

const nonEmpty = (b: Block) => !('list' in b && b.list.length === 0) && !('table' in b && b.table.rows.length === 0);

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
function htmlBlock(b: Block): string {
  if ('p' in b) return `<p>${esc(b.p)}</p>`;
  if ('list' in b) return `<ul>${b.list.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  const th = b.table.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const rows = b.table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** A standalone page (no script, no external resource): it prints as is and opens from a file. */
export function processingHtml(r: ProcessingRecord): string {
  const body = sections(r)
    .map(
      (s) => `<section>\n<h2>${esc(s.title)}</h2>\n${s.blocks.filter(nonEmpty).map(htmlBlock).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(TITLE)} — ${esc(r.day)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; color: #111; max-width: 70rem; margin: 1.5rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #888; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } section { break-inside: avoid-page; } }
</style>
</head>
<body>
<main>
<h1>${esc(TITLE)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function renderProcessing(r: ProcessingRecord, format: ProcessingFormat): string {
  if (format === 'md') return processingMarkdown(r);
  if (format === 'html') return processingHtml(r);
  return `${JSON.stringify(r, null, 2)}\n`;
}
