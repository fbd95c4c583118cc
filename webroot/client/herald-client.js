// herald-client: Herald's real-time notifications for any browser front end (docs/client.md).
// One ES module; its only dependency is the SockJS client, taken from options.SockJS, window.SockJS, or Herald's
// own copy at <baseUrl>/vendor/sockjs.min.js.

const BRIDGE_PING_MS = 5000;
const REFRESH_MARGIN_MS = 60000;
const MIN_REFRESH_DELAY_MS = 1000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30000;
const BUSY_BACKOFF_STEPS = 3;
const SEEN_IDS_KEPT = 2000;
const INBOX_PAGES = 10;
const REVOKED = new Set(['user_disabled', 'role_changed', 'revoked']);
const EVENTS = ['notification', 'unread_count', 'notification_update', 'telegram_link', 'state', 'complaint'];
const COMPLAINT_FRAMES = new Set(['new_complaint', 'status_update', 'assignment_update']);
const BRIDGE = {
  resume: 'sockets.bridge.resume',
  markRead: 'sockets.bridge.mark-read',
  markAllRead: 'sockets.bridge.mark-all-read',
  unreadCount: 'sockets.bridge.unread-count'
};

/** Creates a client and starts connecting. See herald-client.d.ts for the options and events. */
export function createHeraldClient(options) {
  return new HeraldClient(options);
}

/** The claims Herald puts in its tokens: user id, role and expiry (epoch ms), or nulls for an opaque token. */
function claims(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { userId: Number(payload.sub) || null, role: payload.role || null, expiresAt: payload.exp ? payload.exp * 1000 : null };
  } catch {
    return { userId: null, role: null, expiresAt: null };
  }
}

/** Exponential backoff with jitter: half the step fixed, half random, so a restart's reconnect storm spreads out. */
function backoff(attempt) {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
  return step / 2 + Math.random() * step / 2;
}

function topicsFor(userId, role) {
  switch (role) {
    case 'admin': return ['dashboard.complaints.new', 'dashboard.complaints.updates'];
    case 'porter': return ['dashboard.complaints.updates'];
    default: return ['dashboard.student.' + userId];
  }
}

let sockJsLoading = null;

function loadSockJS(baseUrl) {
  if (globalThis.SockJS) return Promise.resolve(globalThis.SockJS);
  sockJsLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = baseUrl + '/vendor/sockjs.min.js';
    script.onload = () => resolve(globalThis.SockJS);
    script.onerror = () => { sockJsLoading = null; reject(new Error('could not load ' + script.src)); };
    document.head.appendChild(script);
  });
  return sockJsLoading;
}

/** Notification ids already shown, the oldest forgotten first. */
class SeenIds {
  constructor() {
    this.ids = new Set();
  }

  /** True the first time an id is offered. */
  first(id) {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > SEEN_IDS_KEPT) this.ids.delete(this.ids.values().next().value);
    return true;
  }
}

/** The SockJS event-bus bridge at /eventbus, spoken directly (register, send with reply, ping). */
class BridgeConnection {
  constructor(client, SockJS, token, lastId) {
    this.client = client;
    this.lastId = lastId;
    this.replies = new Map();
    this.userAddress = 'notifications.user.' + client.userId;
    this.topics = topicsFor(client.userId, client.role);
    this.subscriptions = [];
    this.revoked = null;
    this.closing = null;
    this.confirmed = false;
    this.sock = new SockJS(client.baseUrl + '/eventbus?token=' + encodeURIComponent(token), null, client.sockjsOptions);
    this.sock.onopen = () => this.opened();
    this.sock.onmessage = (event) => this.message(JSON.parse(event.data));
    this.sock.onclose = (event) => this.ended(event.code, event.reason);
  }

  get open() {
    return this.confirmed && this.sock.readyState === 1;
  }

  get transport() {
    return this.sock.transport || null;
  }

