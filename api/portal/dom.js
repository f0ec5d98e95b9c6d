// A small element builder and the shared loading / empty / error states.
// Content is set as text, never parsed as HTML, so API data cannot inject
// markup. Styles come from style.css: the server's CSP refuses inline ones.

import { t } from './i18n.js';

// h('a', {href: '#/', class: 'x', dataset: {kind: 'fund'}, onclick}, 'text', child)
export function h(tag, props = {}, ...children) {
  const svg = ['svg', 'rect', 'line', 'text', 'g', 'title', 'polyline', 'circle'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function loading() {
  return h('p', { class: 'state state-loading', role: 'status', 'data-testid': 'loading' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('state.loading'));
}

export function empty(text = t('state.empty')) {
  return h('p', { class: 'state state-empty', 'data-testid': 'empty' }, text);
}

// An ApiError's detail, or a plain message; notFound replaces a 404's detail
// with a sentence meant for a reader ("No donation with this receipt").
export function errorBox(err, notFound) {
  let text;
  if (err && err.status === 404 && notFound) text = notFound;
  else text = t('state.error', { detail: (err && (err.detail || err.message)) || String(err) });
  return h('p', { class: 'state state-error', role: 'alert', 'data-testid': 'error' }, text);
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

// A two-column list of facts: [[label, value], ...].
export function facts(rows) {
  return h('dl', { class: 'facts' },
    rows.filter(Boolean).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

// A table that scrolls inside its own box on a narrow screen. A row is an
// array of cells or a ready <tr> (to carry data attributes). A column
// whose first cell is a numCell gets a right-aligned header too.
export function table(headers, rows, testid) {
  const first = rows.length === 0 ? [] : (rows[0] instanceof Node ? [...rows[0].children] : rows[0]);
  const numeric = (i) => first[i] instanceof Node && first[i].classList?.contains('num');
  return h('div', { class: 'table-wrap' },
    h('table', { 'data-testid': testid },
      h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { scope: 'col', class: numeric(i) ? 'num' : null }, x)))),
      h('tbody', {}, rows.map((r) => (r instanceof Node ? r : h('tr', {}, cells(r)))))));
}

// Table cells: a <td> or <th> as it is, anything else inside a new <td>.
export function cells(list) {
  return list.map((cell) => (cell instanceof Node && (cell.tagName === 'TD' || cell.tagName === 'TH') ? cell : h('td', {}, cell)));
}

export function numCell(content) {
  return h('td', { class: 'num' }, content);
}
