// The SockJS event-bus bridge connection: backoff with jitter (the client library's own), handlers
// registered once per open socket, resume from the last notification id seen, one expiry timer.
const BACKOFF = {
  vertxbus_reconnect_attempts_max: Infinity,
  vertxbus_reconnect_delay_min: 300,
  vertxbus_reconnect_delay_max: 15000,
  vertxbus_reconnect_exponent: 2,
  vertxbus_randomization_factor: 0.5
};
const OFFLINE_AFTER_ATTEMPTS = 4;

export class Live {
  /**
   * @param user {id, role}; token the JWT; lastId a function giving the highest notification id seen;
   * handlers {onState(state), onNotification(row), onEnvelope(body), onDashboard(body), onResumeIncomplete()}
   */
  constructor(user, token, lastId, handlers) {
    this.user = user;
    this.token = token;
    this.lastId = lastId;
    this.handlers = handlers;
    this.bus = null;
    this.failures = 0;
  }

  start() {
    this.connect();
    this.onOffline = () => this.handlers.onState('offline');
    this.onOnline = () => this.networkBack();
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  stop() {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.disconnect();
  }

  connect() {
    this.failures = 0;
    this.bus = new EventBus('/eventbus?token=' + encodeURIComponent(this.token), BACKOFF);
    this.bus.onerror = () => {};
    this.bus.onopen = () => this.opened();
    this.bus.onclose = () => this.closed();
    this.bus.enableReconnect(true);
    this.handlers.onState(navigator.onLine ? 'reconnecting' : 'offline');
  }

  /** Closes the bus, its ping interval and any pending reconnect timeout (the library's close() needs a socket). */
  disconnect() {
    if (!this.bus) return;
    const bus = this.bus;
    this.bus = null;
    bus.onclose = null;
    bus.enableReconnect(false);
    if (bus.sockJSConn) bus.close();
  }

  /** The browser has a network again: a live socket carries on, otherwise a fresh bus connects at once. */
  networkBack() {
    if (!this.bus) return;
    if (this.bus.state === EventBus.OPEN) {
      this.handlers.onState('connected');
      return;
    }
    this.disconnect();
    this.connect();
  }

  /** Drops the socket as a network failure would; the client reconnects by itself. */
  drop() {
    if (this.bus && this.bus.sockJSConn) this.bus.sockJSConn.close();
  }

  opened() {
    this.failures = 0;
    this.handlers.onState('connected');
    this.bus.registerHandler('notifications.user.' + this.user.id, {}, (err, msg) => {
      if (!err) this.envelope(msg.body);
    });
    this.dashboardAddresses().forEach((address) => this.bus.registerHandler(address, {}, (err, msg) => {
      if (!err) this.handlers.onDashboard(msg.body);
    }));
    this.resume();
  }

  closed() {
    if (!this.bus) return;
    this.failures += 1;
    this.handlers.onState(this.failures > OFFLINE_AFTER_ATTEMPTS || !navigator.onLine ? 'offline' : 'reconnecting');
  }

  dashboardAddresses() {
    switch (this.user.role) {
      case 'admin': return ['dashboard.complaints.new', 'dashboard.complaints.updates'];
      case 'porter': return ['dashboard.complaints.updates'];
      default: return ['dashboard.student.' + this.user.id];
    }
  }

  envelope(body) {
    if (body.type === 'notification') this.handlers.onNotification(body.data);
    else this.handlers.onEnvelope(body);
  }

  resume() {
    this.bus.send('sockets.bridge.resume', { last_id: this.lastId() }, {}, (err, msg) => {
      if (err) return;
      msg.body.items.forEach((row) => this.handlers.onNotification(row));
      if (!msg.body.complete) this.handlers.onResumeIncomplete();
    });
  }

  send(address, body) {
    if (this.bus && this.bus.state === EventBus.OPEN) {
      this.bus.send(address, body, {});
      return true;
    }
    return false;
  }
}
