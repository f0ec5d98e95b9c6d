// The org page's public side of fundraising: its campaigns
// (GET /v1/orgs/{id}/campaigns) and its disclosure record
// (GET /v1/orgs/{id}/obligations): what it owed and by when, whether it
// was published on time, and what it published.

import { enc, getJSON } from './api.js';
import { empty, h, numCell, section, table } from './dom.js';
import { obligationsTable, publishedTable, statusCounts } from './disclosures.js';
import { t } from './i18n.js';
import { formatYuan, percent, toFen } from './money.js';
import { fill } from './page_home.js';
import { campaignStatusTag } from './page_campaign.js';

function fenCell(kind, amount) {
  return h('td', { class: 'num', 'data-kind': kind, 'data-fen': toFen(amount).toString() }, formatYuan(amount));
}

function campaignsTable(list) {
  if (list.length === 0) return empty(t('org.nocampaigns'));
  return table([t('campaign.title'), t('common.status'), t('campaign.period'), t('campaign.raised'), t('campaign.target'), t('campaign.pct'), t('common.gifts')],
    list.map((c) => h('tr', { 'data-campaign': c.id },
      h('td', { class: 'wrap' }, h('a', { href: `#/campaign/${enc(c.id)}` }, c.title)), h('td', {}, campaignStatusTag(c.status)),
      h('td', {}, t('campaign.period.value', { start: c.start, end: c.end })),
      fenCell('raised', c.raised_fen), fenCell('target', c.target_fen),
      numCell(percent(c.raised_fen, c.target_fen) ?? '—'), numCell(String(c.gifts)))), 'org-campaigns');
}

export function campaignsSection(orgId) {
  const box = section(t('org.campaigns'));
  box.dataset.testid = 'org-campaigns-section';
  return [box, () => fill(box, async () => campaignsTable((await getJSON(`/v1/orgs/${enc(orgId)}/campaigns`)).campaigns || []))];
}

function disclosureContent(record, campaigns) {
  const titles = new Map(campaigns.map((c) => [c.id, c.title]));
  const obligations = record.obligations || [];
  const published = record.disclosures || [];
  return [
    h('p', { class: 'note', 'data-testid': 'disclosure-asof' }, t('disc.asof', { date: record.as_of })),
    h('h3', {}, t('disc.obligations')),
    ...(obligations.length === 0 ? [empty(t('disc.none'))] : [statusCounts(obligations), obligationsTable(obligations, true, titles)]),
    h('p', { class: 'note' }, t('disc.explain')),
    h('h3', {}, t('disc.published')),
    published.length === 0 ? empty(t('disc.nopublished')) : publishedTable(published, titles),
  ];
}

export function disclosureSection(orgId) {
  const box = section(t('org.disclosure'));
  box.dataset.testid = 'org-disclosure';
  return [box, () => fill(box, async () => {
    const [record, campaigns] = await Promise.all([getJSON(`/v1/orgs/${enc(orgId)}/obligations`), getJSON(`/v1/orgs/${enc(orgId)}/campaigns`)]);
    return disclosureContent(record, campaigns.campaigns || []);
  })];
}
