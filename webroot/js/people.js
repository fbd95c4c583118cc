// People (admins): find users by name, role and status, page through them, create one, change a role, disable or
// enable, set a new password. Everything goes through /api/v1/users; a disabled user's open sockets close at once.
import * as api from './api.js';
import { t } from './i18n.js';
import { el, field, formValues, hashParams, navigate, select, when } from './dom.js';

const ROLES = ['admin', 'porter', 'student', 'service'];
const PAGE = 50;

function roleSelect(name, selected, any) {
  return select(name, ROLES, { any, selected, id: null, label: (role) => t('role_' + role) });
}

export class PeopleView {
  constructor(main, notify, confirm) {
    this.main = main;
    this.notify = notify;
    this.confirm = confirm;
    this.params = hashParams();
    this.cursor = null;
    this.body = el('tbody', { id: 'people-rows' });
  }

  async show() {
    this.moreButton = el('button', { type: 'button', id: 'people-more', class: 'link', text: t('loadMore'),
      onclick: () => this.loadPage().catch(this.notify) });
    const heads = [t('username'), t('displayName'), t('role'), t('status'), t('createdAt'), t('actions')];
    this.main.replaceChildren(el('h1', { text: t('people') }), this.filterForm(), this.createForm(),
      el('table', { class: 'people' }, el('thead', {}, el('tr', {}, heads.map((h) => el('th', { text: h })))), this.body),
      this.moreButton);
    await this.reload();
  }

  onEvent() {}

  filterForm() {
    const p = this.params;
    const form = el('form', { class: 'filters card', id: 'people-filters' },
      field('search', el('input', { name: 'q', type: 'search', maxlength: 64, value: p.get('q') || '' })),
      field('role', roleSelect('role', p.get('role') || '', true)),
      field('status', select('status', ['active', 'disabled'], { any: true, selected: p.get('status') || '', id: null })),
      el('button', { type: 'submit', text: t('filter') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      if (!navigate('#/people', formValues(form))) this.reload().catch(this.notify);
    };
    return form;
  }

  createForm() {
    const message = el('p', { class: 'message', role: 'alert' });
    const form = el('form', { class: 'card', id: 'new-user' },
      el('h2', { text: t('createUser') }),
      field('username', el('input', { name: 'username', required: true, maxlength: 64, autocomplete: 'off' })),
      field('displayName', el('input', { name: 'display_name', maxlength: 128 })),
      field('password', el('input', { name: 'password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' })),
      field('role', roleSelect('role', 'student', false)),
      message, el('button', { type: 'submit', text: t('createUser') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      const values = formValues(form);
      if (!values.display_name) delete values.display_name;
      message.textContent = '';
      api.post('/users', values)
        .then(() => { form.reset(); this.confirm(t('userCreated')); return this.reload(); })
        .catch((err) => { message.textContent = t(err.key || 'genericError'); });
    };
    return form;
  }

  async reload() {
    this.cursor = null;
    this.body.replaceChildren();
    await this.loadPage();
  }

  async loadPage() {
    const p = this.params;
    const page = await api.get('/users' + api.query({ q: p.get('q'), role: p.get('role'), status: p.get('status'),
      cursor: this.cursor, limit: PAGE }));
    page.items.forEach((user) => this.body.append(this.row(user)));
    this.cursor = page.next_cursor;
    this.moreButton.hidden = !this.cursor;
    if (!this.body.children.length) this.body.append(el('tr', { class: 'empty' }, el('td', { colspan: 6, text: t('noUsers') })));
  }

  row(user) {
    const role = roleSelect('role', user.role, false);
    role.onchange = () => this.change(user, { role: role.value });
    const actions = el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'toggle-disabled', text: t(user.disabled ? 'enable' : 'disable'),
        onclick: () => this.change(user, { disabled: !user.disabled }) }),
      el('button', { type: 'button', class: 'link set-password', text: t('setPassword'),
        onclick: () => actions.replaceChildren(this.passwordForm(user)) }));
    return el('tr', { 'data-user': user.username, 'data-id': user.id, 'data-disabled': String(user.disabled), class: user.disabled ? 'disabled' : '' },
      el('td', { class: 'username', text: user.username }), el('td', { text: user.display_name || '' }),
      el('td', {}, role), el('td', { class: 'user-status', text: t(user.disabled ? 'disabled' : 'active') }),
      el('td', { text: when(user.created_at) }), actions);
  }

  passwordForm(user) {
    const input = el('input', { type: 'password', name: 'password', class: 'new-password', minlength: 8, required: true,
      autocomplete: 'new-password', 'aria-label': t('newPassword'), placeholder: t('newPassword') });
    const form = el('form', { class: 'inline' }, input, el('button', { type: 'submit', class: 'save-password', text: t('save') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      this.change(user, { password: input.value });
    };
    return form;
  }

  change(user, body) {
    api.patch('/users/' + user.id, body)
      .then((updated) => {
        this.body.querySelector(`tr[data-id="${user.id}"]`)?.replaceWith(this.row(updated));
        this.confirm(t('saved'));
      })
      .catch(this.notify);
  }
}
