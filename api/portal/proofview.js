// The proof status line shown on the receipt, disbursement and log pages:
// it starts as `checking` and settles as verified, pending or failed.

import { io } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { checkInclusion } from './proof.js';
import { checkInclusionFromTiles, tilesBase } from './tile_proof.js';

// From tiles when the page names a tiles prefix (?tiles=/ or a
// <meta name="ledger-tiles">), else through /v1/proof/inclusion.
function check(seq) {
  const meta = document.querySelector('meta[name="ledger-tiles"]');
  const base = tilesBase(location.search, meta ? meta.content : null);
  return base === null ? checkInclusion(seq, io) : checkInclusionFromTiles(seq, io, base);
}

export function proofStatus(seq, testid = 'proof-status') {
  const text = h('span', { class: 'proof-text' }, t('proof.checking'));
  const el = h('p', { class: 'proof', 'data-testid': testid, 'data-state': 'checking', 'data-seq': String(seq), role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'proof-icon', 'aria-hidden': 'true' }), text);
  check(seq).then((result) => {
    const params = { seq: String(result.seq), size: String(result.size) };
    el.dataset.state = result.state;
    if (result.size !== null) el.dataset.size = String(result.size);
    if (result.state === 'verified') text.textContent = t('proof.verified', params);
    else if (result.state === 'pending') text.textContent = t('proof.pending', params);
    else text.textContent = t('proof.failed', { why: t(`proof.why.${result.why}`) });
  }).catch((err) => {
    el.dataset.state = 'failed';
    text.textContent = t('proof.failed', { why: err.detail || err.message });
  });
  return h('div', { class: 'proof-box' }, el, h('p', { class: 'note' }, t('proof.note')));
}
