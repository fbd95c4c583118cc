// The complaint queue: what is wrong, who reported it, where, how long it has waited and whether it is overdue.
// Filters and sort live in the hash (`#/complaints?sort=severity&overdue=1`), so a view can be bookmarked and the
// back button returns to the previous one; live frames insert and update rows only where the filters let them.
import * as api from './api.js';
import { t, ago } from './i18n.js';
import { el, field, formValues, hashParams, navigate, select, when } from './dom.js';

export const STATUSES = ['open', 'in_progress', 'resolved', 'rejected'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const ACTIVE = new Set(['open', 'in_progress']);
const NEXT = { open: ['in_progress', 'start'], in_progress: ['resolved', 'resolve'] };
const PAGE = 20;
const DESCRIPTION_START = 80;
const AGE_REFRESH_MS = 30_000;
const QUEUE_KEY = 'herald.queue';

/** The queue view the user last had open (filters included), where a complaint's Back link returns. */
export function lastQueue() {
  return sessionStorage.getItem(QUEUE_KEY) || '#/complaints';
}

/** Whether the user may move this complaint's status: admins, and the porter it is assigned to. */
export function mayChangeStatus(user, c) {
  return user.role === 'admin' || (user.role === 'porter' && c.assignee_id === user.id);
}

export class QueueView {
  constructor(main, notify, user) {
    this.main = main;
    this.notify = notify;
    this.user = user;
    this.params = hashParams();
    this.query = this.apiQuery();
    sessionStorage.setItem(QUEUE_KEY, location.hash || '#/complaints');
    this.thresholds = {};
    this.items = new Map();
    this.cursor = null;
    this.timer = null;
    this.body = el('tbody', { id: 'complaint-rows' });
  }

  async show() {
    const porters = this.user.role === 'admin' ? (await api.get('/users?role=porter&status=active&limit=1000')).items : [];
    const form = this.filterForm(porters);
    this.moreButton = el('button', { type: 'button', id: 'complaints-more', class: 'link', text: t('loadMore'), onclick: () => this.more() });
    const heads = ['#', t('description'), t('reporter'), t('room'), t('severity'), t('status'), t('assignedTo'), t('age'), ''];
    const table = el('table', { class: 'queue' }, el('thead', {}, el('tr', {}, heads.map((h) => el('th', { text: h })))), this.body);
    this.main.replaceChildren(el('h1', { text: t('complaints') }), form, table, this.moreButton);
    await this.loadPage();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  filterForm(porters) {
    const p = this.params;
    const check = (name, label) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name, id: 'f-' + name, value: '1', checked: p.get(name) === '1' }), t(label));
    const form = el('form', { class: 'filters card', id: 'filters' },
      field('sort', select('sort', ['newest', 'severity'], { selected: p.get('sort') || 'newest',
        label: (sort) => t(sort === 'severity' ? 'bySeverity' : 'newest') })),
      field('status', select('status', STATUSES, { any: true, selected: p.get('status') || '' })),
      field('severity', select('severity', SEVERITIES, { any: true, selected: p.get('severity') || '' })),
      field('hostel', el('input', { name: 'hostel', id: 'f-hostel', value: p.get('hostel') || '' })),
      porters.length ? field('porter', el('select', { name: 'porter', id: 'f-porter-filter' },
        el('option', { value: '', text: t('any') }),
        porters.map((u) => el('option', { value: u.id, selected: String(u.id) === p.get('porter'), text: u.display_name || u.username })))) : null,
      field('search', el('input', { name: 'q', id: 'f-q', type: 'search', value: p.get('q') || '' })),
      this.user.role === 'porter' ? check('mine', 'assignedToMe') : null,
      this.user.role !== 'student' ? check('overdue', 'overdueOnly') : null,
      el('button', { type: 'submit', id: 'apply-filters', text: t('apply') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      const values = formValues(form);
      if (values.sort === 'newest') delete values.sort;
      if (!navigate('#/complaints', values)) this.reload().catch(this.notify);
    };
    return form;
  }

  /** The REST query for the hash's filters: a porter name picked becomes its id, "assigned to me" the user's id. */
  apiQuery() {
    const p = this.params;
    const query = {};
    ['status', 'severity', 'hostel', 'q'].forEach((name) => { if (p.get(name)) query[name] = p.get(name); });
    if (p.get('sort') === 'severity') query.sort = 'severity';
    if (p.get('overdue') === '1') query.overdue = 'true';
    const assignee = p.get('mine') === '1' ? this.user.id : p.get('porter');
    if (assignee) query.assignee_id = assignee;
    return query;
  }

  async reload() {
    this.cursor = null;
    this.items.clear();
    this.body.replaceChildren();
    await this.loadPage();
  }

  more() {
    this.loadPage().catch(this.notify);
  }

  onReconnect() {
    this.reload().catch(this.notify);
  }

  async loadPage() {
    const page = await api.get('/complaints' + api.query({ ...this.query, cursor: this.cursor, limit: PAGE }));
    this.thresholds = page.overdue_after_seconds || {};
    // a row a live frame put in while the page was loading is replaced, not shown twice
    page.items.forEach((c) => {
      this.items.set(c.id, c);
      const shown = this.body.querySelector(`tr[data-id="${c.id}"]`);
      if (shown) shown.replaceWith(this.row(c));
      else this.body.append(this.row(c));
    });
    this.cursor = page.next_cursor;
    this.moreButton.hidden = !this.cursor;
    this.showEmpty();
    this.schedule();
  }

  showEmpty() {
    this.body.querySelector('tr.empty')?.remove();
    if (!this.items.size) this.body.append(el('tr', { class: 'empty' }, el('td', { colspan: 9, text: t('noComplaints') })));
  }

  /** Epoch ms at which the complaint becomes overdue, or null when it cannot (settled, or no threshold). */
  dueAt(c) {
    const seconds = this.thresholds[c.severity];
    return ACTIVE.has(c.status) && seconds ? Date.parse(c.created_at) + seconds * 1000 : null;
  }

  overdue(c, now = Date.now()) {
    const due = this.dueAt(c);
    return due !== null && due <= now;
  }

  matches(c) {
    const q = this.query;
    const text = (q.q || '').trim().toLowerCase();
    return (!q.status || q.status === c.status) && (!q.severity || q.severity === c.severity)
      && (!q.hostel || q.hostel === c.hostel) && (!q.assignee_id || Number(q.assignee_id) === c.assignee_id)
      && (!q.overdue || this.overdue(c))
      && (!text || [c.description, c.category, c.room].some((v) => (v || '').toLowerCase().includes(text)));
  }

  /** Negative when a comes before b in the current sort. */
  compare(a, b) {
    if (this.query.sort === 'severity') {
      return (SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity)) || (a.id - b.id);
    }
    return b.id - a.id;
  }

  onEvent(frame) {
    const c = frame.data;
    if (!c || c.id === undefined) return;
    const existing = this.body.querySelector(`tr[data-id="${c.id}"]`);
    if (!this.matches(c)) {
      existing?.remove();
      this.items.delete(c.id);
    } else if (existing) {
      this.items.set(c.id, c);
      existing.replaceWith(this.row(c, true));
    } else {
      this.insert(c);
    }
    this.showEmpty();
    this.schedule();
  }

  /** Puts a newly matching complaint where the sort places it among the loaded rows (later pages bring the rest). */
  insert(c) {
    const before = [...this.body.querySelectorAll('tr.complaint')]
      .find((tr) => this.compare(c, this.items.get(Number(tr.dataset.id))) < 0);
    if (!before && this.cursor) return;
    this.items.set(c.id, c);
    this.body.insertBefore(this.row(c, true), before ?? null);
  }

  /** Refreshes the ages and overdue marks, then sleeps until the next complaint falls due (at most 30 s). */
  schedule() {
    clearTimeout(this.timer);
    const now = Date.now();
    let next = now + AGE_REFRESH_MS;
    this.body.querySelectorAll('tr.complaint').forEach((tr) => {
      const c = this.items.get(Number(tr.dataset.id));
      if (!c) return;
      this.mark(tr, c, now);
      const due = this.dueAt(c);
      if (due !== null && due > now) next = Math.min(next, due);
    });
    this.timer = setTimeout(() => this.schedule(), Math.max(250, next - now));
  }

  mark(tr, c, now) {
    const late = this.overdue(c, now);
    tr.classList.toggle('overdue', late);
    tr.querySelector('.age-text').textContent = ago(c.created_at, now);
    tr.querySelector('.overdue-badge').hidden = !late;
  }

  row(c, flash = false) {
    const description = c.description || '';
    const tr = el('tr', { class: 'complaint' + (flash ? ' flash' : ''), 'data-id': c.id, 'data-status': c.status,
      'data-severity': c.severity, onclick: () => { location.hash = '#/complaints/' + c.id; } },
    el('td', { class: 'id', text: '#' + c.id }),
    el('td', { class: 'what' }, el('span', { class: 'category', text: c.category }), ' ',
      el('span', { class: 'description', title: description,
        text: description.length > DESCRIPTION_START ? description.slice(0, DESCRIPTION_START) + '…' : description })),
    el('td', { class: 'reporter', text: c.reporter_name || '' }),
    el('td', { class: 'hostel', text: [c.hostel, c.room].filter(Boolean).join(' · ') }),
    el('td', { class: 'severity sev-' + c.severity, text: t(c.severity) }),
    el('td', { class: 'state' }, el('span', { class: 'pill status', text: t(c.status) })),
    el('td', { class: 'assignee', text: c.assignee_name || '' }),
    el('td', { class: 'age', title: when(c.created_at) }, el('span', { class: 'age-text' }), ' ',
      el('span', { class: 'pill overdue-badge', text: t('overdue'), hidden: true })),
    el('td', { class: 'action' }, this.statusAction(c)));
    this.mark(tr, c, Date.now());
    return tr;
  }

  /** One tap for the usual next step (start, resolve) where the user may take it. */
  statusAction(c) {
    const next = NEXT[c.status];
    if (!next || !mayChangeStatus(this.user, c)) return null;
    return el('button', { type: 'button', class: 'status-action', 'data-next': next[0], text: t(next[1]),
      onclick: (e) => {
        e.stopPropagation();
        e.currentTarget.disabled = true;
        api.patch(`/complaints/${c.id}/status`, { status: next[0] })
          .then((updated) => this.onEvent({ type: 'status_update', data: updated })).catch(this.notify);
      } });
  }
}
