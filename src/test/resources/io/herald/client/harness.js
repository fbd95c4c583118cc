/* Test page for herald-client: counts the page's live timers and window listeners (the library's and SockJS's),
   optionally removes WebSocket, loads the library from Herald and records every event it emits. */
(function (removeWebSocket) {
  'use strict';
  const timers = { timeout: new Set(), interval: new Set() };
  const native = {
    setTimeout: window.setTimeout.bind(window), clearTimeout: window.clearTimeout.bind(window),
    setInterval: window.setInterval.bind(window), clearInterval: window.clearInterval.bind(window),
    addEventListener: window.addEventListener.bind(window), removeEventListener: window.removeEventListener.bind(window)
  };
  window.setTimeout = function (fn, ms, ...args) {
    const id = native.setTimeout(() => { timers.timeout.delete(id); if (typeof fn === 'function') fn(...args); }, ms);
    timers.timeout.add(id);
    return id;
  };
  window.clearTimeout = (id) => { timers.timeout.delete(id); native.clearTimeout(id); };
  window.setInterval = function (...args) {
    const id = native.setInterval(...args);
    timers.interval.add(id);
    return id;
  };
  window.clearInterval = (id) => { timers.interval.delete(id); native.clearInterval(id); };
  const listeners = new Set();
  window.addEventListener = (type, fn, options) => { listeners.add(type + ':' + String(fn)); native.addEventListener(type, fn, options); };
  window.removeEventListener = (type, fn, options) => { listeners.delete(type + ':' + String(fn)); native.removeEventListener(type, fn, options); };
  if (removeWebSocket) delete window.WebSocket;

  /* Timers alive when the client starts are not the client's (chromedriver's own timeout for an async script). */
  const before = { timeout: new Set(), interval: new Set() };
  const since = (kind) => [...timers[kind]].filter((id) => !before[kind].has(id)).length;
  const events = [];
  let tokenCalls = 0;
  window.__t = {
    client: null,
    events,
    tokenCalls: () => tokenCalls,
    timers: () => ({ timeouts: since('timeout'), intervals: since('interval') }),
    /* sockjs-client adds one 'unload' listener for the page's lifetime when it loads: not the client's. */
    listeners: () => [...listeners].filter((key) => !key.startsWith('unload:')).length,
    titles: () => events.filter((e) => e.type === 'notification').map((e) => e.title),
    last: (type) => events.filter((e) => e.type === type).pop() ?? null,
    states: () => events.filter((e) => e.type === 'state').map((e) => e.state),
    /** base: Herald's URL; tokens: handed out first; then, with username and password, fresh ones from the login API. */
    async start({ base, tokens, username, password, transport }) {
      const { createHeraldClient } = await import(base + '/client/herald-client.js');
      timers.timeout.forEach((id) => before.timeout.add(id));
      timers.interval.forEach((id) => before.interval.add(id));
      const queue = [...tokens];
      const provider = async () => {
        tokenCalls += 1;
        if (queue.length) return queue.shift();
        const response = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password }) });
        return (await response.json()).access_token;
      };
      const client = createHeraldClient({ baseUrl: base, token: username ? provider : tokens[0], transport });
      client.on('notification', (row) => events.push({ type: 'notification', id: row.id, title: row.title }));
      client.on('unread_count', (count) => events.push({ type: 'unread_count', count }));
      client.on('notification_update', (update) => events.push({ type: 'notification_update', id: update.notification_id ?? null, status: update.status }));
      client.on('state', (state, detail) => events.push({ type: 'state', state, code: detail.code ?? null, attempt: detail.attempt ?? null }));
      this.client = client;
    }
  };
})(arguments[0]);