  opened() {
    this.ping = setInterval(() => this.write({ type: 'ping' }), BRIDGE_PING_MS);
    const resumed = this.lastId === null ? null : this.request(BRIDGE.resume, { last_id: this.lastId, await_register: true });
    [this.userAddress, ...this.topics].forEach((address) => {
      this.write({ type: 'register', address, headers: {} });
      this.subscriptions.push(address);
    });
    // open once the server answers: a session refused for its token is closed unanswered, and backs off;
    // a resume refused with a failure code (over the resume budget) is an answer too, and the inbox is reloaded
    (resumed ?? this.request(BRIDGE.unreadCount, {})).then(
      (reply) => this.confirm(reply.items ?? [], reply.complete ?? true),
      (failure) => { if (failure.failureCode) this.confirm([], false); });
  }

  confirm(items, complete) {
    this.confirmed = true;
    this.client.opened(this);
    this.client.resumed(this, items, complete);
  }

  message(msg) {
    if (msg.type === 'err') {
      const reply = this.replies.get(msg.address);
      this.replies.delete(msg.address);
      if (reply) reply.reject(Object.assign(new Error(msg.message || msg.body), { failureCode: msg.failureCode }));
      if (REVOKED.has(msg.body)) this.revoked = msg.body;
      // a gap in the live stream the server could not fill: what came before this is complete, reload after it
      if (msg.body === 'resume_failed' && !msg.address && this.confirmed) this.client.resumed(this, [], false);
      // the server's last word before it ends the session: SockJS's own close frame always says 3000
      if (msg.code) this.closing = { code: msg.code, reason: msg.reason };
    } else if (msg.type === 'rec' && this.replies.has(msg.address)) {
      const reply = this.replies.get(msg.address);
      this.replies.delete(msg.address);
      reply.resolve(msg.body);
    } else if (msg.type === 'rec') {
      this.client.frame(msg.body);
    }
  }

  ended(code, reason) {
    this.stop();
    const closing = this.closing ?? { code, reason };
    this.client.ended(this, this.revoked ? 4403 : closing.code, this.revoked || closing.reason);
  }

  write(msg) {
    if (this.sock.readyState === 1) this.sock.send(JSON.stringify(msg));
  }

  request(address, body, onReply, headers = {}) {
    const replyAddress = 'herald-client.' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    const reply = new Promise((resolve, reject) => this.replies.set(replyAddress, { resolve, reject }));
    this.write({ type: 'send', address, body, headers, replyAddress });
    if (onReply) reply.then(onReply, () => {});
    return reply;
  }

  refresh(token) {
    return this.unreadCount({ token });
  }

  markRead(id) {
    this.write({ type: 'send', address: BRIDGE.markRead, body: { notification_id: id }, headers: {} });
  }

  markAllRead() {
    this.write({ type: 'send', address: BRIDGE.markAllRead, body: {}, headers: {} });
  }

  async unreadCount(headers) {
    const reply = await this.request(BRIDGE.unreadCount, {}, null, headers);
    this.client.unread(reply.count);
    return reply.count;
  }

  stop() {
    clearInterval(this.ping);
    this.replies.forEach((reply) => reply.reject(new Error('connection closed')));
    this.replies.clear();
    this.subscriptions = [];
  }

  close() {
    this.sock.onopen = this.sock.onmessage = this.sock.onclose = null;
    this.stop();
    this.sock.close(1000);
  }
}

/** The raw WebSocket protocol of /ws/notifications: token in the first frame, server pings, typed JSON frames. */
class RawConnection {
  constructor(client, token, lastId) {
    this.client = client;
    this.resuming = lastId !== null;
    this.counts = [];
    this.revoked = null;
    this.subscriptions = [];
    const url = new URL(client.baseUrl + '/ws/notifications');
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws = new WebSocket(url.href);
    this.ws.onopen = () => this.ws.send(JSON.stringify(lastId === null ? { type: 'auth', token } : { type: 'auth', token, last_id: lastId }));
    this.ws.onmessage = (event) => this.message(JSON.parse(event.data));
    this.ws.onclose = (event) => this.ended(event.code, event.reason);
  }

