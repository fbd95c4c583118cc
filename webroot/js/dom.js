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

export function select(name, values, { any = false, selected = '' } = {}) {
  const options = (any ? [['', t('any')]] : []).concat(values.map((v) => [v, t(v)]));
  return el('select', { name, id: 'f-' + name },
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
