// Overview: tenant totals, rotation health and open alerts, from GET /api/overview.
import { h, fill, count, when, badge, section } from '../dom.js';
import { admin, enc } from '../api.js';

function tally(title, map) {
  const rows = Object.entries(map ?? {});
  return h('div', { class: 'card' }, h('h3', {}, title),
    rows.length === 0 ? h('p', { class: 'empty' }, 'None.')
      : h('dl', { class: 'tally' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-key': k }, count(v))])));
}

export async function overviewPage(main) {
  document.title = 'Overview · MTA-STS dashboard';
  fill(main, h('h1', {}, 'Overview'), h('p', { class: 'loading' }, 'Loading…'));
  const o = await admin('GET', '/api/overview');
  fill(main,
    h('h1', {}, 'Overview'),
    o.truncated ? h('p', { class: 'warn-note' }, 'Counts stop at 20,000 tenants and 5,000 alerts.') : null,
    h('div', { class: 'stats' },
      h('div', { class: 'stat' }, h('span', { class: 'value', 'data-stat': 'tenants' }, count(o.tenants)), h('span', { class: 'label' }, 'tenants')),
      h('div', { class: 'stat' }, h('span', { class: 'value', 'data-stat': 'rotation-pending' }, count(o.rotationPending)), h('span', { class: 'label' }, 'ids waiting to rotate')),
      h('div', { class: 'stat' }, h('span', { class: 'value', 'data-stat': 'rotation-failing' }, count(o.rotationFailing)), h('span', { class: 'label' }, 'rotations failing')),
      h('div', { class: 'stat' }, h('span', { class: 'value', 'data-stat': 'open-alerts' }, count(o.openAlerts)), h('span', { class: 'label' }, 'open alerts'))),
    h('div', { class: 'grid' }, tally('By mode', o.byMode), tally('By state', o.byState), tally('Open alerts by condition', o.openAlertsByCondition)),
    section('Rotations failing',
      o.failingTenants.length === 0 ? h('p', { class: 'empty' }, 'None: every id is published or on its way.')
        : h('ul', {}, o.failingTenants.map(d => h('li', {}, h('a', { href: `#/tenant/${enc(d)}` }, d))))),
    section('Recent open alerts',
      o.recentAlerts.length === 0 ? h('p', { class: 'empty' }, 'No open alerts.')
        : h('ul', { class: 'alerts' }, o.recentAlerts.map(a => h('li', {},
            badge(a.state), ' ', h('a', { href: `#/tenant/${enc(a.tenant)}` }, a.tenant), ' ', h('code', {}, a.condition), ' ',
            h('span', { class: 'muted' }, when(a.updatedAt)), h('p', {}, a.text))))));
}
