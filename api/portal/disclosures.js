// Disclosure obligations and published disclosures, as the campaign page
// (GET /v1/campaigns/{id} `disclosures`) and the org page
// (GET /v1/orgs/{id}/obligations) show them: what is due by when, and
// whether it was published on time (met), late, not at all though due
// (overdue) or is not yet due (open).

import { enc } from './api.js';
import { h, numCell, table } from './dom.js';
import { t, vocab } from './i18n.js';
import { fundLink, orgLink } from './names.js';

const STATUSES = ['met', 'late', 'overdue', 'open'];
const kShownHashChars = 12;

export function disclosureStatusTag(status) {
  return h('span', { class: `status status-disc-${status}`, 'data-testid': 'disclosure-status' }, vocab('disc.status', status));
}

// What a disclosure is about: a campaign (by its title, when `titles`
// maps its id to one), the org itself or a trust fund.
function subjectCell(kind, subject, titles) {
  if (kind === 'campaign_progress' || kind === 'campaign_final') {
    return h('a', { href: `#/campaign/${enc(subject)}`, title: subject, 'data-campaign': subject }, titles?.get(subject) ?? subject);
  }
  if (kind === 'annual_report') return orgLink(subject);
  if (kind === 'trust_report' || kind === 'project_final') return fundLink(subject);
  return subject;
}

function seqLink(seq) {
  return seq === null || seq === undefined ? '—' : h('a', { href: `#/log/${seq}` }, String(seq));
}

// One row an obligation: its kind, [subject,] period, due day, status,
// the day it was met and the event that met it. `titles`: campaign id ->
// title, for the subjects.
export function obligationsTable(list, withSubject, titles = null, testid = 'obligations') {
  const headers = [t('disc.kind'), withSubject && t('disc.subject'), t('disc.period'), t('disc.due'), t('common.status'),
    t('disc.met'), t('disc.record')].filter(Boolean);
  const rows = list.map((o) => h('tr', { 'data-testid': 'obligation', 'data-kind': o.kind, 'data-subject': o.subject,
    'data-period': o.period, 'data-due': o.due, 'data-status': o.status, class: `obligation-${o.status}` },
  ...[vocab('disckind', o.kind), withSubject && subjectCell(o.kind, o.subject, titles), o.period, o.due, disclosureStatusTag(o.status),
    o.met_on || '—', seqLink(o.met_by)].filter((x) => x !== false).map((cell) => h('td', {}, cell))));
  return table(headers, rows, testid);
}

// "on time 3 · late 1 · overdue 1 · not yet due 0"
export function statusCounts(list) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const o of list) if (o.status in counts) counts[o.status] += 1;
  return h('p', { class: 'disc-counts', 'data-testid': 'disclosure-counts', ...Object.fromEntries(STATUSES.map((s) => [`data-${s}`, String(counts[s])])) },
    t('disc.counts', counts));
}

// A document link only for a web address, named by its file (the whole
// address in its title); anything else stays text.
function documentCell(url) {
  if (!/^https?:\/\//i.test(url || '')) return url || '—';
  let name = url;
  try { name = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() || new URL(url).host); } catch { /* keep the address */ }
  return h('a', { href: url, title: url, rel: 'noopener noreferrer', target: '_blank', 'data-testid': 'disclosure-document' }, name);
}

export function publishedTable(list, titles = null) {
  const rows = list.map((d) => h('tr', { 'data-testid': 'disclosure', 'data-seq': String(d.seq), 'data-kind': d.kind, 'data-period': d.period },
    h('td', {}, d.date), h('td', {}, vocab('disckind', d.kind)), h('td', {}, subjectCell(d.kind, d.subject, titles)), h('td', {}, d.period),
    h('td', {}, d.recorded), h('td', { class: 'doc' }, documentCell(d.url)),
    h('td', { title: d.sha256 }, h('code', {}, `${(d.sha256 || '').slice(0, kShownHashChars)}…`)), numCell(seqLink(d.seq))));
  return table([t('disc.date'), t('disc.kind'), t('disc.subject'), t('disc.period'), t('disc.recorded'), t('disc.document'),
    t('disc.sha256'), t('common.seq')], rows, 'disclosures');
}
