// What the legal-register tests share: a dated authorisation body, a camera, a scene with one intrusion rule.
import type { AuthorisationInput } from '../../src/core/legal/schemas.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import type { TestCentre } from '../support/centre.js';

/** 11:00 in Paris on the day the message names: the centre's day is 2026-12-04. */
export const DEC_4 = Date.parse('2026-12-04T10:00:00Z');

/** A video_protection or algorithmic_processing authorisation body (override what the case is about). */
export function body(over: Partial<AuthorisationInput> & Pick<AuthorisationInput, 'kind'>): Record<string, unknown> {
  const base: Record<string, unknown> = {
    authority: 'Préfet du Nord',
    reference: 'ARR-2026-001',
    signedOn: '2026-01-02',
    startsOn: '2026-01-05',
    endsOn: '2026-12-31',
    purposes: ['public_safety'],
    purposeText: 'Prévention des atteintes aux personnes et aux biens.',
    cameraIds: [],
    sectorIds: [],
    ...(over.kind === 'video_protection' && { retentionDays: 15 }),
    ...(over.kind === 'algorithmic_processing' && { families: ['intrusion'] }),
  };
  return { ...base, ...over };
}

export async function camera(t: TestCentre, id: string, sectorId: string, retentionDays?: number) {
  await t.centre.services.fleet.create(SYSTEM, {
    id,
    name: id,
    sectorId,
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
    ...(retentionDays !== undefined && { retentionDays }),
  });
}

/** Analytics with one intrusion rule (family 'intrusion'), on or off. */
export const intrusionSpec = (enabled: boolean) => ({
  enabled,
  scene: {
    zones: [
      {
        id: 'yard',
        name: 'Yard',
        polygon: [
          [0.1, 0.1],
          [0.5, 0.1],
          [0.3, 0.5],
        ],
      },
    ],
    rules: [{ kind: 'intrusion', id: 'r1', zoneId: 'yard' }],
  },
});

/** A small but complete PDF (one page, one line of text, a correct cross-reference table), as a prefecture sends. */
export function pdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
