// A complaint's page (its history as a timeline, the status and assignment actions beside it, and for staff where
// Herald's messages about it went) and the new-complaint form. Views expose onEvent(frame) so live events update them
// in place, and onReconnect() where what they show can have changed while the live connection was down.
import * as api from './api.js';
import { t, ago } from './i18n.js';
import { el, field, formValues, select, when } from './dom.js';
import { SEVERITIES, lastQueue, mayChangeStatus } from './queue.js';
import { DeliveriesSection, maySeeDeliveries } from './deliveries.js';

/** The moves the server allows from each status (complaint/Status). */
const MOVES = { open: ['in_progress', 'rejected'], in_progress: ['resolved', 'rejected'], resolved: ['open'], rejected: ['open'] };

export class DetailView {
  constructor(main, notify, user, id) {
    this.main = main;
    this.notify = notify;
    this.user = user;
    this.id = id;
  }

  async show() {
    const complaint = await api.get('/complaints/' + this.id);
    const porters = this.user.role === 'admin' ? (await api.get('/users?role=porter&status=active&limit=1000')).items : [];
    const deliveries = maySeeDeliveries(this.user) ? new DeliveriesSection(this.id, this.notify) : null;
    await deliveries?.load().catch(this.notify);
    this.main.replaceChildren(...this.render(complaint, porters), ...(deliveries ? [deliveries.node] : []));
  }

  onEvent(frame) {
    if (frame.data.id === this.id) this.show().catch(this.notify);
  }

  onReconnect() {
    this.show().catch(this.notify);
  }

  render(c, porters) {
    const actions = [];
    if (mayChangeStatus(this.user, c)) actions.push(this.statusForm(c));
    if (this.user.role === 'admin') actions.push(this.assignForm(c, porters));
    return [
      el('a', { href: lastQueue(), class: 'back', text: '← ' + t('back') }),
      el('h1', { text: `#${c.id} ${c.category}` }),
      el('div', { class: 'card', id: 'complaint-detail', 'data-status': c.status },
        el('p', { class: 'full-description', text: c.description || '' }),
        el('p', {}, `${t('hostel')}: ${[c.hostel, c.room].filter(Boolean).join(' · ')} · ${t('severity')}: ${t(c.severity)} · `,
          el('span', { class: 'pill status', text: t(c.status) })),
        el('p', { text: `${t('reporter')}: ${c.reporter_name || '-'} · ${t('assignedTo')}: ${c.assignee_name || '-'}` })),
      el('div', { class: 'detail-grid' },
        el('section', { class: 'card' }, el('h2', { text: t('timeline') }), timeline(c.history || [])),
        actions.length ? el('section', { class: 'detail-actions' }, actions) : null)
    ];
  }

  statusForm(c) {
    const form = el('form', { class: 'card', id: 'status-form' },
      el('h2', { text: t('changeStatus') }),
      field('status', select('status', MOVES[c.status] || [])),
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

/** Who did what and when, oldest first, with the note given. */
function timeline(history) {
  return el('ol', { class: 'history timeline' }, history.map((h) => el('li', { class: 'event', 'data-action': h.action },
    el('time', { datetime: h.created_at, title: when(h.created_at), text: ago(h.created_at) }),
    el('p', {}, el('strong', { text: h.actor_name || '-' }), ' ', eventText(h)),
    h.note ? el('p', { class: 'note', text: h.note }) : null)));
}

function eventText(h) {
  if (h.action === 'status_changed') return `${t('evStatus')}: ${t(h.old_value)} → ${t(h.new_value)}`;
  if (h.action === 'assigned') return `${t('evAssigned')}: ${h.old_name ? h.old_name + ' → ' : ''}${h.new_name || h.new_value}`;
  return t('evCreated');
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
