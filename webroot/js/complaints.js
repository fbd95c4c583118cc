// Complaint list (filters, load more), detail with history, and the new-complaint form.
// Views expose onEvent(frame) so live events update them in place, and onReconnect() where what they show can
// have changed while the live connection was down.
import * as api from './api.js';
import { t } from './i18n.js';
import { el, field, formValues, select, when } from './dom.js';

export const STATUSES = ['open', 'in_progress', 'resolved', 'rejected'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const PAGE = 20;

export class ListView {
  constructor(main, notify) {
    this.main = main;
    this.notify = notify;
    this.filters = {};
    this.cursor = null;
    this.body = el('tbody', { id: 'complaint-rows' });
  }

  async show() {
    const form = el('form', { class: 'filters card', id: 'filters', onsubmit: (e) => { e.preventDefault(); this.applyFilters(form); } },
      field('status', select('status', STATUSES, { any: true })),
      field('severity', select('severity', SEVERITIES, { any: true })),
      field('hostel', el('input', { name: 'hostel', id: 'f-hostel' })),
      field('assignee', el('input', { name: 'assignee_id', id: 'f-assignee', type: 'number', min: 1 })),
      field('search', el('input', { name: 'q', id: 'f-q', type: 'search' })),
      el('button', { type: 'submit', id: 'apply-filters', text: t('apply') }));
    this.moreButton = el('button', { type: 'button', id: 'complaints-more', class: 'link', text: t('loadMore'), onclick: () => this.loadPage() });
    const table = el('table', {}, el('thead', {}, el('tr', {},
      ['#', t('category'), t('hostel'), t('severity'), t('status'), t('assignedTo')].map((h) => el('th', { text: h })))), this.body);
    this.main.replaceChildren(el('h1', { text: t('complaints') }), form, table, this.moreButton);
    await this.reload();
  }

  applyFilters(form) {
    this.filters = formValues(form);
    this.reload().catch(this.notify);
  }

  async reload() {
    this.cursor = null;
    this.body.replaceChildren();
    await this.loadPage();
  }

  onReconnect() {
    this.reload().catch(this.notify);
  }

  async loadPage() {
    const page = await api.get('/complaints' + api.query({ ...this.filters, cursor: this.cursor, limit: PAGE }));
    // a row a live frame put in while the page was loading is replaced, not shown twice
    page.items.forEach((c) => {
      const shown = this.body.querySelector(`tr[data-id="${c.id}"]`);
      if (shown) shown.replaceWith(row(c));
      else this.body.append(row(c));
    });
    this.cursor = page.next_cursor;
    this.moreButton.hidden = !this.cursor;
    if (!this.body.children.length) this.body.append(el('tr', { class: 'empty' }, el('td', { colspan: 6, text: t('noComplaints') })));
  }

  matches(complaint) {
    const f = this.filters;
    return (!f.status || f.status === complaint.status) && (!f.severity || f.severity === complaint.severity)
      && (!f.hostel || f.hostel === complaint.hostel) && (!f.assignee_id || Number(f.assignee_id) === complaint.assignee_id)
      && !f.q;
  }

  onEvent(frame) {
    const complaint = frame.data;
    const existing = this.body.querySelector(`tr[data-id="${complaint.id}"]`);
    if (existing) {
      existing.replaceWith(row(complaint, true));
    } else if (frame.type === 'new_complaint' && this.matches(complaint)) {
      this.body.querySelector('tr.empty')?.remove();
      this.body.prepend(row(complaint, true));
    }
  }
}

function row(c, flash = false) {
  return el('tr', { class: 'complaint' + (flash ? ' flash' : ''), 'data-id': c.id, 'data-status': c.status,
    onclick: () => { location.hash = '#/complaints/' + c.id; } },
  el('td', { text: c.id }), el('td', { text: c.category }), el('td', { class: 'hostel', text: c.hostel }),
  el('td', { class: 'sev-' + c.severity, text: t(c.severity) }),
  el('td', {}, el('span', { class: 'pill status', text: t(c.status) })),
  el('td', { text: c.assignee_name || '' }));
}

export class DetailView {
  constructor(main, notify, user, id) {
    this.main = main;
    this.notify = notify;
    this.user = user;
    this.id = id;
  }

  async show() {
    const complaint = await api.get('/complaints/' + this.id);
    const porters = this.user.role === 'admin' ? (await api.get('/users?role=porter')).items : [];
    this.main.replaceChildren(...this.render(complaint, porters));
  }

  onEvent(frame) {
    if (frame.data.id === this.id) this.show().catch(this.notify);
  }

  onReconnect() {
    this.show().catch(this.notify);
  }

  render(c, porters) {
    const parts = [
      el('a', { href: '#/complaints', text: '← ' + t('back') }),
      el('h1', { text: `#${c.id} ${c.category}` }),
      el('div', { class: 'card', id: 'complaint-detail', 'data-status': c.status },
        el('p', { text: c.description || '' }),
        el('p', {}, `${t('hostel')}: ${c.hostel} ${c.room || ''} · ${t('severity')}: ${t(c.severity)} · `,
          el('span', { class: 'pill status', text: t(c.status) })),
        el('p', { text: `${t('assignedTo')}: ${c.assignee_name || '-'}` })),
      el('h2', { text: t('history') }),
      el('ul', { class: 'history' }, (c.history || []).map((h) => el('li', {
        text: `${when(h.created_at)} · ${h.actor_name || ''} · ${h.action} ${h.old_value ? h.old_value + ' → ' : ''}${h.new_value || ''} ${h.note || ''}`
      })))
    ];
    if (this.user.role === 'admin' || (this.user.role === 'porter' && c.assignee_id === this.user.id)) parts.push(this.statusForm(c));
    if (this.user.role === 'admin') parts.push(this.assignForm(c, porters));
    return parts;
  }

  statusForm(c) {
    const form = el('form', { class: 'card', id: 'status-form' },
      el('h2', { text: t('changeStatus') }),
      field('status', select('status', STATUSES, { selected: c.status })),
      field('note', el('input', { name: 'note' })),
      el('button', { type: 'submit', text: t('save') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      const { status, note } = formValues(form);
      this.save(api.patch(`/complaints/${c.id}/status`, note ? { status, note } : { status }));
    };
    return form;
  }

  assignForm(c, porters) {
    const picker = el('select', { name: 'porter_id', id: 'f-porter' },
      porters.map((p) => el('option', { value: p.id, selected: p.id === c.assignee_id, text: p.display_name || p.username })));
    const form = el('form', { class: 'card', id: 'assign-form' },
      el('h2', { text: t('assignPorter') }), field('porter', picker), el('button', { type: 'submit', text: t('save') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      this.save(api.put(`/complaints/${c.id}/assignee`, { porter_id: Number(picker.value) }));
    };
    return form;
  }

  save(call) {
    call.then(() => this.show()).catch(this.notify);
  }
}

export class NewView {
  constructor(main, notify) {
    this.main = main;
    this.notify = notify;
  }

  show() {
    const message = el('p', { class: 'message', role: 'alert' });
    const form = el('form', { class: 'card', id: 'new-complaint' },
      field('category', el('input', { name: 'category', required: true, maxlength: 64 })),
      field('hostel', el('input', { name: 'hostel', required: true, maxlength: 64 })),
      field('room', el('input', { name: 'room', maxlength: 32 })),
      field('severity', select('severity', SEVERITIES, { selected: 'medium' })),
      field('description', el('textarea', { name: 'description', required: true, maxlength: 4000 })),
      message, el('button', { type: 'submit', text: t('submit') }));
    form.onsubmit = (e) => {
      e.preventDefault();
      const values = formValues(form);
      if (!values.room) delete values.room;
      api.post('/complaints', { ...values, source: 'dashboard' })
        .then((c) => { location.hash = '#/complaints/' + c.id; })
        .catch((err) => { message.textContent = t(err.key || 'genericError'); });
    };
    this.main.replaceChildren(el('h1', { text: t('newComplaint') }), form);
  }

  onEvent() {}
}
