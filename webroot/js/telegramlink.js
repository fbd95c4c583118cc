// The user's own Telegram chat: link it with a one-time code (the bot's deep link, or /start <code>), see the bot
// confirm it (the server says so over the live connection, as it does when the chat is unlinked elsewhere), unlink it.
import * as api from './api.js';
import { t } from './i18n.js';
import { el, when } from './dom.js';
import { describe } from './account.js';

export class TelegramLinkCard {
  constructor(confirm) {
    this.confirm = confirm;
    this.card = el('section', { class: 'card compact', id: 'telegram-card' });
    this.expiry = null;
    this.pending = false;
  }

  render(state) {
    this.show(state);
    return this.card;
  }

  stop() {
    clearTimeout(this.expiry);
    this.expiry = null;
    this.pending = false;
  }

  /** The link as the server now has it ({linked, linked_at}): told live, or asked again after a reconnect. */
  changed(link) {
    if (!this.state) return;
    const state = { ...this.state, linked: link.linked, linked_at: link.linked_at };
    if (link.linked && this.pending) {
      this.show(state);
      this.confirm(t('telegramNowLinked'));
    } else if (!this.pending && link.linked !== this.state?.linked) {
      this.show(state);
    } else {
      this.state = state;
    }
  }

  show(state, notice = '') {
    this.stop();
    this.state = state;
    const message = el('p', { id: 'telegram-link-message', class: 'message', role: 'alert' });
    const act = (work) => { message.textContent = ''; work().catch((err) => { message.textContent = this.describe(err); }); };
    let body;
    if (state.linked) {
      body = [el('p', { id: 'telegram-state', 'data-state': 'linked' }, t('telegramLinked'), ' ',
        state.linked_at ? t('linkedSince').replace('{date}', when(state.linked_at)) : ''),
      el('button', { type: 'button', id: 'telegram-unlink', text: t('unlinkTelegram'), onclick: () => act(() => this.unlink()) })];
    } else if (!state.available) {
      body = [el('p', { id: 'telegram-state', 'data-state': 'unavailable', text: t('telegramUnavailable') })];
    } else {
      body = [el('p', { id: 'telegram-state', 'data-state': 'unlinked', text: notice || t('telegramNotLinked') }),
        el('button', { type: 'button', id: 'telegram-link', text: t('linkTelegram'), onclick: () => act(() => this.link()) })];
    }
    this.card.replaceChildren(el('h2', { text: t('personalTelegram') }), ...body, message);
  }

  async link() {
    const code = await api.post('/auth/me/telegram-link');
    const command = '/start ' + code.code;
    this.card.replaceChildren(el('h2', { text: t('personalTelegram') }),
      el('div', { id: 'telegram-code', 'data-state': 'waiting' },
        code.deep_link ? [el('p', { text: t('openInTelegram') }),
          el('p', {}, el('a', { id: 'telegram-deep-link', class: 'wrap', href: code.deep_link, target: '_blank', rel: 'noopener',
            text: code.deep_link }))] : null,
        el('p', { text: t(code.deep_link ? 'orSendCode' : 'sendCode') }),
        el('p', {}, el('code', { id: 'telegram-command', class: 'wrap', text: command })),
        el('p', { class: 'hint', text: t('codeValidUntil').replace('{time}', when(code.expires_at)) }),
        el('p', { class: 'hint', text: t('waitingForBot') })),
      el('button', { type: 'button', class: 'link', id: 'telegram-cancel', text: t('cancel'), onclick: () => this.show(this.state) }));
    this.pending = true;
    this.expiry = setTimeout(() => this.show(this.state, t('codeExpired')), Math.max(0, Date.parse(code.expires_at) - Date.now()));
  }

  async unlink() {
    await api.del('/auth/me/telegram-link');
    this.show({ ...this.state, linked: false, linked_at: null });
    this.confirm(t('telegramUnlinked'));
  }

  describe(err) {
    return err?.status === 409 ? t('telegramUnavailable') : describe(err, 'personalTelegram');
  }
}
