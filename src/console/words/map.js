// The map: its states (each also a glyph and a colour), legend, zoom and keys.
export default {
  'map.title': ['Map', 'Carte'],
  'map.label': ['Camera map', 'Carte des caméras'],
  'map.legend': ['Legend', 'Légende'],
  'map.zoom': ['Zoom', 'Zoom'],
  'map.zoomIn': ['Zoom in (+)', 'Zoomer (+)'],
  'map.zoomOut': ['Zoom out (−)', 'Dézoomer (−)'],
  'map.fit': ['Whole fleet (0)', 'Tout le parc (0)'],
  'map.closeLive': ['Close the live view (Escape)', 'Fermer le direct (Échap)'],
  'map.help': [
    'Arrows: cameras · Enter: live view · + / −: zoom · 0: whole fleet · Shift + arrows: pan',
    'Flèches : caméras · Entrée : direct · + / − : zoom · 0 : tout le parc · Maj + flèches : déplacer',
  ],
  'map.cluster': ['{n} cameras, worst state: {state}', '{n} caméras, pire état : {state}'],
  'map.direction': ['Direction (°, 0 = north)', 'Direction (°, 0 = nord)'],
  'map.fieldOfView': ['Field of view (°)', 'Champ de vision (°)'],
  'map.state.alarm': ['Alarm', 'En alarme'],
  'map.state.offline': ['Offline', 'Hors ligne'],
  'map.state.maintenance': ['Maintenance', 'En maintenance'],
  'map.state.decommissioned': ['Decommissioned', 'Retirée'],
  'map.state.planned': ['Not installed', 'Non installée'],
  'map.state.streaming': ['Streaming', 'En direct'],
};
