// #/project/<id>: a project of a programme (GET /v1/projects/{id}): who
// applied and who decided, what it asked for and what was approved,
// committed, paid and released; its tranches with what was paid and how
// far their milestones and evaluations got; its milestones, evaluations
// and timeline event by event. Amounts are fen end to end; the page checks
// that the tranches add up to what the project was paid, and the approved
// amount to what is committed, paid and released.

import { enc, getJSON } from './api.js';
import { clear, empty, errorBox, facts, h, loading, numCell, section, table } from './dom.js';
import { t, vocab } from './i18n.js';
import { formatYuan, toFen } from './money.js';
import { fundLink, orgLink } from './names.js';
import { projectStatusTag } from './projects.js';
import { proofStatus } from './proofview.js';

const AMOUNTS = ['requested', 'approved', 'committed', 'paid', 'released'];
const PAYMENTS_WITH_SOURCES = new Set(['disbursement.made', 'expense.recorded']);

function fenCell(kind, amount) {
  return h('td', { class: 'num', 'data-kind': kind, 'data-fen': toFen(amount).toString() }, formatYuan(amount));
}

function mismatch(testid, key, params) {
  return h('p', { class: 'banner banner-note', 'data-testid': testid }, t(key, params));
}

function amountsTable(p) {
  const rows = AMOUNTS.map((kind) => h('tr', { 'data-kind': kind }, h('th', { scope: 'row' }, t(`project.${kind}`)),
    fenCell(kind, p[`${kind}_fen`])));
  const tbl = h('div', { class: 'table-wrap' }, h('table', { class: 'project-amounts', 'data-testid': 'project-amounts' },
    h('tbody', {}, rows)));
  const sum = toFen(p.committed_fen) + toFen(p.paid_fen) + toFen(p.released_fen);
  const decided = p.status === 'approved' || p.status === 'closed';
  return [tbl, h('p', { class: 'note' }, t('project.amounts.note')),
    decided && sum !== toFen(p.approved_fen) &&
      mismatch('project-amounts-mismatch', 'project.amounts.mismatch', { sum: formatYuan(sum), approved: formatYuan(p.approved_fen) })];
}

function headSection(p) {
  return section(t('project.amounts'),
    h('p', { class: 'amount-big' }, h('span', { class: 'amount', 'data-testid': 'project-paid', 'data-fen': toFen(p.paid_fen).toString() },
      formatYuan(p.paid_fen))),
    h('p', { class: 'project-paid-of' }, t('project.paid.of', { approved: formatYuan(p.approved_fen), requested: formatYuan(p.requested_fen) })),
    facts([
      [t('common.status'), projectStatusTag(p.status)],
      [t('project.applicant'), h('span', { 'data-testid': 'project-applicant' }, orgLink(p.applicant))],
      [t('project.approver'), h('span', { 'data-testid': 'project-approver' }, p.approver ? orgLink(p.approver) : t('project.undecided'))],
      [t('project.programme'), h('span', { 'data-testid': 'project-programme' }, p.programme)],
      [t('common.purpose'), h('span', { 'data-testid': 'project-purpose', 'data-purpose': p.purpose }, vocab('purpose', p.purpose))],
      [t('project.region'), h('span', { 'data-testid': 'project-region' }, p.region)],
      [t('project.period'), t('campaign.period.value', { start: p.start, end: p.end })],
      p.fund && [t('project.fund'), fundLink(p.fund)],
      p.document && [t('project.document'), p.document],
      p.rejected_reason && [t('project.rejected'), h('span', { 'data-testid': 'project-rejected' }, p.rejected_reason)],
      p.closed && [t('project.closed'), h('span', { 'data-testid': 'project-closed', 'data-date': p.closed, 'data-leftover': p.leftover },
        t('project.closed.value', { date: p.closed, leftover: vocab('leftover', p.leftover) }))],
    ]),
    amountsTable(p));
}

// Where a tranche stands: paid (in full or in part), or what it waits for.
function trancheState(tr, closed) {
  const paid = toFen(tr.paid_fen);
  if (paid >= toFen(tr.amount_fen)) return 'paid';
  if (paid > 0n) return 'partly';
  if (closed) return 'closed';
  if (!tr.needs_evaluation) return 'due';
  if (tr.evaluated) return 'evaluated';
  return tr.milestone_reported ? 'milestone' : 'waiting';
}

