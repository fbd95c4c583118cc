// The Telegram alert settings form: every field of /notifications/config, with the field at fault
// (found here or named by the server's 400 problem) told in the user's language next to the form.
import * as api from './api.js';
import { t } from './i18n.js';
import { el, field, formValues, select } from './dom.js';

const SWITCHES = ['enabled', 'high_severity_only', 'hostel_specific', 'notify_status_updates'];
const INTEGER = /^-?\d+$/;
const USERNAME = /^@?[A-Za-z0-9_]{5,32}$/;
const REGISTRATION = ['approval', 'allow-list', 'anyone'];

class FieldError extends Error {
  constructor(name) {
    super(name);
    this.field = name;
  }
}

export function alertSettingsForm(config, confirm) {
  const message = el('p', { id: 'telegram-message', class: 'message', role: 'alert' });
  const form = el('form', { class: 'card', id: 'telegram-form', novalidate: true },
    el('h2', { text: t('telegram') }),
    SWITCHES.map((name) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name, checked: Boolean(config[name]) }), t(name))),
    field('rate_limit_minutes', el('input', { name: 'rate_limit_minutes', inputmode: 'numeric', value: config.rate_limit_minutes ?? 0 })),
    field('rate_limit_count', el('input', { name: 'rate_limit_count', inputmode: 'numeric', value: config.rate_limit_count ?? 1 })),
    field('admin_chat_ids', el('input', { name: 'admin_chat_ids', value: (config.admin_chat_ids || []).join(', ') })),
    field('hostel_chat_ids', el('textarea', { name: 'hostel_chat_ids', rows: 4, placeholder: 'Block A: 123, -456' },
      hostelLines(config.hostel_chat_ids || {}))),
    el('h3', { text: t('bot') }),
    field('registration', select('registration', REGISTRATION, { selected: config.registration || 'approval' })),
    field('registration_allow_list', el('textarea', { name: 'registration_allow_list', rows: 3 },
      (config.registration_allow_list || []).join(', '))),
    field('complaints_per_chat', el('input', { name: 'complaints_per_chat', inputmode: 'numeric', value: config.complaints_per_chat ?? 10 })),
    field('complaint_window_minutes', el('input', { name: 'complaint_window_minutes', inputmode: 'numeric',
      value: config.complaint_window_minutes ?? 60 })),
    message,
    el('button', { type: 'submit', text: t('save') }));
  form.onsubmit = (e) => {
    e.preventDefault();
    message.textContent = '';
    submit(formValues(form))
      .then(() => confirm(t('saved')))
      .catch((err) => { message.textContent = describe(err); });
  };
  return form;
}

async function submit(values) {
  return api.post('/notifications/config', settings(values));
}

function settings(values) {
  const body = Object.fromEntries(SWITCHES.map((name) => [name, Boolean(values[name])]));
  body.rate_limit_minutes = integer(values.rate_limit_minutes, 'rate_limit_minutes');
  body.rate_limit_count = integer(values.rate_limit_count, 'rate_limit_count');
  body.admin_chat_ids = chatIds(values.admin_chat_ids, 'admin_chat_ids');
  body.hostel_chat_ids = hostelChatIds(values.hostel_chat_ids);
  body.registration = values.registration;
  body.registration_allow_list = allowList(values.registration_allow_list);
  body.complaints_per_chat = integer(values.complaints_per_chat, 'complaints_per_chat');
  body.complaint_window_minutes = integer(values.complaint_window_minutes, 'complaint_window_minutes');
  return body;
}

function integer(text, name) {
  const trimmed = String(text ?? '').trim();
  if (!INTEGER.test(trimmed)) throw new FieldError(name);
  return Number(trimmed);
}

function chatIds(text, name) {
  return String(text ?? '').split(',').map((part) => part.trim()).filter(Boolean).map((part) => integer(part, name));
}

/** Chat ids as numbers, Telegram usernames (with or without @) as text. */
function allowList(text) {
  return String(text ?? '').split(/[,\n]/).map((part) => part.trim()).filter(Boolean).map((part) => {
    if (INTEGER.test(part)) return Number(part);
    if (USERNAME.test(part)) return part;
    throw new FieldError('registration_allow_list');
  });
}

function hostelChatIds(text) {
  const byHostel = {};
  String(text ?? '').split('\n').map((line) => line.trim()).filter(Boolean).forEach((line) => {
    const colon = line.lastIndexOf(':');
    const hostel = line.slice(0, colon).trim();
    if (colon < 0 || !hostel) throw new FieldError('hostel_chat_ids');
    byHostel[hostel] = chatIds(line.slice(colon + 1), 'hostel_chat_ids');
  });
  return byHostel;
}

function hostelLines(byHostel) {
  return Object.entries(byHostel).map(([hostel, ids]) => `${hostel}: ${ids.join(', ')}`).join('\n');
}

function describe(err) {
  if (err.field && t(err.field) !== err.field) return t('badField').replace('{field}', t(err.field));
  return t(err.key || 'genericError');
}
