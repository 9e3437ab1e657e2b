// The API client of the dashboard: tokens live in this module's memory only (never in storage), an expired access
// token is refreshed once (single flight; the refresh token rotates as the API does), and every failure becomes an
// ApiError that carries the problem+json title and detail to show.

let session = null;
let refreshing = null;
let refreshTimer = null;
const listeners = new Set();
const loginListeners = new Set();

/** An API failure in words: the problem's title, detail and code, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title + (problem.detail ? ': ' + problem.detail : ''));
    this.status = status;
    this.problem = problem;
  }
}

/** Called once the tokens are in, while /v1/me is read: a view's common reads can start alongside it. */
export function onLogin(fn) {
  loginListeners.add(fn);
}

/** Called with null when the session ends (logout, refresh refused), so the page can show the login again. */
export function onSessionEnd(fn) {
  listeners.add(fn);
}

export function currentSession() {
  return session;
}

async function problemOf(res) {
  const type = res.headers.get('Content-Type') || '';
  const text = await res.text().catch(() => '');
  if (type.includes('json') && text) {
    try {
      const p = JSON.parse(text);
      return { title: p.title || 'HTTP ' + res.status, detail: p.detail, code: p.code,
        requestId: p.requestId || res.headers.get('X-Request-Id'), errors: p.errors };
    } catch (e) { /* fall through to the text */ }
  }
  return { title: 'The server answered ' + res.status + ' ' + (res.statusText || ''),
    detail: text ? text.slice(0, 300) : undefined, requestId: res.headers.get('X-Request-Id') };
}

async function send(path, { method = 'GET', body, token, accept } = {}) {
  const headers = { Accept: accept || 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  try {
    return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { title: 'The server cannot be reached', detail: String(e.message || e) });
  }
}

function keep(tokens) {
  session = { ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
    role: tokens.role, userId: tokens.userId };
  clearTimeout(refreshTimer);
  // refresh ahead of expiry (at 80 % of the access token's life), so a view rarely meets TOKEN_EXPIRED
  const ms = Math.max(10, (tokens.expiresIn || 900) * 800);
  refreshTimer = setTimeout(() => refresh().catch(() => {}), ms);
}

/** Logs in; answers the caller's /v1/me. A rep or booth account is logged out again and refused in words. */
export async function login(email, password) {
  const res = await send('/v1/auth/login', { method: 'POST', body: { email, password } });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  session = {};
  keep(await res.json());
  if (session.role !== 'manager' && session.role !== 'admin') {
    const role = session.role;
    await logout();
    throw new ApiError(403, { title: 'This dashboard is for managers and admins',
      detail: 'You are signed in as ' + (role === 'rep' ? 'a rep' : 'a ' + role)
        + '; use the fieldlead app on your phone.', code: 'FORBIDDEN' });
  }
  const me = api('/v1/me');
  loginListeners.forEach((fn) => fn());
  session.me = await me;
  return session.me;
}

async function refresh() {
  if (!session || !session.refreshToken) throw new ApiError(401, { title: 'Not logged in' });
  if (!refreshing) {
    const presented = session.refreshToken;
    refreshing = (async () => {
      const res = await send('/v1/auth/refresh', { method: 'POST', body: { refreshToken: presented } });
      if (!res.ok) {
        const p = await problemOf(res);
        end();
        throw new ApiError(res.status, p);
      }
      keep(await res.json());
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

function end() {
  clearTimeout(refreshTimer);
  session = null;
  listeners.forEach((fn) => fn(null));
}

/** Ends the session on the server (best effort) and forgets the tokens. */
export async function logout() {
  const token = session && session.accessToken;
  session = null;
  clearTimeout(refreshTimer);
  if (token) {
    await send('/v1/auth/logout', { method: 'POST', token }).catch(() => {});
  }
}

/** Calls the API with the session's token: JSON in and out (or the raw response), refreshing once on expiry. */
export async function api(path, { method = 'GET', body, raw = false, accept } = {}) {
  if (!session || !session.accessToken) {
    throw new ApiError(401, { title: 'Not logged in', detail: 'Log in to see this view.', code: 'UNAUTHENTICATED' });
  }
  if (refreshing) await refreshing.catch(() => {});
  let res = await send(path, { method, body, token: session && session.accessToken, accept });
  if (res.status === 401) {
    const p = await problemOf(res);
    if (p.code !== 'TOKEN_EXPIRED') {
      end();
      throw new ApiError(401, p);
    }
    await refresh();
    res = await send(path, { method, body, token: session.accessToken, accept });
  }
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}

/** A query string of the defined, non-empty values of {@code params}. */
export function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  });
  const s = q.toString();
  return s ? '?' + s : '';
}