  get open() {
    return this.ws.readyState === 1 && this.subscriptions.length > 0;
  }

  get transport() {
    return 'raw-websocket';
  }

  message(frame) {
    switch (frame.type) {
      case 'connected':
        this.subscriptions = ['notifications.user.' + frame.user_id];
        this.client.opened(this);
        if (!this.resuming) this.client.resumed(this, [], true);
        break;
      case 'resumed': this.client.resumed(this, [], frame.complete); break;
      case 'error':
        if (frame.code === 'resume_rate_limited' || frame.code === 'resume_failed') this.client.resumed(this, [], false);
        break;
      case 'auth_expiring': this.client.refresh(); break;
      case 'revoked': this.revoked = frame.reason; break;
      case 'unread_count':
        this.counts.splice(0).forEach((count) => count.resolve(frame.data.count));
        this.client.frame(frame);
        break;
      default: this.client.frame(frame);
    }
  }

  ended(code, reason) {
    this.stop();
    this.client.ended(this, code, this.revoked || reason);
  }

  stop() {
    this.subscriptions = [];
    this.counts.splice(0).forEach((count) => count.reject(new Error('connection closed')));
  }

  send(frame) {
    if (this.ws.readyState === 1) this.ws.send(JSON.stringify(frame));
  }

  refresh(token) {
    this.send({ type: 'auth', token });
  }

  markRead(id) {
    this.send({ type: 'mark_read', notification_id: id });
  }

  markAllRead() {
    this.send({ type: 'mark_all_read' });
  }

  unreadCount() {
    const count = new Promise((resolve, reject) => this.counts.push({ resolve, reject }));
    this.send({ type: 'get_unread_count' });
    return count;
  }

  close() {
    this.ws.onopen = this.ws.onmessage = this.ws.onclose = null;
    this.stop();
    this.ws.close(1000);
  }
}

/**
 * One connection per user and browser: the tab holding the Web Lock leads (connects and relays every event over a
 * BroadcastChannel); the others follow and hand their commands to it. Without both APIs every tab leads.
 */
class Tabs {
  constructor(name, share, onMessage) {
    this.shared = share && typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && !!navigator.locks;
    if (!this.shared) return;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event) => onMessage(event.data);
    this.name = name;
    this.abort = new AbortController();
  }

  /** Calls lead() once this tab holds the lock (at once when tabs are not shared). */
  elect(lead) {
    if (!this.shared) {
      lead();
      return;
    }
    navigator.locks.request(this.name, { signal: this.abort.signal }, () => new Promise((release) => {
      this.release = release;
      lead();
    })).catch((err) => {
      if (err.name !== 'AbortError') lead(); // no lock here (an opaque origin, a sandboxed frame): connect alone
    });
  }

  post(message) {
    this.channel?.postMessage(message);
  }

  close() {
    if (!this.shared) return;
    this.abort.abort();
    this.release?.();
    this.channel.onmessage = null;
    this.channel.close();
  }
}

class HeraldClient {
  constructor({ baseUrl = '', token, transport = 'sockjs', SockJS = null, sockjsOptions = {}, lastId = null,
    shareConnection = true, storage = globalThis.localStorage } = {}) {
    if (!token) throw new TypeError('createHeraldClient needs a token (a string or a function returning one)');
    if (transport !== 'sockjs' && transport !== 'websocket') throw new TypeError('transport is "sockjs" or "websocket"');
    this.baseUrl = new URL(baseUrl || '/', globalThis.location?.href).href.replace(/\/+$/, '');
    this.tokenSource = token;
    this.transportKind = transport;
    this.SockJS = SockJS;
    this.sockjsOptions = sockjsOptions;
    this.initialLastId = lastId;
    this.shareConnection = shareConnection;
    this.storage = storage;
    this.listeners = new Map(EVENTS.map((name) => [name, new Set()]));
    this.seen = new SeenIds();
    this.state = 'connecting';
    this.stateDetail = {};
    this.connection = null;
    this.leading = false;
    this.attempt = 0;
    this.authFailures = 0;
    this.timers = new Map();
    this.lastCount = null;
    this.memoryLastId = null;
    this.onOnline = () => this.networkBack();
    this.onOffline = () => this.networkLost();
    this.ready = this.start().catch((err) => this.finish({ reason: err.message }));
  }

