// Lists of projects (GET /v1/projects?org=|programme=|region=), as the org
// page and the lottery page show them: read a page at a time up to
// kMaxListedProjects, and a table of them linking each project's page.
// The org page's section of them is here too.

import { enc, getJSON } from './api.js';
import { empty, h, section, table } from './dom.js';
import { t, vocab } from './i18n.js';
import { formatYuan, toFen } from './money.js';
import { orgLink } from './names.js';
import { fill } from './page_home.js';

const kPageProjects = 500;        // the most GET /v1/projects gives at once
const kMaxListedProjects = 2000;  // so a list fetches at most four pages

export function projectStatusTag(status) {
  return h('span', { class: `tag project-${status}`, 'data-testid': 'project-status', 'data-status': status }, vocab('pstatus', status));
}

// The projects of one list (`query`: "org=<id>", "programme=<id>" or
// "region=<code>"), following `next`; `truncated` when more remain.
export async function loadProjects(query) {
  const projects = [];
  let from = null;
  for (;;) {
    const page = await getJSON(`/v1/projects?${query}&limit=${kPageProjects}${from === null ? '' : `&from=${enc(from)}`}`);
    projects.push(...(page.projects || []));
    from = page.next ?? null;
    if (from === null) return { projects, truncated: false };
    if (projects.length >= kMaxListedProjects) return { projects, truncated: true };
  }
}

function fenCell(kind, amount) {
  return h('td', { class: 'num', 'data-kind': kind, 'data-fen': toFen(amount).toString() }, formatYuan(amount));
}

// A table of project headers. With `org`, a column says whether that org
// applied for the project or decided on it; `region` false leaves out the
// region (a list of one region's projects).
export function projectsTable({ projects, truncated }, testid, { org = null, region = true } = {}) {
  if (projects.length === 0) return empty(t(org ? 'org.noprojects' : 'state.empty'));
  const headers = [t('project.name'), org && t('project.role'), t('common.status'), t('common.purpose'), region && t('project.region'),
    t('project.applicant'), t('project.approved'), t('project.paid')].filter(Boolean);
  const rows = projects.map((p) => h('tr', { 'data-project': p.id },
    h('td', { class: 'wrap' }, h('a', { href: `#/project/${enc(p.id)}` }, p.title)),
    org && h('td', {}, t(p.applicant === org ? 'project.role.applicant' : 'project.role.approver')),
    h('td', {}, projectStatusTag(p.status)), h('td', {}, vocab('purpose', p.purpose)), region && h('td', {}, p.region),
    h('td', {}, orgLink(p.applicant)), fenCell('approved', p.approved_fen), fenCell('paid', p.paid_fen)));
  return [table(headers, rows, testid),
    truncated && h('p', { class: 'banner banner-note', 'data-testid': 'projects-truncated' }, t('projects.truncated', { count: projects.length }))];
}

// The org page's projects: those it applied for and those it decided on.
export function projectsSection(orgId) {
  const box = section(t('org.projects'));
  box.dataset.testid = 'org-projects-section';
  return [box, () => fill(box, async () => projectsTable(await loadProjects(`org=${enc(orgId)}`), 'org-projects', { org: orgId }))];
}
