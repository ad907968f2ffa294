// Admin: users, their role and the sectors they are authorised for, through the user API (admins only; it refuses
// others). Passwords are write-only; the last active admin cannot be removed, demoted or disabled (the API says so).
import { answer, bindEditForm, button, changes, row } from './admin-fleet.js';
import { roleLabel, t } from './i18n.js';

export class UserAdmin {
  /** @param {HTMLElement} root */
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.users = [];
    this.editing = undefined;
    this.form = root.querySelector('#user-form');
    this.alert = root.querySelector('#user-alert');
    root.querySelector('[data-act=new-user]').addEventListener('click', () => this.edit());
    bindEditForm(
      this.form,
      () => this.save(),
      () => this.remove(),
    );
  }

  /** The sectors offered to supervisors and operators; the current choice is kept. */
  setSectors(sectors) {
    const select = this.form.elements.namedItem('sectorIds');
    const chosen = new Set([...select.selectedOptions].map((o) => o.value));
    select.replaceChildren(...sectors.map((s) => new Option(`${s.name} (${s.id})`, s.id, false, chosen.has(s.id))));
  }

  async load() {
    const r = await this.api('GET', '/api/users');
    this.users = Array.isArray(r.json) ? r.json : [];
    this.render();
  }

  clear() {
    this.users = [];
    this.form.hidden = true;
    this.alert.textContent = '';
    this.render();
  }

  render() {
    this.root.querySelector('#user-table tbody').replaceChildren(
      ...this.users.map((u) => {
        const state = t(u.disabled ? 'manage.userDisabled' : 'manage.userActive');
        const tr = row(
          [u.username, roleLabel(u.role), u.sectorIds.join(', ') || '—', state],
          button(t('common.edit'), () => this.edit(u)),
        );
        tr.dataset.user = u.username;
        return tr;
      }),
    );
  }

  edit(u) {
    this.editing = u;
    const f = this.form.elements;
    this.form.querySelector('h3').textContent = u ? t('manage.user', { name: u.username }) : t('manage.newUser');
    f.namedItem('username').value = u?.username ?? '';
    f.namedItem('username').readOnly = Boolean(u);
    f.namedItem('password').value = '';
    f.namedItem('password').placeholder = u ? t('manage.passwordKeep') : '';
    f.namedItem('role').value = u?.role ?? 'operator';
    for (const o of f.namedItem('sectorIds').options) o.selected = Boolean(u?.sectorIds.includes(o.value));
    f.namedItem('disabled').checked = Boolean(u?.disabled);
    f.namedItem('disabled').closest('label').hidden = !u;
    this.form.querySelector('[data-act=delete]').hidden = !u;
    answer(this.form, this.alert, { status: 200 }, '');
    this.form.hidden = false;
    f.namedItem(u ? 'role' : 'username').focus();
  }

  async save() {
    const f = this.form.elements;
    const body = {
      role: f.namedItem('role').value,
      sectorIds: [...f.namedItem('sectorIds').selectedOptions].map((o) => o.value),
    };
    const password = f.namedItem('password').value;
    const u = this.editing;
    let r;
    if (u) {
      const patch = changes({ ...body, disabled: f.namedItem('disabled').checked }, u);
      if (password) patch.password = password;
      if (Object.keys(patch).length === 0) {
        this.alert.textContent = t('common.nothingChanged');
        return;
      }
      const url = `/api/users/${encodeURIComponent(u.id)}`;
      r = await this.api('PATCH', url, patch);
      // An admin changing their own password gives the current one, like everyone.
      if (r.status === 400 && /currentPassword: required/.test(r.json?.message ?? '')) {
        const currentPassword = prompt(t('manage.currentPassword'));
        if (currentPassword) r = await this.api('PATCH', url, { ...patch, currentPassword });
      }
    } else {
      r = await this.api('POST', '/api/users', { username: f.namedItem('username').value.trim(), password, ...body });
    }
    if (!answer(this.form, this.alert, r, '')) return;
    await this.load();
    this.edit(r.json);
    this.alert.textContent = t(u ? 'manage.userSaved' : 'manage.userCreated', { name: r.json.username });
  }

  async remove() {
    const u = this.editing;
    if (!u || !confirm(t('manage.confirmUserDelete', { name: u.username }))) return;
    const r = await this.api('DELETE', `/api/users/${encodeURIComponent(u.id)}`);
    if (!answer(this.form, this.alert, r, t('manage.userDeleted', { name: u.username }))) return;
    this.form.hidden = true;
    this.editing = undefined;
    await this.load();
  }
}
