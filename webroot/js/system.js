// System page (admins): sockets per node, notifications per minute, push latency, the Telegram outbox and its
// outcomes, the last errors. Numbers from GET /metrics/summary (this node's meters, as /metrics shows them) and
// /websocket/stats (every node); re-read every few seconds while the page is shown, charts drawn with uPlot.
import * as api from './api.js';
import * as session from './session.js';
import { t } from './i18n.js';
import { el, when } from './dom.js';

const REFRESH_MS = 5000;
const HISTORY = 60;

async function summary() {
  const response = await fetch('/metrics/summary', { headers: { Authorization: 'Bearer ' + session.current().token } });
  if (!response.ok) throw new api.ApiError(response.status, response.status === 403 ? 'forbidden' : 'unavailable');
  return response.json();
}

export class SystemView {
  constructor(main, notify) {
    this.main = main;
    this.notify = notify;
    this.times = [];
    this.connections = [];
    this.perMinute = [];
    this.last = null;
  }

  async show() {
    this.root = el('div', { id: 'system' });
    this.main.replaceChildren(el('h1', { text: t('system') }), this.root);
    await this.refresh();
    this.timer = setInterval(() => {
      if (!this.root.isConnected) clearInterval(this.timer);
      else this.refresh().catch(this.notify);
    }, REFRESH_MS);
  }

  onEvent() {}

  async refresh() {
    const [numbers, stats, failed] = await Promise.all([summary(), api.get('/websocket/stats'),
      api.get('/notifications/telegram/outbox?status=failed&limit=5')]);
    this.record(numbers, stats);
    this.root.replaceChildren(this.nodesCard(stats), this.notificationsCard(numbers), this.telegramCard(numbers),
      this.errorsCard(numbers, failed.items ?? []));
    this.draw();
  }

  /** Keeps the last HISTORY samples: all sockets of the cluster, and notifications written per minute on this node. */
  record(numbers, stats) {
    const now = Date.now() / 1000;
    const rate = this.last ? Math.max(0, numbers.notifications_written - this.last.written) * 60 / (now - this.last.at) : 0;
    this.last = { at: now, written: numbers.notifications_written };
    this.times.push(now);
    this.connections.push(stats.connections ?? 0);
    this.perMinute.push(Math.round(rate * 10) / 10);
    [this.times, this.connections, this.perMinute].forEach((series) => series.splice(0, Math.max(0, series.length - HISTORY)));
  }

  nodesCard(stats) {
    const rows = (stats.nodes ?? []).map((node) => el('tr', {},
      el('td', { text: String(node.node).slice(0, 8) }),
      el('td', { class: 'num', text: node.by_transport?.websocket ?? 0 }),
      el('td', { class: 'num', text: node.by_transport?.sockjs ?? 0 }),
      el('td', { class: 'num', text: node.users ?? 0 })));
    return el('div', { class: 'card', id: 'system-nodes' },
      el('h2', { text: t('nodes') }),
      el('table', {}, el('thead', {}, el('tr', {}, ['node', 'websocket', 'sockjs', 'users'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, rows)),
      el('p', {}, `${t('connections')}: `, el('span', { id: 'system-connections', text: stats.connections ?? 0 }),
        ` · ${t('users')}: `, el('span', { id: 'system-users', text: stats.users ?? 0 })),
      el('div', { class: 'chart', id: 'chart-connections' }));
  }

  notificationsCard(numbers) {
    const latency = numbers.push_latency_ms ?? {};
    return el('div', { class: 'card', id: 'system-notifications' },
      el('h2', { text: t('notificationsPerMinute') }),
      el('p', {}, `${t('written')}: `, el('span', { id: 'system-written', text: numbers.notifications_written }),
        ` · ${t('pushed')}: `, el('span', { id: 'system-pushed', text: numbers.notifications_pushed })),
      el('p', {}, `${t('pushLatency')} (ms): p50 `, el('span', { id: 'system-p50', text: latency.p50 ?? '–' }),
        ' · p95 ', el('span', { id: 'system-p95', text: latency.p95 ?? '–' }),
        ' · p99 ', el('span', { id: 'system-p99', text: latency.p99 ?? '–' })),
      el('div', { class: 'chart', id: 'chart-notifications' }));
  }

  telegramCard(numbers) {
    const telegram = numbers.telegram ?? {};
    const value = (id, number) => el('span', { id: 'system-' + id, text: number ?? 0 });
    return el('div', { class: 'card', id: 'system-telegram' },
      el('h2', { text: t('telegramHealth') }),
      el('p', {}, `${t('outboxDepth')}: `, value('outbox-depth', numbers.outbox?.depth),
        ` · ${t('oldestPending')}: `, value('outbox-oldest', numbers.outbox?.oldest_pending_seconds), ' s'),
      el('p', {}, `${t('sentCount')}: `, value('telegram-sent', telegram.sent), ` · ${t('failedCount')}: `,
        value('telegram-failed', telegram.failed), ` · 429: `, value('telegram-throttled', telegram.throttled),
        ` · ${t('retriedCount')}: `, value('telegram-retried', telegram.retried)));
  }

  errorsCard(numbers, failed) {
    const busRows = (numbers.bus_failures ?? []).map((f) => el('li', { text: `${f.family} · ${f.code} · ${f.count}` }));
    const telegramRows = failed.map((row) => el('li', { text: `${when(row.created_at)} · ${row.last_error ?? ''}` }));
    return el('div', { class: 'card', id: 'system-errors' },
      el('h2', { text: t('lastErrors') }),
      el('h3', { text: t('busFailures') }), el('ul', { id: 'system-bus-failures' }, busRows.length ? busRows : el('li', { text: t('none') })),
      el('h3', { text: t('telegramFailures') }), el('ul', { id: 'system-telegram-failures' }, telegramRows.length ? telegramRows : el('li', { text: t('none') })));
  }

  draw() {
    if (typeof window.uPlot !== 'function') return;
    this.chart('chart-connections', t('connections'), this.connections);
    this.chart('chart-notifications', t('notificationsPerMinute'), this.perMinute);
  }

  chart(id, label, values) {
    const target = document.getElementById(id);
    const width = Math.max(240, Math.min(640, target.clientWidth || 480));
    new window.uPlot({ width, height: 160, series: [{}, { label, stroke: '#1f6feb', width: 2 }], scales: { x: { time: true } } },
      [this.times, values], target);
  }
}
