// The DPIA annex: the risks of a video-protection centre with analytics, each with the measures the live
// configuration actually has, and what is left open (a measure that is not in place is said, not hidden).
import type { ProcessingRecord } from './processing-record.js';

export interface DpiaItem {
  risk: string;
  measures: string[];
  /** What the facts leave open: empty when the measures cover the risk as configured. */
  open: string[];
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** One item per risk, written from the record's facts (so a change of configuration changes the annex). */
export function dpiaAnnex(r: Omit<ProcessingRecord, 'dpia'>): DpiaItem[] {
  const sec = r.security;
  const running = r.analytics.reduce((k, a) => k + a.cameras.length, 0);
  const uncovered = r.analytics.filter((a) => a.authorisations.length === 0).map((a) => a.family);
  const filming = r.retention.groups.reduce((k, g) => k + g.cameras.length, 0);
  const longest = Math.max(0, ...r.retention.groups.map((g) => g.days));
  return [
    {
      risk: 'Identification of persons (facial recognition, biometric categorisation)',
      measures: [
        'No biometric processing exists in the product: no face recognition, no embeddings, no search by appearance (L1)',
        'Analytics detect only the event families of décret 2023-828 art. 3 (L3)',
      ],
      open: [],
    },
    {
      risk: 'Analytics running without a legal basis, or after it ended',
      measures: [
        'The gate refuses to enable analytics a recorded algorithmic_processing authorisation does not cover (409)',
        'Analytics stop by themselves when their authorisation ends or is revoked (L4)',
        `${n(running, 'camera-family pair')} running today, each under the authorisations listed above`,
      ],
      open: uncovered.map((f) => `families running without an authorisation in force today: ${f}`),
    },
    {
      risk: 'Filming without an authorisation',
      measures: [`${n(filming, 'filming camera')}; those without a video_protection authorisation are flagged`],
      open: r.retention.camerasWithoutBasis.length
        ? [`${n(r.retention.camerasWithoutBasis.length, 'camera')} film without a video_protection authorisation`]
        : [],
    },
    {
      risk: 'Automated decisions about a person',
      measures: ['Every alarm is an attention signal: an operator decides on it, with who, when and why (L2)'],
      open: [],
    },
    {
      risk: 'Keeping footage too long',
      measures: [
        `Recordings deleted after the authorised period, at most ${r.retention.capDays} days (CSI L252-5); longest configured: ${longest} days`,
        `Evidence holds are journaled and capped at ${sec.evidenceHolds.maxPercentOfBudget} % of the budget (${n(sec.evidenceHolds.active, 'hold')} active)`,
      ],
      open: [],
    },
    {
      risk: 'Filming private places (dwellings, entrances)',
      measures: [
        `Irreversible privacy masks on live, playback, exports and analytics: ${n(sec.privacyMasks.length, 'camera')} with masks (${sec.privacyMasks.reduce((k, m) => k + m.masks, 0)} masks)`,
      ],
      open: [],
    },
    {
      risk: 'Unauthorised access to footage or configuration',
      measures: [
        `Four roles; operators and supervisors scoped to their sectors (L10): ${sec.sectorScopedUsers}`,
        `One-time codes (TOTP) enrolled by ${n(sec.totpUsers, 'user')}; sessions last ${sec.sessionTtlHours} h; logins limited to ${sec.login.maxFailures} failures per ${sec.login.windowMinutes} min`,
        `Camera credentials encrypted at rest: ${sec.credentials.encryption}`,
      ],
      open: sec.adminsWithoutTotp ? [`${n(sec.adminsWithoutTotp, 'admin')} without a one-time code`] : [],
    },
    {
      risk: 'Undetected misuse or alteration of the journal',
      measures: [
        `Every access journaled (${n(sec.journal.entries, 'entry', 'entries')}); ${sec.journal.chain}, every ${sec.journal.anchorIntervalMinutes} min (L7)`,
      ],
      open: [],
    },
    {
      risk: 'Data leaving the centre through integrations',
      measures: r.recipients.integrations.length
        ? [
            `Events sent to: ${r.recipients.integrations.map((i) => `${i.kind} ${i.host}`).join(', ')} (signed webhooks)`,
          ]
        : ['No integration configured: nothing leaves the centre automatically'],
      open: [],
    },
  ];
}
