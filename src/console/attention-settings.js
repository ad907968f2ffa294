// The user's alarm sounds: a beep pattern per priority (heard once when chosen), kept in their preferences so that
// every console they log in to sounds the same.
import { PATTERNS } from './attention.js';
import { priorityLabel } from './i18n.js';

const PRIORITIES = ['critical', 'high', 'medium', 'low'];

export class SoundSettings {
  /**
   * @param {HTMLElement} root a <details> whose body receives one select per priority
   * @param {import('./attention.js').Attention} attention
   * @param {(settings: object) => void} save
   */
  constructor(root, attention, save) {
    this.root = root;
    this.attention = attention;
    this.save = save;
  }

  render() {
    const body = this.root.querySelector('.sound-body');
    body.replaceChildren(
      ...PRIORITIES.map((p) => {
        const label = document.createElement('label');
        const select = document.createElement('select');
        select.name = p;
        select.dataset.priority = p;
        for (const name of Object.keys(PATTERNS)) select.add(new Option(name, name));
        select.value = this.attention.settings.sounds[p];
        select.addEventListener('change', () => {
          const sounds = { ...this.attention.settings.sounds, [p]: select.value };
          this.attention.configure({ ...this.attention.settings, sounds });
          this.save(this.attention.settings);
          this.attention.beep(p);
        });
        label.append(`${priorityLabel(p)} `, select);
        return label;
      }),
    );
  }
}
