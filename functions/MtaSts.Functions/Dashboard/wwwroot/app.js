// The dashboard's shell: sign-in with the admin key (kept in sessionStorage only), and routes in the URL fragment:
// #/overview, #/tenants, #/tenant/{domain}, and #/share/{domain}/{token} for a read-only share link.
import { h, fill } from './dom.js';
import { admin, session, ApiError } from './api.js';
import { overviewPage } from './pages/overview.js';
import { tenantsPage } from './pages/tenants.js';
import { tenantPage } from './pages/tenant.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

document.getElementById('sign-out').addEventListener('click', () => {
  session.key = null;
  location.hash = '#/overview';
  route();
});

function signIn(problem) {
  nav.hidden = true;
  document.title = 'Sign in · MTA-STS dashboard';
  const input = h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'key-help' + (problem ? ' key-error' : ''), 'aria-invalid': problem ? 'true' : null });
  const form = h('form', { class: 'card signin', novalidate: true },
    h('h1', {}, 'Sign in'),
    h('label', { for: 'key' }, 'Admin key'),
    input,
    h('p', { id: 'key-help', class: 'help' }, 'A function key of this app (x-functions-key). It is kept in this browser tab only, until you sign out or close it.'),
    problem ? h('p', { id: 'key-error', class: 'error', role: 'alert' }, problem) : null,
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!input.value.trim()) { signIn('Enter the admin key.'); return; }
    session.key = input.value.trim();
    try {
      await admin('GET', '/api/tenants?pageSize=1');
      route();
    } catch (e) {
      session.key = null;
      signIn(e instanceof ApiError && e.status === 401 ? 'That key was refused.' : e.message);
    }
  });
  fill(main, form);
  input.focus();
}

function decode(part) {
  try { return decodeURIComponent(part); } catch { return part; }
}

function parse() {
  const parts = location.hash.replace(/^#\/?/, '').split('?')[0].split('/').map(decode);
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { page: parts[0] || 'overview', args: parts.slice(1), query };
}

async function route() {
  const { page, args, query } = parse();
  // Each route renders into its own container: a page still loading when the route changes writes into a detached
  // element, never over the page now shown.
  const view = h('div', { class: 'view' });
  fill(main, view);
  if (page === 'share') {
    nav.hidden = true;
    await tenantPage(view, { domain: args[0], token: args.slice(1).join('/') });
    return;
  }
  if (!session.key) { signIn(); return; }
  nav.hidden = false;
  for (const link of nav.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === page || (page === 'tenant' && link.dataset.nav === 'tenants')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    if (page === 'tenants') await tenantsPage(view, query);
    else if (page === 'tenant' && args[0]) await tenantPage(view, { domain: args[0] });
    else await overviewPage(view);
  } catch (e) {
    if (!view.isConnected) return;
    if (e instanceof ApiError && e.status === 401) { session.key = null; signIn('The admin key was refused: sign in again.'); return; }
    fill(view, h('div', { class: 'card' }, h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, e.message)));
  }
}

// Only #/... is a route: any other fragment (none is used) leaves the page as it is.
window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) { route(); main.focus(); }
});

// The skip link moves the focus without touching the fragment, which holds the route (and a share link's token).
document.querySelector('.skip').addEventListener('click', event => { event.preventDefault(); main.focus(); });

// A key that expires while a form or a pager is in use: back to sign-in, wherever the 401 came from.
window.addEventListener('unhandledrejection', event => {
  if (event.reason instanceof ApiError && event.reason.status === 401) {
    event.preventDefault();
    session.key = null;
    signIn('The admin key was refused: sign in again.');
  }
});

route();