function tranchesContent(p) {
  const list = p.tranches || [];
  if (list.length === 0) return [empty(t('project.notranches'))];
  const rows = list.map((tr) => {
    const state = trancheState(tr, p.status === 'closed');
    return h('tr', { 'data-testid': 'tranche', 'data-no': String(tr.no), 'data-state': state,
      'data-needs-evaluation': String(tr.needs_evaluation), 'data-evaluated': String(tr.evaluated) },
    h('td', {}, t('project.tranche.value', { no: tr.no })), fenCell('amount', tr.amount_fen), fenCell('paid', tr.paid_fen),
    h('td', {}, t(tr.needs_evaluation ? 'project.tranche.needs' : 'project.tranche.free')),
    h('td', {}, h('span', { class: `status tranche-${state}` }, vocab('tstate', state))));
  });
  const tbl = table([t('project.tranche.no'), t('project.tranche.amount'), t('project.tranche.paid'),
    t('project.tranche.evaluation'), t('project.tranche.state')], rows, 'project-tranches');
  const planned = list.reduce((s, tr) => s + toFen(tr.amount_fen), 0n);
  const paid = list.reduce((s, tr) => s + toFen(tr.paid_fen), 0n);
  tbl.querySelector('table').append(h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('common.total')),
    fenCell('amount', planned), fenCell('paid', paid), h('td', {}), h('td', {}))));
  return [tbl, h('p', { class: 'note' }, t('project.tranches.note')),
    paid !== toFen(p.paid_fen) &&
      mismatch('project-tranches-mismatch', 'project.tranches.mismatch', { tranches: formatYuan(paid), paid: formatYuan(p.paid_fen) })];
}

function seqLink(seq, type) {
  const href = PAYMENTS_WITH_SOURCES.has(type) ? `#/disbursement/${seq}` : `#/log/${seq}`;
  return h('a', { href }, t('common.event', { seq }));
}

function digest(sha256) {
  return h('code', { title: sha256, 'data-sha256': sha256 }, `${sha256.slice(0, 12)}…`);
}

function evaluationsContent(p) {
  const list = p.evaluations || [];
  if (list.length === 0) return [empty(t('project.noevaluations'))];
  const rows = list.map((e) => h('tr', { 'data-testid': 'evaluation', 'data-seq': String(e.seq), 'data-grade': e.grade,
    'data-tranche': e.tranche === null ? '' : String(e.tranche) },
  h('td', {}, e.tranche === null ? t('project.eval.whole') : t('project.tranche.value', { no: e.tranche })),
  h('td', {}, t('project.eval.value', { grade: e.grade, verdict: t(e.grade === 'D' ? 'project.eval.failed' : 'project.eval.passed') })),
  numCell(String(e.score)), h('td', {}, orgLink(e.by)), h('td', {}, digest(e.sha256)), h('td', {}, seqLink(e.seq, 'project.evaluated'))));
  return [table([t('project.eval.of'), t('project.eval.grade'), t('project.eval.score'), t('project.eval.by'), 'SHA-256',
    t('project.event')], rows, 'project-evaluations'), h('p', { class: 'note' }, t('project.eval.note'))];
}

function milestonesContent(p) {
  const list = p.milestones || [];
  if (list.length === 0) return [empty(t('project.nomilestones'))];
  return [table([t('project.tranche.no'), t('project.indicators'), 'SHA-256', t('project.event')],
    list.map((m) => h('tr', { 'data-testid': 'milestone', 'data-tranche': String(m.tranche) },
      h('td', {}, t('project.tranche.value', { no: m.tranche })),
      h('td', { class: 'wrap' }, (m.indicators || []).map((i) => h('span', { class: 'indicator' }, `${i.name} ${i.value} ${i.unit}`))),
      h('td', {}, digest(m.sha256)), h('td', {}, seqLink(m.seq, 'project.milestone_reported')))), 'project-milestones')];
}

function timelineContent(p) {
  const list = p.timeline || [];
  return [h('ol', { class: 'timeline', 'data-testid': 'project-timeline' },
    list.map((e) => h('li', { 'data-testid': 'timeline-entry', 'data-seq': String(e.seq), 'data-type': e.type, 'data-date': e.date },
      h('span', { class: 'timeline-date' }, e.date), ' ', h('span', { class: 'timeline-type' }, vocab('etype', e.type)), ' ',
      seqLink(e.seq, e.type)))),
  h('p', { class: 'note' }, t('project.timeline.note'))];
}

export async function projectPage(root, id) {
  clear(root, h('h2', { class: 'page-title' }, t('project.title')));
  const spin = root.appendChild(loading());
  let p;
  try {
    p = await getJSON(`/v1/projects/${enc(id)}`);
  } catch (err) {
    spin.replaceWith(errorBox(err, t('project.notfound')));
    return;
  }
  spin.remove();
  root.querySelector('.page-title').textContent = p.title;
  const applied = (p.timeline || [])[0];
  root.append(...[headSection(p), section(t('project.tranches'), ...tranchesContent(p)),
    section(t('project.milestones'), ...milestonesContent(p)), section(t('project.evaluations'), ...evaluationsContent(p)),
    section(t('project.timeline'), ...timelineContent(p)), applied && section(t('proof.title'), proofStatus(applied.seq))].filter(Boolean));
}
