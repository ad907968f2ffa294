// One entry per algorithm, with the fields of the Dutch Algorithm Register's publication standard (name,
// organisation, description, goal and impact, considerations, human intervention, risk management, legal basis,
// impact assessment, data, technical design, supplier, source code, status, dates, contact, website).
import { ALLOWED_MODELS } from '../../analytics/models/model-guard.js';
import { eventKinds } from '../ports/recordings.js';
import { familyOfKind } from '../shared/law.js';
import { type AlgorithmTexts, EN, FR } from './algorithm-texts.js';
import { accuracyOf, MODEL } from './analytics-of.js';
import type { BuiltRegister, RegisterOptions } from './register-builder.js';
import { documentUrl } from './register-builder.js';
import type { AlgorithmsDoc } from './register-schemas.js';

/** The model guard's allow-list (issue 21): the only model files the centre may open, by SHA-256; none biometric. */
const PUBLISHED_MODELS = ALLOWED_MODELS.map((m) => ({
  name: m.name,
  package: m.package,
  file: m.file,
  sha256: m.sha256,
  licence: m.licence,
}));

export const STANDARD = 'Algoritmeregister publicatiestandaard (the Dutch Algorithm Register publication standard)';

/** The analytic event kinds Vigie implements: those with a legal family (law.md L3). */
export const ANALYTIC_KINDS = eventKinds.filter((k) => familyOfKind(k));

export function algorithmsDoc(b: BuiltRegister, o: RegisterOptions, generatedAt: string): AlgorithmsDoc {
  const organisation = o.cityName ?? 'the city operating this Vigie centre';
  return {
    generatedAt,
    standard: STANDARD,
    algorithms: ANALYTIC_KINDS.map((kind) => {
      const family = familyOfKind(kind)!;
      const bases = b.inForce.filter((a) => a.kind === 'algorithmic_processing' && a.families.includes(family));
      const words = (t: AlgorithmTexts) => ({
        name: `Vigie : ${t.names[kind] ?? kind}`,
        description: t.kinds[kind] ?? kind,
        goalAndImpact: t.goalAndImpact,
        considerations: t.considerations,
        humanIntervention: t.humanIntervention,
        riskManagement: t.riskManagement,
        impactAssessment: t.impactAssessment,
        data: t.data,
      });
      return {
        ...words(EN),
        name: `Vigie: ${EN.names[kind] ?? kind}`,
        fr: words(FR),
        organisation,
        legalBasis: bases.map((a) => ({
          reference: a.reference,
          authority: a.authority,
          startsOn: a.startsOn,
          endsOn: a.endsOn,
          documentUrl: documentUrl(a),
        })),
        technicalDesign: { model: MODEL.name, version: MODEL.version, family, kinds: [kind], models: PUBLISHED_MODELS },
        accuracy: [{ kind, figures: accuracyOf(kind) }],
        supplier: 'Vigie (open source)',
        sourceCode: 'src/analytics/ in the Vigie source tree',
        cameras: b.publishedPerKind.get(kind) ?? 0,
        status: b.kindsInUse.has(kind) && bases.length > 0 ? 'in_use' : 'not_in_use',
        beginDate: bases.length ? bases.map((a) => a.startsOn).sort()[0]! : null,
        endDate: bases.length
          ? bases
              .map((a) => a.endsOn)
              .sort()
              .at(-1)!
          : null,
        contact: o.contactEmail ?? null,
        website: o.contactUrl ?? null,
      };
    }),
  };
}
