// One entry per algorithm, with the fields of the Dutch Algorithm Register's publication standard (name,
// organisation, description, goal and impact, considerations, human intervention, risk management, legal basis,
// impact assessment, data, technical design, supplier, source code, status, dates, contact, website).
import { eventKinds } from '../ports/recordings.js';
import { familyOfKind } from '../shared/law.js';
import { accuracyOf, HUMAN_STEP, KIND_WORDS, MODEL } from './analytics-of.js';
import type { BuiltRegister, RegisterOptions } from './register-builder.js';
import { documentUrl } from './register-builder.js';
import type { AlgorithmsDoc } from './register-schemas.js';

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
      return {
        name: `Vigie ${kind.replaceAll('_', ' ')}`,
        organisation,
        description: KIND_WORDS[kind] ?? kind,
        goalAndImpact:
          'Draws an operator’s attention to a situation on a public-space camera so that help can be sent sooner. ' +
          'It raises an alarm only; it identifies no one and takes no decision about a person.',
        considerations:
          'Limited by law to the event families of décret 2023-828 art. 3; runs only under a recorded ' +
          'algorithmic-processing authorisation, on the cameras and dates it names, and stops by itself at its end.',
        humanIntervention: HUMAN_STEP,
        riskManagement:
          'False alarms are reviewed by the operator who closes each alarm; private places are masked before ' +
          'analysis; every configuration change and disposition is journaled in a tamper-evident journal.',
        legalBasis: bases.map((a) => ({
          reference: a.reference,
          authority: a.authority,
          startsOn: a.startsOn,
          endsOn: a.endsOn,
          documentUrl: documentUrl(a),
        })),
        impactAssessment: 'A data-protection impact assessment annex is generated from the live configuration.',
        data:
          'Video frames of the camera, masked and processed in memory; no biometric data, no face recognition, ' +
          'no identification; only the events (time, camera, zone, kind) and a masked snapshot are kept.',
        technicalDesign: { model: MODEL.name, version: MODEL.version, family, kinds: [kind] },
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
