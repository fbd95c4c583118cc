// Admin page: broadcast form, Telegram alert settings, and the live WebSocket numbers (the System page has more).
import * as api from './api.js';
import { t } from './i18n.js';
import { el, field, formValues } from './dom.js';
import { alertSettingsForm } from './alerts.js';

const ROLES = ['admin', 'porter', 'student'];
const STATS_MS = 5000;

export class AdminView {
  constructor(main, notify, confirm) {
    this.main = main;
    this.notify = notify;
    this.confirm = confirm;
  }

  async show() {
    const [config, stats] = await Promise.all([api.get('/notifications/config'), api.get('/websocket/stats')]);
    this.main.replaceChildren(el('h1', { text: t('admin') }), this.broadcastForm(), alertSettingsForm(config, this.confirm), this.statsCard(stats));
  }

  onEvent() {}

  broadcastForm() {
    const form = el('form', { class: 'card', id: 'broadcast-form' },
      el('h2', { text: t('broadcast') }),
      field('title', el('input', { name: 'title', required: true, maxlength: 200 })),
      field('message', el('textarea', { name: 'message', required: true, maxlength: 4000 })),
      el('div', {}, ROLES.map((role) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'role-' + role, checked: true }), role))),
      el('button', { type: 'submit', text: t('send') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      const values = formValues(form);
      const roles = ROLES.filter((role) => values['role-' + role]);
      api.post('/notifications/broadcast', { title: values.title, message: values.message, roles })
        .then(() => { form.reset(); this.confirm(t('sent')); }).catch(this.notify);
    };
    return form;
  }

  /** Re-read every few seconds while the card is shown. */
  statsCard(stats) {
    const numbers = el('p', { id: 'ws-stats-numbers' });
    const card = el('div', { class: 'card', id: 'ws-stats' }, el('h2', { text: t('wsStats') }), numbers,
      el('a', { href: '#/system', text: t('system') }));
    const show = (current) => { numbers.textContent = `${t('connections')}: ${current.connections ?? 0} · ${t('users')}: ${current.users ?? 0}`; };
    show(stats);
    const timer = setInterval(() => {
      if (!card.isConnected) clearInterval(timer);
      else api.get('/websocket/stats').then(show).catch(() => {});
    }, STATS_MS);
    return card;
  }
}
