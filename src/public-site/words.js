// The public register's words, { key: [english, french] } as in the console; French is the default. The labels of
// event kinds and camera phases are the console's (served as /public/assets/labels.js).
import labels from './labels.js';

const WORDS = {
  'page.title': ['Public register of video protection', 'Registre public de la vidéoprotection'],
  'page.titleCity': ['Public register of video protection — {city}', 'Registre public de la vidéoprotection — {city}'],
  'page.lead': [
    'What the city films, where, why, under which authorisation, which analytics run and what they produce. Nothing personal is published here: no names, no pictures, no video.',
    'Ce que la ville filme, où, pourquoi, sous quelle autorisation, quelles analyses tournent et ce qu’elles produisent. Rien de personnel n’est publié ici : ni nom, ni image, ni vidéo.',
  ],
  'page.skip': ['Skip to the content', 'Aller au contenu'],
  'page.language': ['Language', 'Langue'],
  'page.loading': ['Loading the register…', 'Chargement du registre…'],
  'page.failed': ['The register could not be loaded ({status}).', 'Le registre n’a pas pu être chargé ({status}).'],
  'page.generated': ['Data as of {at}.', 'Données au {at}.'],
  'page.contents': ['Contents', 'Sommaire'],
  'map.title': ['Map of the cameras', 'Carte des caméras'],
  'map.caption': [
    'Plan of the {n} published cameras (north up). Each point leads to the camera’s entry; the list below gives the same information.',
    'Plan des {n} caméras publiées (nord en haut). Chaque point mène à la fiche de la caméra ; la liste ci-dessous donne les mêmes informations.',
  ],
  'map.label': ['Plan of the cameras', 'Plan des caméras'],
  'map.none': ['No published camera has a position.', 'Aucune caméra publiée n’a de position.'],
  'map.legend': ['Phase of the project', 'Phase du projet'],
  'cameras.title': ['Cameras', 'Caméras'],
  'cameras.count': ['{n} cameras published.', '{n} caméras publiées.'],
  'camera.sector': ['Sector', 'Secteur'],
  'camera.covers': ['What it films', 'Ce qu’elle filme'],
  'camera.phase': ['Phase', 'Phase'],
  'camera.installed': ['Installed', 'Installée le'],
  'camera.purposes': ['Purposes', 'Finalités'],
  'camera.retention': ['Recordings kept', 'Conservation des images'],
  'camera.days': ['{n} days', '{n} jours'],
  'camera.authorisations': ['Authorisations in force', 'Autorisations en vigueur'],
  'camera.noAuthorisation': [
    'No authorisation in force is recorded for this camera.',
    'Aucune autorisation en vigueur n’est enregistrée pour cette caméra.',
  ],
  'camera.analytics': ['Automated analytics', 'Analyses automatisées'],
  'camera.noAnalytics': ['No automated analytics on this camera.', 'Aucune analyse automatisée sur cette caméra.'],
  'camera.unknown': ['not stated', 'non précisé'],
  'auth.line': [
    '{reference}, {authority}, in force from {from} to {to}',
    '{reference}, {authority}, en vigueur du {from} au {to}',
  ],
  'auth.signed': ['signed on {on}', 'signée le {on}'],
  'auth.hash': ['SHA-256 of the document', 'Empreinte SHA-256 du document'],
  'auth.document': ['the document (PDF)', 'le document (PDF)'],
  'auth.noDocument': ['no document attached yet', 'pas encore de document joint'],
  'auth.kind.video_protection': ['Video protection (prefect)', 'Vidéoprotection (préfecture)'],
  'auth.kind.algorithmic_processing': ['Algorithmic processing', 'Traitement algorithmique'],
  'auth.kind.other': ['Other', 'Autre'],
  'authorisations.title': ['Authorisations', 'Autorisations'],
  'authorisations.caption': ['Authorisations recorded in the register', 'Autorisations inscrites au registre'],
  'col.kind': ['Kind', 'Nature'],
  'col.reference': ['Reference', 'Référence'],
  'col.authority': ['Authority', 'Autorité'],
  'col.dates': ['In force', 'En vigueur'],
  'col.document': ['Document', 'Document'],
  'dates.range': ['{from} to {to}', 'du {from} au {to}'],
  'analytic.model': ['model {model}, version {version}', 'modèle {model}, version {version}'],
  'analytic.accuracy': ['Measured accuracy', 'Performances mesurées'],
  'analytic.notMeasured': ['not measured yet', 'pas encore mesurées'],
  'analytic.human': ['An operator decides on every alarm.', 'Un opérateur décide de chaque alarme.'],
  'accuracy.precision': ['precision', 'précision'],
  'accuracy.recall': ['recall', 'rappel'],
  'accuracy.f1': ['F1', 'F1'],
  'stats.title': ['Monthly statistics', 'Statistiques mensuelles'],
  'stats.note': [
    'Counts are aggregated over the whole fleet, withheld cameras included; a count below {n} is shown as “< {n}” so that no one can be singled out.',
    'Les nombres portent sur tout le parc, caméras non publiées comprises ; un nombre inférieur à {n} est affiché « < {n} » pour que personne ne puisse être isolé.',
  ],
  'stats.alarms': ['Alarms raised per kind', 'Alarmes levées par type'],
  'stats.activity': ['Outcome of alarms and use of recordings', 'Suites des alarmes et usage des enregistrements'],
  'stats.month': ['Month', 'Mois'],
  'stats.none': ['No statistics yet.', 'Pas encore de statistiques.'],
  'stats.confirmed': ['Confirmed', 'Confirmées'],
  'stats.false_alarm': ['False alarms', 'Fausses alarmes'],
  'stats.not_actionable': ['Not actionable', 'Sans suite'],
  'stats.exports': ['Exports', 'Extractions'],
  'stats.holds': ['Evidence holds', 'Conservations pour enquête'],
  'stats.accessRequests': ['Access requests', 'Demandes d’accès'],
  'stats.availability': ['Camera availability', 'Disponibilité des caméras'],
  'contracts.title': ['Contracts', 'Marchés et contrats'],
  'contracts.caption': ['Contracts of the system', 'Contrats du système'],
  'contracts.none': ['No contract recorded.', 'Aucun contrat enregistré.'],
  'contract.vendor': ['Vendor', 'Titulaire'],
  'contract.object': ['Object', 'Objet'],
  'contract.amount': ['Amount', 'Montant'],
  'contract.signed': ['Signed', 'Signé le'],
  'contract.duration': ['Duration', 'Durée'],
  'contract.months': ['{n} months', '{n} mois'],
  'contract.maintenance': ['Maintenance', 'Maintenance'],
  'open.title': ['Open data', 'Données ouvertes'],
  'open.lead': [
    'The same content, free to reuse, at stable addresses:',
    'Le même contenu, librement réutilisable, à des adresses stables :',
  ],
  'open.register': ['the whole register (JSON)', 'tout le registre (JSON)'],
  'open.geojson': ['cameras (GeoJSON)', 'caméras (GeoJSON)'],
  'open.csv': ['cameras (CSV)', 'caméras (CSV)'],
  'open.algorithms': [
    'algorithms, one entry per algorithm following the Dutch Algorithm Register standard (JSON)',
    'algorithmes, une fiche par algorithme selon le standard du registre néerlandais des algorithmes (JSON)',
  ],
  'open.statistics': ['monthly statistics (JSON)', 'statistiques mensuelles (JSON)'],
  'open.contracts': ['contracts (JSON)', 'contrats (JSON)'],
  'open.schemas': ['JSON Schemas of these files', 'schémas JSON de ces fichiers'],
  'purpose.public_safety': ['public safety', 'sécurité des personnes'],
  'purpose.crime_prevention': ['crime prevention', 'prévention des atteintes aux biens et aux personnes'],
  'purpose.traffic_regulation': ['traffic regulation', 'régulation du trafic routier'],
  'purpose.protection_of_public_buildings': [
    'protection of public buildings',
    'protection des bâtiments et installations publics',
  ],
  'purpose.prevention_of_natural_risks': ['prevention of natural risks', 'prévention des risques naturels'],
  'purpose.rescue_and_fire_safety': ['rescue and fire safety', 'secours et défense contre l’incendie'],
  'purpose.events_security': ['security of events', 'sécurité des grands événements'],
  'purpose.other': ['other', 'autre'],
  'footer.note': [
    'Published by the video-protection centre (Vigie). Questions and access requests: the city’s data protection officer.',
    'Publié par le centre de vidéoprotection (Vigie). Questions et demandes d’accès : le délégué à la protection des données de la ville.',
  ],
};
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
/** A day (YYYY-MM-DD) in words; dates are days, not instants: no time zone shift. */
export const fmtDay = (d) =>
  d
    ? new Date(`${String(d).slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale, { dateStyle: 'long', timeZone: 'UTC' })
    : '—';
export const fmtMonth = (m) =>
  new Date(`${m}-15T12:00:00Z`).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
export const fmtDateTime = (d) => new Date(d).toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' });
export const fmtNumber = (n) => n.toLocaleString(locale);
export const fmtMoney = (cents, currency) =>
  (cents / 100).toLocaleString(locale, { style: 'currency', currency: currency || 'EUR' });
