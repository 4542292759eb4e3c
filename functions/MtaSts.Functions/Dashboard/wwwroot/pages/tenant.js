// One tenant: the policy as served, the DNS records to create (copy buttons; seen yet or not, from the status checks),
// the status checks with their fixes, the report charts, readiness and alerts; for an admin also edit, share and
// delete. On a share link (#/share/{domain}/{token}) the same page, read-only, from GET /api/shared/{domain}.
import { h, fill, count, when, badge, section } from '../dom.js';
import { admin, shared, enc, ApiError } from '../api.js';
import { dailyChart, barList, everyDay } from '../charts.js';
import { policyFields, policyBody, showErrors } from '../forms.js';

const REPORT_DAYS = 30;

/** Which status check shows whether a record is seen, by the record's name. */
function checkFor(record, domain) {
  const name = record.name.toLowerCase();
  if (name === `_mta-sts.${domain}`) return ['record-mta-sts', 'record-mta-sts-delegation', 'published-id'];
  if (name === `_smtp._tls.${domain}`) return ['tlsrpt-record'];
  if (name === `mta-sts.${domain}`) return ['https-fetch', 'https-status', 'https-certificate'];
  return [];
}

function seen(record, domain, checks) {
  if (!checks) return h('span', { class: 'muted' }, 'checking…');
  const ids = checkFor(record, domain);
  const found = checks.filter(c => ids.includes(c.check));
  if (found.length === 0) return h('span', { class: 'muted' }, 'not checked');
  const worst = found.find(c => c.status === 'fail') ?? found.find(c => c.status === 'warn') ?? found[0];
  return worst.status === 'pass' ? badge('seen') : h('span', {}, badge(worst.status === 'fail' ? 'not seen yet' : 'seen, with a warning'));
}

function copyButton(value, label) {
  const status = h('span', { class: 'copied', role: 'status' });
  const button = h('button', { type: 'button', class: 'small', 'aria-label': `Copy ${label}` }, 'Copy');
  button.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(value); fill(status, 'copied'); } catch { fill(status, 'select and copy by hand'); }
    setTimeout(() => fill(status), 2000);
  });
  return [button, status];
}

function recordsTable(tenant, checks) {
  return h('div', { class: 'scroll' }, h('table', { class: 'records' },
    h('thead', {}, h('tr', {}, ['Name', 'Type', 'Value', 'Who creates it', 'Seen', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, tenant.records.map(r => h('tr', { 'data-record': r.name },
      h('th', { scope: 'row' }, h('code', {}, r.name)),
      h('td', {}, r.type),
      h('td', {}, r.value ? h('code', { class: 'value' }, r.value) : h('span', { class: 'muted' }, 'not known yet')),
      h('td', {}, r.managedBy === 'customer' ? 'you, in your zone' : 'this service', r.required ? '' : ' (optional)', h('br'), h('span', { class: 'muted' }, r.purpose)),
      h('td', { 'data-seen': '' }, seen(r, tenant.domain, checks)),
      h('td', {}, r.value ? copyButton(r.value, `${r.type} value of ${r.name}`) : null))))));
}

function checksList(status) {
  return h('ul', { class: 'checks' }, status.checks.map(c => h('li', { 'data-check': c.check },
    badge(c.status), ' ', h('code', {}, c.check), ' ', h('span', {}, c.detail),
    c.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), c.fix) : null)));
}

function reportsView(r) {
  const provenance = Object.entries(r.byProvenance ?? {});
  return [
    h('p', { class: 'muted' }, `${r.from} to ${r.to}: ${count(r.reportCount)} reports, ${count(r.totals.successful)} successful and ${count(r.totals.failed)} failed sessions (counting ${r.evidence.join(', ')}).`),
    dailyChart(everyDay(r.days, r.from, r.to)),
    h('div', { class: 'grid' },
      barList('Failures by result type', r.failuresByResultType),
      barList('Failures by MX host', r.failuresByReceivingMx),
      barList('Failures by reporting organization', r.failuresByOrganization)),
    provenance.length === 0 ? null : h('figure', { class: 'chart' }, h('figcaption', {}, 'Reports by provenance (every report, counted or not)'),
      h('div', { class: 'scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Provenance', 'Reports', 'Successful', 'Failed', 'Under the sts policy'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, provenance.map(([name, p]) => h('tr', { 'data-provenance': name },
          h('th', { scope: 'row' }, name), h('td', {}, count(p.reports)), h('td', {}, count(p.successful)), h('td', {}, count(p.failed)), h('td', {}, count(p.sts)))))))),
  ];
}

