// The user's own address, language and time zone (PATCH /auth/me). Each form sends one field, so a 400 names it.
import * as api from './api.js';
import * as session from './session.js';
import { t, language } from './i18n.js';
import { el, field } from './dom.js';

const LANGUAGES = [['en', 'English'], ['el', 'Ελληνικά']];

/** The message for a failed change of the field labelled {@code labelKey}. */
export function describe(err, labelKey) {
  return err?.status === 400 ? t('badField').replace('{field}', t(labelKey)) : t(err?.key || 'genericError');
}

/** The browser's own time zone, e.g. Europe/Athens. */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function zones(current) {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', browserZone(), current].filter(Boolean))].sort();
}

export class AccountCards {
  /** onLanguage(lang): the dashboard switches to the language the user chose. */
  constructor(confirm, onLanguage) {
    this.confirm = confirm;
    this.onLanguage = onLanguage;
    this.emailCard = el('section', { class: 'card compact', id: 'email-card' });
  }

  render(me) {
    this.me = me;
    this.renderEmail();
    return [this.emailCard, this.languageCard(), this.zoneCard()];
  }

  /** Re-reads the address's state (after the user confirmed it in another tab, say); redrawn only when it changed. */
  async refresh() {
    const before = [this.me.email, this.me.email_verified];
    this.updated(await api.get('/auth/me'));
    if (before[0] !== this.me.email || before[1] !== this.me.email_verified) this.renderEmail();
  }

  async change(body) {
    this.updated(await api.patch('/auth/me', body));
  }

  updated(me) {
    this.me = me;
    const current = session.current();
    if (current) session.save(current.token, { ...current.user, ...me });
  }

  renderEmail() {
    const { email, email_verified: verified } = this.me;
    const message = el('p', { id: 'email-message', class: 'message', role: 'alert' });
    const act = (body, done) => {
      message.textContent = '';
      this.change(body).then(() => { this.renderEmail(); this.confirm(t(done)); })
        .catch((err) => { message.textContent = describe(err, 'emailAddress'); });
    };
    const input = el('input', { type: 'email', name: 'email', id: 'email-input', required: true, maxlength: 254,
      autocomplete: 'email', value: email || '' });
    const form = el('form', { id: 'email-form', class: 'inline-fields' }, field(email ? 'newEmail' : 'emailAddress', input),
      el('button', { type: 'submit', text: t('saveEmail') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      act({ email: input.value.trim() }, 'emailSaved');
    };
    this.emailCard.replaceChildren(el('h2', { text: t('emailAddress') }), this.emailState(email, verified),
      el('div', { class: 'row-actions' },
        email && !verified ? el('button', { type: 'button', id: 'email-resend', class: 'link', text: t('sendAgain'),
          onclick: () => act({ email }, 'linkSentAgain') }) : null,
        email ? el('button', { type: 'button', id: 'email-remove', class: 'link', text: t('removeEmail'),
          onclick: () => act({ email: null }, 'emailRemoved') }) : null),
      form, message);
  }

  emailState(email, verified) {
    if (!email) return el('p', { id: 'email-state', 'data-state': 'none', text: t('emailNone') });
    const state = verified ? 'verified' : 'pending';
    return el('div', { id: 'email-state', 'data-state': state },
      el('p', {}, el('strong', { class: 'address', text: email }), ' ',
        el('span', { class: 'pill state-' + state, text: t(verified ? 'emailVerified' : 'emailPending') })),
      verified ? null : el('p', { class: 'hint', text: t('emailPendingHelp') }));
  }

  languageCard() {
    const message = el('p', { id: 'language-message', class: 'message', role: 'alert' });
    // the dashboard's language: the account's, or the one just chosen with the top bar's button (stored meanwhile)
    const chosen = language();
    const picker = el('select', { name: 'locale', id: 'locale-select' },
      LANGUAGES.map(([code, name]) => el('option', { value: code, lang: code, selected: code === chosen, text: name })));
    picker.onchange = () => {
      message.textContent = '';
      this.change({ locale: picker.value }).then(() => this.onLanguage(picker.value))
        .catch((err) => { message.textContent = describe(err, 'languageLabel'); });
    };
    return el('section', { class: 'card', id: 'language-card' }, el('h2', { text: t('languageLabel') }),
      el('label', {}, el('span', { text: t('languageHelp') }), picker), message);
  }

  zoneCard() {
    const message = el('p', { id: 'zone-message', class: 'message', role: 'alert' });
    const chosen = this.me.time_zone || browserZone();
    const picker = el('select', { name: 'time_zone', id: 'zone-select' },
      zones(chosen).map((zone) => el('option', { value: zone, selected: zone === chosen, text: zone.replace(/_/g, ' ') })));
    const hint = el('span', { id: 'zone-hint', text: t(this.me.time_zone ? 'timeZoneHelp' : 'timeZoneUnset') });
    const form = el('form', { id: 'zone-form', class: 'inline-fields' }, el('label', {}, hint, picker),
      el('button', { type: 'submit', text: t('save') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      message.textContent = '';
      this.change({ time_zone: picker.value }).then(() => { hint.textContent = t('timeZoneHelp'); this.confirm(t('saved')); })
        .catch((err) => { message.textContent = describe(err, 'timezone'); });
    };
    return el('section', { class: 'card compact', id: 'zone-card' }, el('h2', { text: t('timezone') }), form, message);
  }
}
