// The dashboard's live connection: herald-client (../client/herald-client.js) over the SockJS bridge, its states
// mapped onto the indicator. The client shares one connection between the user's tabs, resumes from the last
// notification id seen, shows each notification once and reloads the inbox after an incomplete resume.
import { createHeraldClient } from '../client/herald-client.js';

const OFFLINE_AFTER_ATTEMPTS = 4;
const SIGNED_OUT = new Set([4401, 4403]);

export class Live {
  /**
   * token the JWT; lastId a function giving the highest notification id the page holds;
   * handlers {onState(indicator), onNotification(row), onUnreadCount(count), onUpdate(update), onDashboard(frame),
   *   onTelegramLink(link), onSignedOut()}
   */
  constructor(token, lastId, handlers) {
    this.token = token;
    this.lastId = lastId;
    this.handlers = handlers;
    this.client = null;
  }

  start() {
    const client = createHeraldClient({ token: this.token, lastId: this.lastId() });
    client.on('state', (state, detail) => this.state(state, detail));
    client.on('notification', (row) => this.handlers.onNotification(row));
    client.on('unread_count', (count) => this.handlers.onUnreadCount(count));
    client.on('notification_update', (update) => this.handlers.onUpdate(update));
    client.on('complaint', (frame) => this.handlers.onDashboard(frame));
    client.on('telegram_link', (link) => this.handlers.onTelegramLink(link));
    this.client = client;
  }

  stop() {
    const client = this.client;
    this.client = null;
    client?.close();
  }

  state(state, detail) {
    if (state === 'closed' && SIGNED_OUT.has(detail.code)) {
      this.handlers.onSignedOut();
      return;
    }
    const offline = !navigator.onLine || state === 'closed' || (detail.attempt ?? 0) > OFFLINE_AFTER_ATTEMPTS;
    this.handlers.onState(state === 'open' ? 'connected' : offline ? 'offline' : 'reconnecting');
  }

  /** Drops the connection as a network failure would; the client reconnects by itself. */
  drop() {
    this.client?.reconnect();
  }

  markRead(id) {
    return this.client ? this.client.markRead(id) : Promise.resolve();
  }

  markAllRead() {
    return this.client ? this.client.markAllRead() : Promise.resolve();
  }

  /** How many addresses the connection listens to (a test hook: it must not grow with reconnects). */
  subscriptions() {
    return this.client ? this.client.subscriptions.length : 0;
  }
}