function readinessView(v) {
  return [
    h('p', {}, 'Verdict: ', h('span', { 'data-verdict': v.verdict }, badge(v.verdict)), v.inconclusive ? ' (a lookup failed; this is not counted)' : ''),
    h('ul', { class: 'checks' }, v.criteria.map(c => h('li', { 'data-criterion': c.name },
      badge(c.status), ' ', h('code', {}, c.name), ' ', h('span', {}, c.evidence),
      c.action ? h('p', { class: 'fix' }, h('strong', {}, 'To do: '), c.action) : null))),
  ];
}

function alertsView(alerts) {
  return alerts.length === 0 ? h('p', { class: 'empty' }, 'No alerts.')
    : h('ul', { class: 'alerts' }, alerts.map(a => h('li', { 'data-condition': a.condition },
        badge(a.state), ' ', h('code', {}, a.condition), ' ', h('span', { class: 'muted' }, `opened ${when(a.openedAt)}`), h('p', {}, a.text))));
}

function editForm(tenant, onSaved) {
  const general = h('div', { role: 'alert', tabindex: '-1' });
  const button = h('button', { type: 'submit' }, 'Save policy');
  const form = h('form', { class: 'card', novalidate: true },
    tenant.state === 'offboarding' ? h('p', { class: 'note' }, 'This tenant is being offboarded: saving a policy cancels the offboarding and serves the policy again.') : null,
    policyFields('edit', tenant), general, button);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    button.disabled = true;
    try {
      // Only over the version shown: a change made meanwhile (by another admin, the MX watcher or autoPromote) wins, and 412 says so.
      await admin('PUT', `/api/tenants/${enc(tenant.domain)}`, policyBody(form, 'edit'), { 'If-Match': tenant.revision });
      showErrors(form, 'edit', [], general);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw e;
      showErrors(form, 'edit', e.errors?.length ? e.errors : [e.message], general);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function shareForm(domain) {
  const out = h('div', { role: 'status' });
  const form = h('form', { class: 'inline', novalidate: true },
    h('label', { for: 'share-days' }, 'Days'), h('input', { id: 'share-days', type: 'number', min: 1, value: 7, inputmode: 'numeric' }),
    h('button', { type: 'submit' }, 'Make a read-only link'), out);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const link = await admin('POST', `/api/tenants/${enc(domain)}/share`, { days: Number(form.querySelector('#share-days').value) });
      fill(out, h('p', {}, `Valid until ${when(link.expiresAt)}: `), h('code', { class: 'value', 'data-share-url': '' }, link.url), ' ', copyButton(link.url, 'share link'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw e;
      fill(out, h('p', { class: 'error' }, e.message));
    }
  });
  return form;
}

function deleteForm(tenant, onDeleted) {
  const days = Math.ceil(Number(tenant.maxAge) / 86400);
  const out = h('div', { role: 'alert' });
  const confirm = h('input', { id: 'delete-confirm', autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'danger', novalidate: true },
    h('p', {}, `Deleting does not cut senders off at once. The policy is withdrawn: it is served as mode none with a new id, so senders that fetch it drop their copy. `,
      `The _mta-sts record is removed only once every policy a sender may still hold has expired: up to max_age, ${days} day${days === 1 ? '' : 's'} for this tenant, plus the record's TTL. `,
      'Then the tenant and its settings are gone (its reports are kept until their retention ends). Mail keeps flowing throughout; only the protection ends.'),
    h('label', { for: 'delete-confirm' }, `Type ${tenant.domain} to confirm`), confirm,
    h('button', { type: 'submit', class: 'danger' }, 'Delete tenant'), out);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (confirm.value.trim().toLowerCase() !== tenant.domain) { fill(out, h('p', { class: 'error' }, `Type ${tenant.domain} to confirm.`)); return; }
    form.querySelector('button').disabled = true;
    try {
      await admin('DELETE', `/api/tenants/${enc(tenant.domain)}`);
      fill(out, h('p', {}, 'Offboarding has started.'));
      onDeleted();
    } catch (e) {
      form.querySelector('button').disabled = false;
      if (e instanceof ApiError && e.status === 401) throw e;
      fill(out, h('p', { class: 'error' }, e.message));
    }
  });
  return form;
}

