// A complaint's deliveries, for staff: each notification Herald wrote about it (recipient, type, title, when it was
// written and read) with every channel's attempts, and the Telegram messages about it to chats. Newest first, a page
// at a time; Refresh re-reads it (the complaint's page re-reads it too when an event about the complaint arrives).
import * as api from './api.js';
import { t, ago } from './i18n.js';
import { el, when } from './dom.js';

const PAGE = 20;

export function maySeeDeliveries(user) {
  return user.role === 'admin' || user.role === 'porter';
}

export class DeliveriesSection {
  constructor(complaintId, notify) {
    this.id = complaintId;
    this.notify = notify;
    this.chats = el('ul', { class: 'attempts chat-messages' });
    this.list = el('div', { class: 'delivery-list' });
    this.more = el('button', { type: 'button', class: 'link', id: 'deliveries-more', text: t('loadMore'), hidden: true,
      onclick: () => this.page(this.next).catch(this.notify) });
    this.node = el('section', { class: 'card deliveries', id: 'deliveries' },
      el('header', {}, el('h2', { text: t('deliveries') }),
        el('button', { type: 'button', class: 'link', id: 'deliveries-refresh', text: t('refresh'),
          onclick: () => this.load().catch(this.notify) })),
      el('h3', { text: t('chatMessages') }), this.chats,
      el('h3', { text: t('notifications') }), this.list, this.more);
  }

  async load() {
    const first = await this.fetch(null);
    this.list.replaceChildren();
    this.show(first);
  }

  async page(before) {
    this.show(await this.fetch(before));
  }

  fetch(before) {
    return api.get(`/complaints/${this.id}/deliveries` + api.query({ limit: PAGE, before_id: before }));
  }

  show(data) {
    if (data.chat_messages) {
      this.chats.replaceChildren(...(data.chat_messages.length
        ? data.chat_messages.map(chatMessage) : [el('li', { class: 'empty', text: t('none') })]));
    }
    this.list.append(...data.notifications.map(notification));
    if (!this.list.childElementCount) this.list.append(el('p', { class: 'empty', text: t('noDeliveries') }));
    this.next = data.next_before_id;
    this.more.hidden = !this.next;
  }
}

function notification(n) {
  return el('article', { class: 'delivery', 'data-notification': n.notification_id },
    el('p', { class: 'delivery-head' }, el('strong', { class: 'recipient', text: n.recipient }), ' · ',
      t(n.type === 'broadcast' ? 'broadcastType' : n.type), ' · ', el('span', { class: 'delivery-title', text: n.title })),
    el('p', { class: 'delivery-times' }, `${t('createdAt')} `, time(n.created_at), ' · ',
      n.read_at ? [`${t('readAt')} `, time(n.read_at)] : t('unread')),
    el('ul', { class: 'attempts' },
      n.deliveries.map((d) => attempt(t('dch_' + d.channel), d)),
      n.escalation.filter((s) => s.status !== 'queued').map(step)));
}

function chatMessage(m) {
  return attempt(m.kind === 'alert' ? `${t('dch_alert')} ${m.chat_id}` : t('dch_personal'), m, m.kind);
}

/** One channel's row: its status, when it happened (or was queued), how many tries, the last error. */
function attempt(label, d, kind = null) {
  return el('li', { 'data-channel': d.channel, 'data-kind': kind, 'data-status': d.status },
    el('span', { class: 'channel', text: label }), ' ',
    el('span', { class: 'pill delivery-status', text: t('ds_' + d.status) }), ' ',
    time(d.at || d.queued_at),
    d.attempts > 1 ? ` · ${d.attempts} ${t('tries')}` : null,
    d.error ? el('span', { class: 'delivery-error', text: d.error }) : null);
}

/** An escalation step that queued nothing (yet): pending with its due time, or skipped/cancelled and why. */
function step(s) {
  return el('li', { class: 'step', 'data-channel': s.channel, 'data-status': s.status },
    el('span', { class: 'channel', text: `${t('escalationStep')} ${s.step}: ${t('dch_' + s.channel)}` }), ' ',
    el('span', { class: 'pill delivery-status', text: t('ds_' + s.status) }), ' ',
    s.done_at ? time(s.done_at) : `${t('due')} ${when(s.due_at)}`,
    s.outcome ? el('span', { class: 'delivery-error', text: s.outcome }) : null);
}

function time(date) {
  return el('time', { datetime: date, title: when(date), text: ago(date) });
}
