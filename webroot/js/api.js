// REST calls to /api/v1. Failures become an ApiError carrying an i18n key, never a raw message.
import * as session from './session.js';

export class ApiError extends Error {
  /** field: the request field a 400 problem names (first path segment), or null. */
  constructor(status, key, field = null) {
    super(key);
    this.status = status;
    this.key = key;
    this.field = field;
  }
}

const KEYS = { 400: 'invalid', 401: 'sessionExpired', 403: 'forbidden', 404: 'notFound', 409: 'conflict',
  422: 'invalid', 503: 'unavailable' };

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const current = session.current();
  if (current) headers.Authorization = 'Bearer ' + current.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'unavailable');
  }
  if (response.status === 401 && current) {
    window.dispatchEvent(new CustomEvent('herald:expired'));
  }
  if (!response.ok) throw new ApiError(response.status, KEYS[response.status] || 'genericError', await problemField(response));
  return response.status === 204 ? null : response.json();
}

async function problemField(response) {
  try {
    const problem = await response.json();
    return typeof problem.field === 'string' ? problem.field.split('.')[0] : null;
  } catch {
    return null;
  }
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});
export const put = (path, body) => request('PUT', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '') search.set(k, v); });
  const text = search.toString();
  return text ? '?' + text : '';
}
