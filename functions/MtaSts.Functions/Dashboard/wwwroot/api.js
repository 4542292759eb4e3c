// Calls the function app's API with the admin key kept in sessionStorage (sent as x-functions-key), or, on a share
// link's page, with the link's token (sent as x-share-token).

const KEY = 'mtasts.adminKey';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) { if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY); },
};

export class ApiError extends Error {
  constructor(status, title, errors) {
    super(errors?.length ? errors.join('; ') : title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.errors = errors ?? [];
  }
}

async function call(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'The service could not be reached', [String(e.message ?? e)]);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    if (response.status === 401) throw new ApiError(401, 'The admin key was refused', ['the admin key was refused: sign in again']);
    throw new ApiError(response.status, json?.title, Array.isArray(json?.errors) ? json.errors.map(String) : (text && !json ? [text.slice(0, 200)] : []));
  }
  return json;
}

/** The admin API, with the key from sessionStorage (and any precondition headers, such as If-Match). */
export function admin(method, path, body, headers = {}) {
  return call(method, path, { body, headers: { ...headers, 'x-functions-key': session.key ?? '' } });
}

/** The read-only share API. */
export function shared(domain, token) {
  return call('GET', `/api/shared/${encodeURIComponent(domain)}`, { headers: { 'x-share-token': token } });
}

export const enc = encodeURIComponent;
