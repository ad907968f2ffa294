// The alarm toasts and the tiles' picture state.
export default {
  'attention.open': ['Open this alarm', 'Ouvrir cette alarme'],
  'attention.frozen': ['frozen for {n} s', 'image figée depuis {n} s'],
  'attention.noPicture': ['no picture yet', 'pas encore d’image'],
  'attention.pictureAt': ['picture at {time}', 'image de {time}'],
};