function placeholder() {
  return h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
}

async function into(target, load, render) {
  try {
    fill(target, render(await load()));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    fill(target, h('p', { class: 'error' }, e.message));
  }
}

export async function tenantPage(main, { domain, token }) {
  domain = (domain ?? '').toLowerCase();
  document.title = `${domain} · MTA-STS dashboard`;
  fill(main, h('h1', {}, domain), h('p', { class: 'loading' }, 'Loading…'));
  const readOnly = token !== undefined;
  let bundle = null;
  let tenant;
  try {
    if (readOnly) {
      bundle = await shared(domain, token);
      tenant = bundle.tenant;
    } else {
      tenant = await admin('GET', `/api/tenants/${enc(domain)}`);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    fill(main, h('h1', {}, domain), h('p', { class: 'error', role: 'alert' }, e.status === 404 ? `There is no tenant ${domain}.` : e.title && e.errors.length ? `${e.title}: ${e.message}` : e.message));
    return;
  }

  const records = placeholder(), checks = placeholder(), reports = placeholder(), readiness = placeholder(), alerts = placeholder();
  fill(main,
    h('h1', {}, tenant.domain, ' ', badge(tenant.mode), ' ', badge(tenant.state)),
    readOnly ? h('p', { class: 'note' }, `A read-only view shared with you, valid until ${when(bundle.expiresAt)}.`) : null,
    section('Policy as served', h('pre', { class: 'policy', 'data-policy': '' }, tenant.policy),
      h('p', { class: 'muted' }, `Published id ${tenant.publishedId ?? 'not yet'}${tenant.rotationDueAt ? `; the new id may be published from ${when(tenant.rotationDueAt)}` : ''}${tenant.lastError ? `; last rotation error: ${tenant.lastError}` : ''}`),
      tenant.customDomain ? h('p', { class: 'muted' }, `${tenant.customDomain.hostName}: ${tenant.customDomain.state}${tenant.customDomain.certificateExpiresAt ? `; certificate expires ${when(tenant.customDomain.certificateExpiresAt)}` : ''}`) : null),
    section('DNS records', records),
    section('Status checks', checks),
    section('Reports', reports),
    section('Readiness for enforce', readiness),
    section('Alerts', alerts),
    readOnly ? null : section('Edit policy', editForm(tenant, () => tenantPage(main, { domain }))),
    readOnly ? null : section('Share', h('p', { class: 'muted' }, 'A link that shows this page, read-only, to the domain owner, until it expires.'), shareForm(tenant.domain)),
    readOnly ? null : section('Delete', deleteForm(tenant, () => tenantPage(main, { domain }))));

  if (readOnly) {
    fill(records, recordsTable(tenant, bundle.status?.checks ?? []));
    fill(checks, bundle.status ? checksList(bundle.status) : h('p', { class: 'muted' }, 'Not available.'));
    fill(reports, bundle.reports ? reportsView(bundle.reports) : h('p', { class: 'muted' }, 'Not available.'));
    fill(readiness, bundle.readiness ? readinessView(bundle.readiness) : h('p', { class: 'muted' }, 'Not available.'));
    fill(alerts, alertsView(bundle.alerts));
    return;
  }

  fill(records, recordsTable(tenant, null));
  const today = new Date();
  const from = new Date(today.getTime() - (REPORT_DAYS - 1) * 86400000).toISOString().slice(0, 10);
  const to = today.toISOString().slice(0, 10);
  await Promise.all([
    into(checks, () => admin('GET', `/api/tenants/${enc(domain)}/status`), status => { fill(records, recordsTable(tenant, status.checks)); return checksList(status); }),
    into(reports, () => admin('GET', `/api/tenants/${enc(domain)}/reports?from=${from}&to=${to}`), reportsView),
    into(readiness, () => admin('GET', `/api/tenants/${enc(domain)}/readiness`), readinessView),
    into(alerts, () => admin('GET', `/api/tenants/${enc(domain)}/alerts`), v => alertsView(v.alerts)),
  ]);
}
