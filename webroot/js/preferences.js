// The user's address, language and time zone, their own Telegram chat, notification preferences (type x channel,
// quiet hours, daily digest) and this browser's own switches.
import * as api from './api.js';
import { t } from './i18n.js';
import { el, field, formValues, select } from './dom.js';
import { AccountCards, browserZone } from './account.js';
import { TelegramLinkCard } from './telegramlink.js';

const TYPES = ['new_complaint', 'status_update', 'assignment_update', 'broadcast', 'system'];
const CHANNELS = ['in_app', 'telegram', 'email'];
const LOCAL = { browser: 'herald.browserNotifications', sound: 'herald.sound' };

export function localSwitch(name) {
  return localStorage.getItem(LOCAL[name]) === 'on';
}

export class PreferencesView {
  /** onLanguage(lang): the dashboard switches to the language the user chose here. */
  constructor(main, notify, confirm, onLanguage) {
    this.main = main;
    this.notify = notify;
    this.confirm = confirm;
    this.account = new AccountCards(confirm, onLanguage);
    this.telegram = new TelegramLinkCard(confirm);
    this.onFocus = () => this.account.refresh().catch(() => {});
  }

  async show() {
    const [prefs, me, link] = await Promise.all([api.get('/notifications/preferences'), api.get('/auth/me'),
      api.get('/auth/me/telegram-link')]);
    this.main.replaceChildren(el('h1', { text: t('preferences') }), ...this.account.render(me), this.telegram.render(link),
      el('h2', { text: t('notifications') }), this.serverForm(prefs), this.browserForm());
    if (!this.stopped) window.addEventListener('focus', this.onFocus);
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('focus', this.onFocus);
    this.telegram.stop();
  }

  onEvent() {}

  onTelegramLink(link) {
    this.telegram.changed(link);
  }

  /** What changed while the connection was down was not told: the link is asked again. */
  onReconnect() {
    api.get('/auth/me/telegram-link').then((link) => this.telegram.changed(link)).catch(() => {});
  }

  serverForm(prefs) {
    const types = prefs.types || {};
    const quiet = prefs.quiet_hours || {};
    const digest = prefs.digest || {};
    const table = el('table', { class: 'prefs' },
      el('thead', {}, el('tr', {}, el('th', { text: t('type') }), CHANNELS.map((c) => el('th', { text: t(c === 'telegram' ? 'telegramChannel' : c) })))),
      el('tbody', {}, TYPES.map((type) => el('tr', {}, el('td', { text: t(type === 'broadcast' ? 'broadcastType' : type) }),
        CHANNELS.map((channel) => el('td', {}, el('input', { type: 'checkbox', name: `${type}.${channel}`,
          'aria-label': `${type} ${channel}`, checked: Boolean(types[type]?.[channel]) })))))));
    const form = el('form', { class: 'card', id: 'preferences-form' }, table,
      el('h2', { text: t('quietHours') }),
      field('from', el('input', { type: 'time', name: 'start', value: quiet.start || '' })),
      field('to', el('input', { type: 'time', name: 'end', value: quiet.end || '' })),
      field('timezone', el('input', { name: 'zone', value: quiet.zone || browserZone() })),
      el('h2', { text: t('digest') }),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'digest.enabled', checked: Boolean(digest.enabled) }), t('digestDaily')),
      field('channel', select('digest.channel', ['email', 'telegram'], { selected: digest.channel || 'email', id: null, label: (c) => (c === 'email' ? t('email') : 'Telegram') })),
      field('digestHour', el('input', { type: 'number', name: 'digest.hour', min: 0, max: 23, step: 1, value: digest.hour ?? 8 })),
      el('button', { type: 'submit', text: t('save') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      api.put('/notifications/preferences', toPreferences(formValues(form))).then(() => this.confirm(t('saved'))).catch(this.notify);
    };
    return form;
  }

  browserForm() {
    const toggle = (name, key) => el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'local-' + name, checked: localSwitch(name),
      onchange: (e) => this.switchLocal(name, e.target.checked) }), t(key));
    return el('div', { class: 'card' }, toggle('browser', 'browserNotifications'), toggle('sound', 'sound'));
  }

  switchLocal(name, on) {
    localStorage.setItem(LOCAL[name], on ? 'on' : 'off');
    if (on && name === 'browser' && 'Notification' in window) Notification.requestPermission();
  }
}

function toPreferences(values) {
  const types = Object.fromEntries(TYPES.map((type) => [type,
    Object.fromEntries(CHANNELS.map((channel) => [channel, Boolean(values[`${type}.${channel}`])]))]));
  const quiet = values.start && values.end ? { start: values.start, end: values.end, zone: values.zone } : null;
  const digest = { enabled: Boolean(values['digest.enabled']), channel: values['digest.channel'], hour: Number(values['digest.hour']) };
  return { types, quiet_hours: quiet, digest };
}
