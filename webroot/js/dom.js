// Small DOM builders: text always goes in as text, never as HTML.
import { t } from './i18n.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  });
  children.flat().forEach((child) => {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  });
  return node;
}

export function field(labelKey, input) {
  return el('label', {}, el('span', { text: t(labelKey) }), input);
}

/** A select of the values, labelled by `label` (translated keys by default); `id: null` for none. */
export function select(name, values, { any = false, selected = '', label = t, id = 'f-' + name } = {}) {
  const options = (any ? [['', t('any')]] : []).concat(values.map((v) => [v, label(v)]));
  return el('select', { name, id },
    options.map(([value, label]) => el('option', { value, selected: value === selected, text: label })));
}

export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

export function when(date) {
  return date ? new Date(date).toLocaleString() : '';
}

/** Applies the current language to every static element marked with data-i18n / data-i18n-label. */
export function translateStatic() {
  document.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll('[data-i18n-label]').forEach((node) => node.setAttribute('aria-label', t(node.dataset.i18nLabel)));
}

/** The query part of the page's hash route (`#/complaints?status=open`), so a filtered view can be bookmarked. */
export function hashParams() {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** Goes to the route with the form's non-empty values as its query; returns false when that is already the page. */
export function navigate(route, values) {
  const params = new URLSearchParams();
  Object.entries(values).forEach(([key, value]) => { if (value !== '' && value !== undefined && value !== null) params.set(key, value); });
  const text = params.toString();
  const hash = route + (text ? '?' + text : '');
  if (location.hash === hash) return false;
  location.hash = hash;
  return true;
}
