// The bell, its unread badge and the notification centre. Rows are kept by id, so a row that arrives
// both live and in a resume reply is shown once.
import * as api from './api.js';
import { t } from './i18n.js';
import { el, when } from './dom.js';

const PAGE = 20;

export class Centre {
  constructor(live, onError) {
    this.live = live;
    this.onError = onError;
    this.rows = new Map();
    this.nextBefore = null;
    this.unread = 0;
    this.list = document.getElementById('notification-list');
    this.more = document.getElementById('notifications-more');
    this.badge = document.getElementById('unread-badge');
  }

  bind() {
    const panel = document.getElementById('centre');
    document.getElementById('bell').onclick = () => { panel.hidden = !panel.hidden; };
    document.getElementById('centre-close').onclick = () => { panel.hidden = true; };
    document.getElementById('mark-all-read').onclick = () => this.markAllRead();
    this.more.onclick = () => this.loadPage(this.nextBefore);
  }

  async load() {
    this.rows.clear();
    await this.loadPage(null);
    const { count } = await api.get('/notifications/unread-count');
    this.setUnread(count);
  }

  async loadPage(beforeId) {
    const page = await api.get('/notifications' + api.query({ limit: PAGE, before_id: beforeId }));
    page.items.forEach((row) => this.rows.set(row.id, row));
    this.nextBefore = page.next_before_id;
    this.render();
  }

  lastId() {
    return this.rows.size ? Math.max(...this.rows.keys()) : 0;
  }

  /** Returns true when the row is new to this tab. */
  add(row) {
    if (this.rows.has(row.id)) return false;
    this.rows.set(row.id, row);
    if (!row.read_at) this.setUnread(this.unread + 1);
    this.render();
    return true;
  }

  updated({ notification_id: id, status }) {
    const now = new Date().toISOString();
    if (status === 'all_read') this.rows.forEach((row) => { row.read_at = row.read_at || now; });
    if (status === 'read' && this.rows.has(id)) this.rows.get(id).read_at = now;
    if (status === 'deleted') this.rows.delete(id);
    this.render();
  }

  setUnread(count) {
    this.unread = Math.max(0, count);
    this.badge.textContent = String(this.unread);
    this.badge.hidden = this.unread === 0;
  }

  /** Over the live connection (or REST when there is none); the update comes back as a notification_update. */
  markRead(id) {
    this.live.markRead(id).catch(this.onError);
  }

  markAllRead() {
    this.live.markAllRead().catch(this.onError);
  }

  remove(id) {
    this.rest(api.del('/notifications/' + id), { notification_id: id, status: 'deleted' });
  }

  rest(call, update) {
    call.then(() => this.updated(update)).catch(this.onError);
  }

  render() {
    const rows = [...this.rows.values()].sort((a, b) => b.id - a.id);
    this.list.replaceChildren(...(rows.length ? rows.map((row) => this.item(row))
      : [el('li', { class: 'empty', text: t('noNotifications') })]));
    this.more.hidden = !this.nextBefore;
  }

  item(row) {
    return el('li', { class: row.read_at ? 'read' : 'unread', 'data-id': row.id },
      el('div', { class: 'title', text: row.title }),
      el('div', { class: 'text', text: row.message }),
      el('small', { text: when(row.created_at) }),
      el('div', { class: 'actions' },
        row.read_at ? null : el('button', { type: 'button', class: 'link mark-read', text: t('markRead'), onclick: () => this.markRead(row.id) }),
        el('button', { type: 'button', class: 'link delete', text: t('remove'), onclick: () => this.remove(row.id) })));
  }
}
