// The home page's directory of organisations: each org by name, with its
// kind, its funds (by name, with their balances) and its campaigns (raised
// against target), narrowed as one types part of a name (search.js). The
// list is GET /v1/orgs, read a page at a time up to kMaxDirectoryOrgs.

import { enc, getJSON } from './api.js';
import { empty, h } from './dom.js';
import { t, vocab } from './i18n.js';
import { formatYuan, toFen } from './money.js';
import { fundLink, orgLink, rememberName } from './names.js';
import { campaignStatusTag } from './page_campaign.js';
import { kMaxQueryChars, matchesQuery } from './search.js';

const kMaxDirectoryOrgs = 1000;
const kPageOrgs = 200;  // the most GET /v1/orgs gives at once
const KIND_ORDER = ['regulator', 'civil_affairs', 'lottery_center', 'charity', 'foundation', 'trustee', 'auditor'];

// Every org the API lists, up to kMaxDirectoryOrgs; `truncated` when more remain.
async function readOrgs() {
  const orgs = [];
  let from = '';
  for (;;) {
    const page = await getJSON(`/v1/orgs?limit=${kPageOrgs}${from ? `&from=${enc(from)}` : ''}`);
    orgs.push(...(page.orgs || []));
    if (page.next === null || page.next === undefined) return { orgs, truncated: false };
    if (orgs.length >= kMaxDirectoryOrgs) return { orgs: orgs.slice(0, kMaxDirectoryOrgs), truncated: true };
    from = page.next;
  }
}

// Every org, with its funds' names, in the order of KIND_ORDER and, within
// a kind, of the names (Chinese collation).
export async function loadDirectory() {
  const { orgs, truncated } = await readOrgs();
  const entries = orgs.map((org) => {
    rememberName('org', org.id, org.name);
    for (const f of org.funds || []) rememberName('fund', f.id, f.name);
    const funds = org.funds || [];
    const campaigns = org.campaigns || [];
    return { org, funds, campaigns,
      names: [org.name, org.id, ...funds.map((f) => f.name || f.id), ...campaigns.map((c) => c.title)] };
  });
  const rank = (kind) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  entries.sort((a, b) => rank(a.org.kind) - rank(b.org.kind) || a.org.name.localeCompare(b.org.name, 'zh-CN'));
  return { entries, truncated };
}

function fundItem(f) {
  return h('li', { 'data-testid': 'directory-fund', 'data-fund': f.id, 'data-fen': toFen(f.balance_fen).toString() },
    fundLink(f.id, f.name), h('span', { class: 'num' }, formatYuan(f.balance_fen)));
}

function campaignItem(c) {
  return h('li', { 'data-testid': 'directory-campaign', 'data-campaign': c.id,
    'data-raised-fen': toFen(c.raised_fen).toString(), 'data-target-fen': toFen(c.target_fen).toString() },
  h('a', { href: `#/campaign/${enc(c.id)}` }, c.title), ' ', campaignStatusTag(c.status),
  h('span', { class: 'note dir-raised' }, t('dir.raised', { raised: formatYuan(c.raised_fen), target: formatYuan(c.target_fen) })));
}

function orgItem(e) {
  const { org, funds, campaigns } = e;
  return h('li', { class: 'dir-org', 'data-testid': 'directory-org', 'data-org': org.id },
    h('div', { class: 'dir-head' }, orgLink(org.id, org.name), h('span', { class: 'tag' }, vocab('orgkind', org.kind))),
    h('p', { class: 'note dir-id' }, org.id),
    h('h4', {}, t('dir.funds')),
    funds.length ? h('ul', { class: 'dir-funds' }, funds.map(fundItem)) : h('p', { class: 'note' }, t('dir.nofunds')),
    h('h4', {}, t('dir.campaigns')),
    campaigns.length ? h('ul', { class: 'dir-campaigns' }, campaigns.map(campaignItem)) : h('p', { class: 'note' }, t('dir.nocampaigns')));
}

// The search box, the count, the list and the no-match note; typing
// hides the orgs none of whose names contain the query.
export function directoryView({ entries, truncated }) {
  if (entries.length === 0) return [empty(), h('p', { class: 'note' }, t('dir.note'))];
  const items = entries.map((e) => [e, orgItem(e)]);
  const count = h('p', { class: 'note', 'data-testid': 'directory-count', role: 'status', 'aria-live': 'polite' });
  const none = empty();
  none.dataset.testid = 'directory-nomatch';
  const input = h('input', { id: 'directory-search', name: 'q', type: 'search', lang: 'zh-CN', autocomplete: 'off',
    maxlength: kMaxQueryChars, placeholder: t('dir.placeholder'), 'aria-describedby': 'directory-help', 'aria-controls': 'directory-list' });
  const apply = () => {
    const query = input.value.trim();
    let shown = 0;
    for (const [e, li] of items) {
      li.hidden = !matchesQuery(e.names, query);
      if (!li.hidden) shown += 1;
    }
    count.textContent = query ? t('dir.matches', { shown, count: items.length, query }) : t('dir.count', { count: items.length });
    count.dataset.shown = String(shown);
    none.textContent = t('dir.nomatch', { query });
    none.hidden = shown > 0;
  };
  input.addEventListener('input', apply);
  const form = h('form', { class: 'search', role: 'search', onsubmit: (ev) => { ev.preventDefault(); apply(); } },
    h('label', { for: 'directory-search' }, t('dir.search')),
    h('div', { class: 'search-row' }, input),
    h('p', { id: 'directory-help', class: 'note' }, t('dir.search.help')));
  const list = h('ul', { id: 'directory-list', class: 'directory', 'data-testid': 'directory' }, items.map(([, li]) => li));
  apply();
  return [form, count, list, none,
    truncated && h('p', { class: 'banner banner-note', 'data-testid': 'directory-truncated' }, t('dir.truncated', { count: kMaxDirectoryOrgs })),
    h('p', { class: 'note' }, t('dir.note'))];
}
