// Toasts: colour-coded by kind, announced by the aria-live region they live in, gone after 5 s or on click.
import { t } from './i18n.js';

const LIFETIME_MS = 5000;

export function toast(kind, title, message) {
  const region = document.getElementById('toasts');
  const item = document.createElement('div');
  item.className = 'toast toast-' + kind;
  item.dataset.kind = kind;
  const text = document.createElement('div');
  const strong = document.createElement('strong');
  strong.textContent = title;
  text.append(strong, document.createTextNode(message ? ' ' + message : ''));
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', t('dismiss'));
  close.textContent = '×';
  item.append(text, close);
  const timer = setTimeout(() => item.remove(), LIFETIME_MS);
  close.addEventListener('click', () => {
    clearTimeout(timer);
    item.remove();
  });
  region.append(item);
}
