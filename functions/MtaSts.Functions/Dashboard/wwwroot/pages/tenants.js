// Tenants: search by domain, pages through the continuation API (GET /api/dashboard/tenants), and a form to add one.
import { h, fill, badge, section } from '../dom.js';
import { admin, enc, ApiError } from '../api.js';
import { policyFields, policyBody, showErrors } from '../forms.js';

const PAGE_SIZE = 25;

function row(t) {
  return h('tr', { 'data-domain': t.domain },
    h('th', { scope: 'row' }, h('a', { href: `#/tenant/${enc(t.domain)}` }, t.domain)),
    h('td', {}, badge(t.mode)),
    h('td', {}, badge(t.state)),
    h('td', {}, badge(t.rotation), t.lastError ? h('div', { class: 'muted small' }, t.lastError) : null),
    h('td', {}, t.certificate ?? '—', t.certificateExpiresAt ? h('div', { class: 'muted small' }, `expires ${t.certificateExpiresAt.slice(0, 10)}`) : null),
    h('td', {}, t.readiness ? badge(t.readiness) : '—'),
    h('td', { class: 'num' }, String(t.openAlerts)),
    h('td', {}, t.lastReport ?? 'none in 30 days'));
}

function addForm(onAdded) {
  const general = h('div', { role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'card', novalidate: true },
    h('div', { class: 'field', 'data-field': 'domain' },
      h('label', { for: 'add-domain' }, 'Domain'),
      h('input', { id: 'add-domain', name: 'domain', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'add-domain-error' }),
      h('p', { class: 'error', id: 'add-domain-error', hidden: true })),
    policyFields('add'),
    general,
    h('button', { type: 'submit' }, 'Add tenant'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const domain = form.querySelector('#add-domain').value.trim();
    if (!domain) { showErrors(form, 'add', ['domain: enter the mail domain, such as example.com'], general); return; }
    try {
      // Create only: an existing tenant is never replaced from this form (412 says so).
      await admin('PUT', `/api/tenants/${enc(domain)}`, policyBody(form, 'add'), { 'If-None-Match': '*' });
      onAdded(domain);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw e;
      showErrors(form, 'add', e.errors?.length ? e.errors : [e.message], general);
    }
  });
  return h('details', { class: 'add' }, h('summary', {}, 'Add a tenant'), form);
}

export async function tenantsPage(main, query) {
  document.title = 'Tenants · MTA-STS dashboard';
  const search = query.get('search') ?? '';
  const list = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  const box = h('input', { id: 'search', type: 'search', name: 'search', value: search, autocomplete: 'off', spellcheck: 'false' });
  const searchForm = h('form', { class: 'search', role: 'search' },
    h('label', { for: 'search' }, 'Domain starts with'), box, h('button', { type: 'submit' }, 'Search'));
  searchForm.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = box.value.trim() ? `#/tenants?search=${enc(box.value.trim())}` : '#/tenants';
  });
  fill(main, h('h1', {}, 'Tenants'), searchForm, section('List', list), addForm(domain => { location.hash = `#/tenant/${enc(domain)}`; }));

  const pages = [null];
  let latest = 0;
  async function show(index) {
    const request = ++latest;
    const continuation = pages[index];
    const params = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
    if (search) params.set('search', search);
    if (continuation) params.set('continuation', continuation);
    let page;
    try {
      page = await admin('GET', `/api/dashboard/tenants?${params}`);
    } catch (e) {
      if (request !== latest) return;
      if (e instanceof ApiError && e.status === 401) throw e;
      fill(list, h('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    if (request !== latest) return; // a newer page was asked for meanwhile
    pages[index + 1] = page.continuation;
    const previous = h('button', { type: 'button', disabled: index === 0, onclick: () => show(index - 1) }, 'Previous page');
    const next = h('button', { type: 'button', disabled: !page.continuation, onclick: () => show(index + 1) }, 'Next page');
    fill(list,
      page.tenants.length === 0
        ? h('p', { class: 'empty' }, search ? `No tenant on this page starts with “${search}”.` : 'No tenants yet: add one below.')
        : h('div', { class: 'scroll' }, h('table', { class: 'tenants' },
            h('thead', {}, h('tr', {}, ['Domain', 'Mode', 'State', 'Rotation', 'Certificate', 'Readiness', 'Open alerts', 'Last report'].map(c => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, page.tenants.map(row)))),
      h('nav', { class: 'pager', 'aria-label': 'Pages' }, previous, h('span', {}, `Page ${index + 1}`), next));
  }
  await show(0);
}
