// The words of the algorithm register, in English (the fields) and French (the `fr` block: the public page's
// default language). The same facts in both; change them together.

export interface AlgorithmTexts {
  kinds: Record<string, string>;
  names: Record<string, string>;
  goalAndImpact: string;
  considerations: string;
  humanIntervention: string;
  riskManagement: string;
  impactAssessment: string;
  data: string;
}

export const EN: AlgorithmTexts = {
  kinds: {
    intrusion:
      'Signals a person entering or staying in a zone drawn on the camera’s view (e.g. tracks, a closed site).',
    wrong_way: 'Signals a person moving against the direction drawn for a passage (e.g. an exit-only gate).',
    crowd_density: 'Signals more people in a zone than the limit set for it.',
    crowd_movement:
      'Signals sudden movement of a crowd as a whole (a rush, a dispersal), never about one identified person.',
    unusual: 'Signals motion unusual for this camera (learned from its own footage), as a crowd-level signal only.',
    abandoned_object: 'Signals an object left unattended in the view for longer than a set time.',
    person_on_ground: 'Signals a person lying on the ground after a fall.',
    fire: 'Signals flames or a fire start in the view.',
    weapon: 'Signals a weapon visible in the view.',
  },
  names: {
    intrusion: 'intrusion into a zone',
    wrong_way: 'wrong way',
    crowd_density: 'excessive density',
    crowd_movement: 'crowd movement',
    unusual: 'unusual situation (crowd level)',
    abandoned_object: 'abandoned object',
    person_on_ground: 'person on the ground',
    fire: 'fire start',
    weapon: 'weapon',
  },
  goalAndImpact:
    'Draws an operator’s attention to a situation on a public-space camera so that help can be sent sooner. ' +
    'It raises an alarm only; it identifies no one and takes no decision about a person.',
  considerations:
    'Limited by law to the event families of décret 2023-828 art. 3; runs only under a recorded ' +
    'algorithmic-processing authorisation, on the cameras and dates it names, and stops by itself at its end.',
  humanIntervention:
    'An operator decides on every alarm (confirmed, false alarm or not actionable); nothing acts automatically on a person.',
  riskManagement:
    'False alarms are reviewed by the operator who closes each alarm; private places are masked before analysis; ' +
    'every configuration change and disposition is journaled in a tamper-evident journal.',
  impactAssessment: 'A data-protection impact assessment annex is generated from the live configuration.',
  data:
    'Video frames of the camera, masked and processed in memory; no biometric data, no face recognition, ' +
    'no identification; only the events (time, camera, zone, kind) and a masked snapshot are kept.',
};

export const FR: AlgorithmTexts = {
  kinds: {
    intrusion:
      'Signale une personne qui entre ou reste dans une zone tracée sur l’image de la caméra (voies, site fermé…).',
    wrong_way: 'Signale une personne qui circule à contresens d’un passage (par exemple une sortie).',
    crowd_density: 'Signale plus de personnes dans une zone que la limite fixée pour elle.',
    crowd_movement:
      'Signale un mouvement soudain d’une foule dans son ensemble (une bousculade, une dispersion), jamais une personne identifiée.',
    unusual:
      'Signale un mouvement inhabituel pour cette caméra (appris sur ses propres images), au niveau de la foule seulement.',
    abandoned_object: 'Signale un objet laissé sans surveillance plus longtemps qu’une durée fixée.',
    person_on_ground: 'Signale une personne au sol après une chute.',
    fire: 'Signale des flammes ou un départ de feu.',
    weapon: 'Signale une arme visible à l’image.',
  },
  names: {
    intrusion: 'intrusion dans une zone',
    wrong_way: 'contresens',
    crowd_density: 'densité excessive',
    crowd_movement: 'mouvement de foule',
    unusual: 'situation inhabituelle (niveau foule)',
    abandoned_object: 'objet abandonné',
    person_on_ground: 'personne au sol',
    fire: 'départ de feu',
    weapon: 'arme',
  },
  goalAndImpact:
    'Attire l’attention d’un opérateur sur une situation filmée par une caméra de l’espace public, pour envoyer ' +
    'des secours plus tôt. Il ne fait que lever une alerte : il n’identifie personne et ne décide rien au sujet ' +
    'd’une personne.',
  considerations:
    'Limité par la loi aux événements du décret 2023-828 art. 3 ; ne fonctionne que sous une autorisation de ' +
    'traitement algorithmique enregistrée, sur les caméras et aux dates qu’elle nomme, et s’arrête de lui-même à ' +
    'son terme.',
  humanIntervention:
    'Un opérateur décide de chaque alerte (confirmée, fausse alerte ou sans suite) ; rien n’agit automatiquement sur une personne.',
  riskManagement:
    'Les fausses alertes sont examinées par l’opérateur qui clôt chaque alerte ; les lieux privés sont masqués ' +
    'avant l’analyse ; chaque changement de configuration et chaque décision sont consignés dans un journal ' +
    'infalsifiable.',
  impactAssessment: 'Une annexe d’analyse d’impact (AIPD) est produite à partir de la configuration en vigueur.',
  data:
    'Les images de la caméra, masquées et traitées en mémoire ; aucune donnée biométrique, aucune reconnaissance ' +
    'faciale, aucune identification ; seuls les événements (heure, caméra, zone, type) et une vignette masquée sont ' +
    'conservés.',
};
