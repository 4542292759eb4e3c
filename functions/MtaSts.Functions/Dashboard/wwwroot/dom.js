// Builds elements from data without ever parsing it as HTML: every string becomes a text node or an attribute value.

/** h('a', { href: '#/x', class: 'c' }, 'text', child) */
export function h(tag, attributes = {}, ...children) {
  const svg = ['svg', 'rect', 'g', 'text', 'title', 'line'].includes(tag);
  const element = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of an element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A number with thousands separators, exactly (no rounding). */
export function count(n) {
  return Number(n ?? 0).toLocaleString('en-US');
}

/** A date-time as YYYY-MM-DD HH:MM UTC. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A status word as a badge: good, warn or bad by its meaning. */
export function badge(text) {
  const good = ['pass', 'ready', 'met', 'published', 'enforce', 'ok', 'resolved', 'healthy'];
  const bad = ['fail', 'blocked', 'failing', 'open', 'offboarding'];
  const kind = good.includes(text) ? 'good' : bad.includes(text) ? 'bad' : 'warn';
  return h('span', { class: `badge ${kind}` }, text ?? '—');
}

/** A section with a heading; its content can be filled later. */
export function section(title, ...children) {
  const id = 'h-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}
