// The dashboard's shell: login, navigation, and a hash router whose routes are the deep links a push opens
// (#/today, #/leads/{id}, #/devices, #/funnel, #/events, #/team; see mobile-contract/deep-links.md).
import { login, logout, currentSession, onSessionEnd, onLogin, ApiError } from './api.js';
import { h, fill, problemBox, announce, forgetUsers, users, leadSettings } from './ui.js';

const routes = [
  { pattern: /^#\/today$/, nav: '#/today', load: () => import('./today.js') },
  { pattern: /^#\/devices$/, nav: '#/devices', load: () => import('./devices.js') },
  { pattern: /^#\/leads\/([A-Za-z0-9._-]{1,64})$/, nav: null, load: () => import('./lead.js') },
  { pattern: /^#\/funnel$/, nav: '#/funnel', load: () => import('./funnel.js') },
  { pattern: /^#\/events$/, nav: '#/events', load: () => import('./events.js') },
  { pattern: /^#\/team$/, nav: '#/team', load: () => import('./team.js') },
];

const view = document.getElementById('view');
let rendering = 0;

function showAlert(err) {
  const box = document.getElementById('alert');
  fill(box, problemBox(err));
  box.hidden = false;
}

function clearAlert() {
  const box = document.getElementById('alert');
  box.hidden = true;
  box.replaceChildren();
}

// nothing the page does wrong may leave it blank: say it
window.addEventListener('error', (e) => showAlert(e.error || new Error(e.message)));
window.addEventListener('unhandledrejection', (e) => showAlert(e.reason));

function shell(me) {
  document.getElementById('nav').hidden = !me;
  document.getElementById('logout').hidden = !me;
  document.getElementById('who').textContent = me
    ? (me.user.name || me.user.email) + ' (' + me.role + ', ' + (me.tenant.name || 'tenant') + ')' : '';
}

function loginView(message) {
  shell(null);
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const out = h('div', { id: 'login-problem' }, message ? problemBox(message) : null);
  const submit = h('button', { type: 'submit', id: 'login-submit' }, 'Log in');
  const form = h('form', { class: 'login', 'aria-labelledby': 'login-title', onsubmit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    out.replaceChildren(h('p', { class: 'muted' }, 'Logging in…'));
    try {
      performance.mark('login-submit');
      await login(email.value.trim(), password.value);
      performance.mark('session');
      password.value = '';
      if (!location.hash || location.hash === '#' || location.hash === '#/login') location.hash = '#/today';
      await render();
    } catch (err) {
      out.replaceChildren(problemBox(err));
      submit.disabled = false;
      password.focus();
    }
  } },
  h('h1', { id: 'login-title' }, "Manager's dashboard"),
  h('p', { class: 'muted' }, 'Managers and admins log in with their fieldlead account.'),
  h('div', { class: 'field' }, h('label', { for: 'email' }, 'E-mail'), email),
  h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
  submit, out);
  fill(view, form);
  email.focus();
}

async function render() {
  const mine = ++rendering;
  clearAlert();
  const s = currentSession();
  if (!s || !s.me) {
    loginView();
    return;
  }
  shell(s.me);
  const hash = location.hash || '#/today';
  const route = routes.find((r) => r.pattern.test(hash));
  document.querySelectorAll('#nav a').forEach((a) => {
    if (route && a.getAttribute('href') === route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (!route) {
    fill(view, h('h1', {}, 'No such view'),
      h('p', {}, 'The link ' + hash + ' names no view of the dashboard. '), h('a', { href: '#/today' }, 'Go to today'));
    return;
  }
  const params = hash.match(route.pattern).slice(1).map(decodeURIComponent);
  view.setAttribute('aria-busy', 'true');
  try {
    const module = await route.load();
    if (mine !== rendering) return;
    await module.render(view, { me: s.me, params, isCurrent: () => mine === rendering });
  } catch (err) {
    if (mine !== rendering) return;
    if (!currentSession()) {
      loginView(err);
      return;
    }
    fill(view, h('h1', {}, 'This view could not be shown'), problemBox(err),
      h('button', { type: 'button', onclick: () => render() }, 'Try again'));
  } finally {
    if (mine === rendering) view.removeAttribute('aria-busy');
  }
  const title = view.querySelector('h1');
  if (title) {
    title.setAttribute('tabindex', '-1');
    title.focus({ preventScroll: true });
  }
}

// what every view needs (people's names, the tenant's statuses) is read while /v1/me is; a failure shows in the view
onLogin(() => {
  users().catch(() => {});
  leadSettings().catch(() => {});
});

onSessionEnd(() => {
  forgetUsers();
  loginView(new ApiError(401, { title: 'Your session has ended', detail: 'Log in again.' }));
});

document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  forgetUsers();
  announce('Logged out.');
  loginView();
});

window.addEventListener('hashchange', () => render());
render();