  // ---- public API ----

  on(event, fn) {
    if (!this.listeners.has(event)) throw new TypeError('unknown event ' + event);
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event)?.delete(fn);
  }

  off(event, fn) {
    this.listeners.get(event)?.delete(fn);
  }

  async markRead(id) {
    await this.ready;
    if (this.connection?.open) this.connection.markRead(id);
    else if (!this.leading && this.tabs?.shared) this.tabs.post({ kind: 'command', op: 'markRead', id });
    else await this.viaRest('POST', '/notifications/' + encodeURIComponent(id) + '/read', { notification_id: id, status: 'read' });
  }

  async markAllRead() {
    await this.ready;
    if (this.connection?.open) this.connection.markAllRead();
    else if (!this.leading && this.tabs?.shared) this.tabs.post({ kind: 'command', op: 'markAllRead' });
    else await this.viaRest('POST', '/notifications/read-all', { status: 'all_read' });
  }

  async unreadCount() {
    await this.ready;
    if (this.connection?.open) return this.connection.unreadCount();
    const { count } = await this.rest('GET', '/notifications/unread-count');
    this.unread(count);
    return count;
  }

  /** Drops the connection and connects again after a short backoff, as after a network failure. */
  reconnect() {
    if (!this.leading || this.state === 'closed') return;
    this.connection?.close();
    this.connection = null;
    this.attempt = 0;
    this.scheduleConnect({});
  }

  /** Stops every timer, socket, tab channel and listener of this client; it emits `closed` last. */
  close() {
    this.finish({ code: 1000, reason: 'closed by the client' });
  }

  /** The addresses the current connection listens to (diagnostics). */
  get subscriptions() {
    return this.connection ? [...this.connection.subscriptions] : [];
  }

  /** The SockJS transport in use (`websocket`, `xhr-streaming`, ...), `raw-websocket`, or null. */
  get transport() {
    return this.connection?.transport ?? null;
  }

  get isLeader() {
    return this.leading;
  }

  // ---- lifecycle ----

  async start() {
    const token = await this.freshToken();
    this.token = token;
    ({ userId: this.userId, role: this.role } = claims(token));
    if (!this.userId) ({ id: this.userId, role: this.role } = await this.rest('GET', '/auth/me'));
    if (this.state === 'closed') return;
    this.lastIdKey = 'herald-client.last-id:' + this.baseUrl + ':' + this.userId;
    this.tabs = new Tabs('herald-client:' + this.baseUrl + ':' + this.userId, this.shareConnection, (message) => this.fromTab(message));
    globalThis.addEventListener?.('online', this.onOnline);
    globalThis.addEventListener?.('offline', this.onOffline);
    this.tabs.post({ kind: 'hello' });
    this.tabs.elect(() => this.lead());
  }

  lead() {
    if (this.state === 'closed') return;
    this.leading = true;
    this.setState('connecting', {});
    this.connect();
  }

  async connect() {
    this.timers.delete('connect');
    try {
      this.token = await this.freshToken();
      const { expiresAt } = claims(this.token);
      if (expiresAt !== null && expiresAt <= Date.now()) {
        this.finish({ code: 4401, reason: 'token expired' });
        return;
      }
      const lastId = await this.resumeFrom();
      const SockJS = this.transportKind === 'sockjs' ? this.SockJS || await loadSockJS(this.baseUrl) : null;
      if (this.state === 'closed' || this.connection) return;
      this.connection = SockJS ? new BridgeConnection(this, SockJS, this.token, lastId) : new RawConnection(this, this.token, lastId);
    } catch (err) {
      if (this.state !== 'closed') this.scheduleConnect({ reason: err.message });
    }
  }

  scheduleConnect(detail) {
    if (this.state === 'closed') return;
    this.later('connect', () => this.connect(), backoff(this.attempt));
    this.attempt += 1;
    this.setState('reconnecting', { ...detail, attempt: this.attempt });
  }

  opened(connection) {
    if (connection !== this.connection) return;
    this.attempt = 0;
    this.authFailures = 0;
    this.setState('open', { transport: connection.transport });
    this.scheduleRefresh();
  }

  ended(connection, code, reason) {
    if (connection !== this.connection) return;
    this.connection = null;
    if (code === 4403) {
      this.finish({ code, reason });
    } else if (code === 4401 && (typeof this.tokenSource !== 'function' || ++this.authFailures > 2)) {
      this.finish({ code, reason });
    } else {
      if (code !== 4401) this.authFailures = 0;
      if (code === 1013) this.attempt = Math.max(this.attempt, BUSY_BACKOFF_STEPS);
      this.scheduleConnect({ code, reason });
    }
  }

  finish(detail) {
    if (this.state === 'closed') return;
    this.timers.forEach((id) => clearTimeout(id));
    this.timers.clear();
    this.connection?.close();
    this.connection = null;
    this.tabs?.close();
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.removeEventListener?.('offline', this.onOffline);
    this.leading = false;
    this.setState('closed', detail);
    this.listeners.forEach((set) => set.clear());
  }

  networkBack() {
    if (this.leading && !this.connection && this.timers.has('connect')) {
      clearTimeout(this.timers.get('connect'));
      this.attempt = 0;
      this.connect();
    }
  }

  networkLost() {
    if (this.leading && this.connection) this.reconnect();
  }

  later(name, fn, ms) {
    clearTimeout(this.timers.get(name));
    this.timers.set(name, setTimeout(() => {
      this.timers.delete(name);
      fn();
    }, ms));
  }

  // ---- tokens ----

  async freshToken() {
    const token = typeof this.tokenSource === 'function' ? await this.tokenSource() : this.tokenSource;
    if (typeof token !== 'string' || !token) throw new Error('the token provider gave no token');
    return token;
  }

  /** Asks the provider for a new token a minute (or half the lifetime) before expiry. */
  scheduleRefresh() {
    const { expiresAt } = claims(this.token);
    if (typeof this.tokenSource !== 'function' || expiresAt === null) return;
    const left = expiresAt - Date.now();
    if (left > MIN_REFRESH_DELAY_MS) {
      this.later('refresh', () => this.refresh(), Math.max(MIN_REFRESH_DELAY_MS, left - Math.min(REFRESH_MARGIN_MS, left / 2)));
    }
  }

  async refresh() {
    if (typeof this.tokenSource !== 'function' || this.refreshing || this.state === 'closed') return;
    this.refreshing = true;
    try {
      const token = await this.freshToken();
      if (token !== this.token && this.state !== 'closed') {
        this.token = token;
        Promise.resolve(this.connection?.refresh(token)).catch(() => {});
        this.authFailures = 0;
      }
    } catch {
      // the connection carries on until the old token expires; the server then closes it with 4401
    } finally {
      this.refreshing = false;
      if (this.connection) this.scheduleRefresh();
    }
  }

  // ---- resume ----

  /** The highest id seen by this client or, through storage, by any client of the user in this browser. */
  lastSeen() {
    let stored = null;
    try {
      const raw = this.storage?.getItem(this.lastIdKey);
      stored = raw === null || raw === undefined || !Number.isFinite(Number(raw)) ? null : Number(raw);
    } catch {
      // storage blocked: this client's own memory serves
    }
    return stored === null ? this.memoryLastId : Math.max(stored, this.memoryLastId ?? 0);
  }

  saveLastId(id) {
    const seen = this.lastSeen();
    if (seen !== null && id <= seen) return;
    this.memoryLastId = id;
    try {
      this.storage?.setItem(this.lastIdKey, String(id));
    } catch {
      // storage full or blocked: this client's own memory serves
    }
  }

  /** The last id seen, else the option, else the newest id in the inbox (so history is not replayed as new). */
  async resumeFrom() {
    const known = this.lastSeen() ?? this.initialLastId;
    if (known !== null) {
      this.saveLastId(known);
      return known;
    }
    try {
      const page = await this.rest('GET', '/notifications?limit=1');
      const newest = page.items.length ? page.items[0].id : 0;
      this.saveLastId(newest);
      return newest;
    } catch {
      return null;
    }
  }

  /** After the replay the unread count is asked for, so that it counts everything just shown. */
  resumed(connection, items, complete) {
    if (connection !== this.connection) return;
    items.forEach((row) => this.notification(row));
    (complete ? connection.unreadCount() : this.reloadInbox()).catch(() => {});
  }

  /** After an incomplete resume: newest pages over REST down to the last id seen, oldest first. */
  async reloadInbox() {
    const since = this.lastSeen() ?? 0;
    const rows = [];
    let before = null;
    for (let page = 0; page < INBOX_PAGES; page++) {
      const { items, next_before_id: next } = await this.rest('GET', '/notifications?limit=100' + (before ? '&before_id=' + before : ''));
      const newer = items.filter((row) => row.id > since);
      rows.push(...newer);
      if (newer.length < items.length || !next) break;
      before = next;
    }
    rows.sort((a, b) => a.id - b.id).forEach((row) => this.notification(row));
    await this.unreadCount();
  }

  // ---- events ----

  frame(frame) {
    if (frame.type === 'notification') this.notification(frame.data);
    else if (frame.type === 'unread_count') this.unread(frame.data.count);
    else if (frame.type === 'notification_update') this.publish('notification_update', [frame.data]);
    else if (frame.type === 'telegram_link') this.publish('telegram_link', [frame.data]);
    else if (COMPLAINT_FRAMES.has(frame.type)) this.publish('complaint', [frame]);
  }

  notification(row) {
    if (!this.seen.first(row.id)) return;
    this.saveLastId(row.id);
    this.publish('notification', [row]);
  }

  unread(count) {
    this.lastCount = count;
    this.publish('unread_count', [count]);
  }

  setState(state, detail) {
    this.state = state;
    this.stateDetail = detail;
    this.publish('state', [state, detail]);
  }

  /** Emits here and, when leading, in every other tab of the user. */
  publish(name, args) {
    if (this.leading) this.tabs?.post({ kind: 'event', name, args });
    this.emit(name, args);
  }

  emit(name, args) {
    this.listeners.get(name)?.forEach((fn) => {
      try {
        fn(...args);
      } catch (err) {
        setTimeout(() => { throw err; });
      }
    });
  }

  fromTab(message) {
    if (message.kind === 'hello' && this.leading) {
      this.tabs.post({ kind: 'event', name: 'state', args: [this.state, this.stateDetail] });
      if (this.lastCount !== null) this.tabs.post({ kind: 'event', name: 'unread_count', args: [this.lastCount] });
    } else if (message.kind === 'command' && this.leading) {
      (message.op === 'markRead' ? this.markRead(message.id) : this.markAllRead()).catch(() => {});
    } else if (message.kind === 'event' && !this.leading) {
      if (message.name === 'notification' && !this.seen.first(message.args[0].id)) return;
      if (message.name === 'state') [this.state, this.stateDetail] = message.args;
      if (message.name === 'unread_count') this.lastCount = message.args[0];
      this.emit(message.name, message.args);
    }
  }

  // ---- REST ----

  async rest(method, path) {
    const response = await fetch(this.baseUrl + '/api/v1' + path, {
      method, headers: { Accept: 'application/json', Authorization: 'Bearer ' + this.token }
    });
    if (!response.ok) throw new Error(method + ' ' + path + ' answered ' + response.status);
    return response.status === 204 ? null : response.json();
  }

  async viaRest(method, path, update) {
    await this.rest(method, path);
    this.publish('notification_update', [update]);
  }
}
