// The receipt record (GET /v1/receipts/{receipt}): the receipt page's
// status section (recorded, its fiscal e-receipt issued, voided or
// red-reversed, or the gift reversed; the e-receipt's numbers; the
// receipt's history and corrections), and the lookup of a receipt by the
// numbers of the fiscal e-receipt a donor holds (#/fiscal/<code>/<number>,
// GET /v1/receipts?code=C&number=N).

import { enc, getJSON } from './api.js';
import { clear, errorBox, facts, h, loading, section } from './dom.js';
import { t, vocab } from './i18n.js';

const FISCAL_PART = /^\d{1,20}$/;  // a fiscal code or number: 1 to 20 digits

export function receiptStatusTag(status) {
  return h('span', { class: `tag receipt-${status}`, 'data-testid': 'receipt-status', 'data-status': status }, vocab('rstatus', status));
}

function fiscalText(f) {
  return h('span', { class: 'fiscal', 'data-code': f.code, 'data-number': f.number },
    t('rstatus.fiscal.value', { code: f.code, number: f.number, check: f.check_code }));
}

function receiptLink(receipt, testid) {
  return h('a', { href: `#/receipt/${enc(receipt)}`, 'data-testid': testid }, receipt);
}

function history(list) {
  return h('ol', { class: 'receipt-history', 'data-testid': 'receipt-history' },
    list.map((x) => h('li', { 'data-seq': String(x.seq), 'data-type': x.type },
      h('a', { href: `#/log/${x.seq}` }, t('common.event', { seq: x.seq })), ' ', vocab('etype', x.type))));
}

function statusContent(r) {
  const out = [h('p', { class: 'receipt-status-line' }, receiptStatusTag(r.status)),
    r.fiscal || r.red || r.replaces || r.replaced_by ? facts([
      r.fiscal && [t('rstatus.fiscal'), fiscalText(r.fiscal)],
      r.red && [t('rstatus.red'), fiscalText(r.red)],
      r.replaces && [t('rstatus.replaces'), receiptLink(r.replaces, 'receipt-replaces')],
      r.replaced_by && [t('rstatus.replaced_by'), receiptLink(r.replaced_by, 'receipt-replaced-by')],
    ]) : null];
  if (r.replaced_by) out.unshift(h('p', { class: 'banner banner-note', role: 'status' }, t('rstatus.replaced', { receipt: r.replaced_by })));
  if ((r.history || []).length > 0) out.push(h('h3', {}, t('rstatus.history')), history(r.history));
  return out;
}

// The status section, or nothing when the ledger keeps no receipt record
// under this number (a gift recorded before records were kept).
export function receiptStatusSection(receipt) {
  const box = section(t('rstatus.title'));
  box.dataset.testid = 'receipt-record';
  const spin = box.appendChild(loading());
  getJSON(`/v1/receipts/${enc(receipt)}`).then((r) => spin.replaceWith(...statusContent(r)), (err) => {
    if (err.status === 404) box.remove();
    else spin.replaceWith(errorBox(err));
  });
  return box;
}

// The home page's second search: a fiscal e-receipt's code and number.
export function fiscalForm(code = '', number = '') {
  const field = (id, label, value) => [h('label', { for: id }, label),
    h('input', { id, name: id, type: 'text', inputmode: 'numeric', pattern: '[0-9]*', maxlength: 20, value, autocomplete: 'off' })];
  const error = h('p', { class: 'state state-error', role: 'alert', hidden: true }, t('fiscal.invalid'));
  const form = h('form', { class: 'search fiscal-form', onsubmit: (ev) => {
    ev.preventDefault();
    const c = form.querySelector('#fiscal-code').value.trim();
    const n = form.querySelector('#fiscal-number').value.trim();
    error.hidden = FISCAL_PART.test(c) && FISCAL_PART.test(n);
    if (error.hidden) location.hash = `#/fiscal/${c}/${n}`;
  } },
  h('div', { class: 'fiscal-fields' }, h('div', {}, field('fiscal-code', t('fiscal.code'), code)), h('div', {}, field('fiscal-number', t('fiscal.number'), number))),
  h('div', { class: 'search-row' }, h('button', { id: 'fiscal-go', type: 'submit' }, t('fiscal.go'))),
  h('p', { class: 'note' }, t('fiscal.help')), error);
  return form;
}

// #/fiscal/<code>/<number>: finds the receipt and shows its page in place
// of this one (the back button skips the lookup).
export async function fiscalPage(root, code, number) {
  clear(root, h('h2', { class: 'page-title' }, t('fiscal.page', { code, number })), section(t('fiscal.title'), fiscalForm(code, number)));
  const spin = root.appendChild(loading());
  try {
    const r = await getJSON(`/v1/receipts?code=${enc(code)}&number=${enc(number)}`);
    location.replace(`#/receipt/${enc(r.receipt)}`);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('fiscal.notfound')));
  }
}
