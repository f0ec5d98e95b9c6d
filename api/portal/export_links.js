// Download buttons for an org's exports (export_url.js): CSV and XLSX of
// its donations, flows, disbursements and grants — on the fund page, only
// the rows touching that fund — over an optional range of days, and the
// grants as 360Giving JSON on the org page. Plain links with `download`:
// the browser saves what ledgerd sends (Content-Disposition).

import { h, section } from './dom.js';
import { t } from './i18n.js';
import { EXPORT_FORMATS, EXPORT_WHATS, exportURL } from './export_url.js';

function link(what, format) {
  return h('a', { class: 'button secondary', download: '', 'data-testid': `export-${what}-${format}`,
    'data-what': what, 'data-format': format }, t(`export.format.${format}`));
}

// The section; `fund` limits it to one fund of `org`.
export function exportSection(org, fund) {
  const from = h('input', { type: 'date', 'data-testid': 'export-from', 'aria-label': t('export.from') });
  const to = h('input', { type: 'date', 'data-testid': 'export-to', 'aria-label': t('export.to') });
  const links = [];
  const rows = EXPORT_WHATS.map((what) => {
    const formats = fund || what !== 'grants' ? EXPORT_FORMATS : [...EXPORT_FORMATS, 'json'];
    const row = formats.map((format) => {
      const a = link(what, format);
      links.push(a);
      return a;
    });
    return h('li', { 'data-testid': `export-${what}` }, h('span', { class: 'export-what' }, t(`export.what.${what}`)), ' ', row);
  });
  const update = () => {
    for (const a of links) {
      a.href = exportURL({ org, fund, what: a.dataset.what, format: a.dataset.format, from: from.value, to: to.value });
    }
  };
  from.addEventListener('change', update);
  to.addEventListener('change', update);
  update();
  const box = section(t('export.title'),
    h('p', { class: 'note' }, t(fund ? 'export.note.fund' : 'export.note.org')),
    h('p', {}, h('label', {}, t('export.from'), ' ', from), ' ', h('label', {}, t('export.to'), ' ', to)),
    h('ul', { class: 'export-links' }, rows));
  box.dataset.testid = 'export';
  return box;
}
