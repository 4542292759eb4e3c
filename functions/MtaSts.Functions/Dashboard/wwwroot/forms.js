// Tenant forms (add, edit): the policy fields, the body the admin API takes, and its validation errors shown next to
// the field each names ("mx[0]: ..." goes under the MX list); errors naming no field are shown above the button.
import { h, fill } from './dom.js';

const FIELDS = [
  { key: 'domain', prefixes: ['domain', 'the domain', 'the name', 'tenant '] },
  { key: 'mode', prefixes: ['mode'] },
  { key: 'mx', prefixes: ['mx'] },
  { key: 'maxAge', prefixes: ['maxage', 'max_age'] },
];

/** The inputs of a policy: mode, mx (one per line), max_age. */
export function policyFields(prefix, policy = { mode: 'testing', mx: [], maxAge: 604800 }) {
  const field = (key, label, control, help) => h('div', { class: 'field', 'data-field': key },
    h('label', { for: `${prefix}-${key}` }, label), control,
    help ? h('p', { class: 'help', id: `${prefix}-${key}-help` }, help) : null,
    h('p', { class: 'error', id: `${prefix}-${key}-error`, hidden: true }));
  return [
    field('mode', 'Mode', h('select', { id: `${prefix}-mode`, name: 'mode', 'aria-describedby': `${prefix}-mode-help ${prefix}-mode-error` },
      ['testing', 'enforce', 'none'].map(m => h('option', { value: m, selected: m === policy.mode }, m))),
      'testing: senders report but deliver anyway; enforce: senders refuse MX hosts without valid TLS; none: withdraw the policy.'),
    field('mx', 'MX hosts', h('textarea', { id: `${prefix}-mx`, name: 'mx', rows: 3, spellcheck: 'false', 'aria-describedby': `${prefix}-mx-help ${prefix}-mx-error` }, (policy.mx ?? []).join('\n')),
      'One per line: a host name, or *.example.com for any one label.'),
    field('maxAge', 'max_age (seconds)', h('input', { id: `${prefix}-maxAge`, name: 'maxAge', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: policy.maxAge, 'aria-describedby': `${prefix}-maxAge-help ${prefix}-maxAge-error` }),
      'How long senders keep the policy: 604800 is a week, 31557600 a year.'),
  ];
}

/** The admin API's PUT body from a form. */
export function policyBody(form, prefix) {
  const value = id => form.querySelector(`#${prefix}-${id}`).value;
  const maxAge = value('maxAge').trim();
  return {
    mode: value('mode'),
    mx: value('mx').split(/[\s,]+/).map(s => s.trim()).filter(Boolean),
    maxAge: /^\d+$/.test(maxAge) ? Number(maxAge) : maxAge,
  };
}

/** Clears the form's errors, then shows each error next to the field it names. */
export function showErrors(form, prefix, errors, general) {
  for (const f of FIELDS) {
    const error = form.querySelector(`#${prefix}-${f.key}-error`);
    const control = form.querySelector(`#${prefix}-${f.key}`);
    if (error) { error.hidden = true; fill(error); }
    if (control) control.removeAttribute('aria-invalid');
  }
  fill(general);
  let first = null;
  for (const message of errors) {
    const lower = message.toLowerCase();
    const f = FIELDS.find(x => x.prefixes.some(p => lower.startsWith(p)) && form.querySelector(`#${prefix}-${x.key}`));
    if (f) {
      const error = form.querySelector(`#${prefix}-${f.key}-error`);
      const control = form.querySelector(`#${prefix}-${f.key}`);
      error.hidden = false;
      error.append(h('span', {}, message));
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    } else {
      general.append(h('p', { class: 'error' }, message));
    }
  }
  (first ?? general).focus?.();
}
