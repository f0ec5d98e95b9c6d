// The portal's shell: header, language switch, nav bar and the hash router.
// Routes are shareable links: #/, #/receipt/<r>, #/fiscal/<code>/<number>,
// #/disbursement/<seq>, #/fund/<id>, #/org/<id>, #/campaign/<id>, #/project/<id>, #/lottery,
// #/honour[/<from>], #/log[/<seq>].

import { clear, h } from './dom.js';
import { htmlLang, initLang, lang, setLang, t } from './i18n.js';
import { campaignPage } from './page_campaign.js';
import { fundPage } from './page_fund.js';
import { orgPage } from './page_org.js';
import { projectPage } from './page_project.js';
import { homePage, logPage } from './page_home.js';
import { disbursementPage, receiptPage } from './page_receipt.js';
import { honourPage, lotteryPage } from './page_stats.js';
import { fiscalPage } from './receipt_record.js';

const ROUTES = [
  [/^$/, (root) => homePage(root)],
  [/^receipt\/(.+)$/, (root, m) => receiptPage(root, m[1])],
  [/^fiscal\/(\d{1,20})\/(\d{1,20})$/, (root, m) => fiscalPage(root, m[1], m[2])],
  [/^disbursement\/(\d+)$/, (root, m) => disbursementPage(root, m[1])],
  [/^fund\/(.+)$/, (root, m) => fundPage(root, m[1])],
  [/^org\/(.+)$/, (root, m) => orgPage(root, m[1])],
  [/^campaign\/(.+)$/, (root, m) => campaignPage(root, m[1])],
  [/^project\/(.+)$/, (root, m) => projectPage(root, m[1])],
  [/^lottery$/, (root) => lotteryPage(root)],
  [/^honour(?:\/(\d+))?$/, (root, m) => honourPage(root, m[1])],
  [/^log(?:\/(\d+))?$/, (root, m) => logPage(root, m[1])],
];

const NAV = [['#/', 'nav.home', ''], ['#/lottery', 'nav.lottery', 'lottery'], ['#/honour', 'nav.honour', 'honour'], ['#/log', 'nav.log', 'log']];

function currentPath() {
  const raw = location.hash.replace(/^#\/?/, '');
  try { return decodeURIComponent(raw); } catch { return raw; }
}

function renderShell() {
  document.documentElement.lang = htmlLang();
  document.title = t('site.title');
  const next = lang() === 'zh' ? 'en' : 'zh';
  const header = h('header', { class: 'site-header' },
    h('div', { class: 'header-row' },
      h('h1', {}, h('a', { href: '#/' }, t('site.title'))),
      h('button', { type: 'button', class: 'lang', 'data-testid': 'lang-switch', lang: next === 'en' ? 'en' : 'zh-CN',
        'aria-label': t('lang.switch.label'), onclick: () => switchLang(next) }, t('lang.switch'))),
    h('nav', { class: 'site-nav', 'aria-label': t('nav.label') },
      h('ul', {}, NAV.map(([href, key, section]) => h('li', {}, h('a', { href, 'data-nav': section }, t(key)))))));
  const main = h('main', { id: 'main', tabindex: '-1' });
  const footer = h('footer', { class: 'site-footer' }, h('p', {}, t('site.tagline')));
  clear(document.getElementById('app'), header, main, footer);
}

function switchLang(next) {
  setLang(next);
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    history.replaceState(null, '', url);
  }
  renderShell();
  route();
}

// Each navigation renders into a fresh <main>, so a slow answer for a page
// left behind writes into a detached element and never over the new page.
function route() {
  const path = currentPath();
  const old = document.getElementById('main');
  const main = h('main', { id: 'main', tabindex: '-1' });
  old.replaceWith(main);
  const section = path.split('/')[0];
  for (const a of document.querySelectorAll('.site-nav a')) {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [pattern, render] of ROUTES) {
    const m = path.match(pattern);
    if (m) {
      render(main, m).catch((err) => main.append(h('p', { class: 'state state-error', role: 'alert' }, t('state.error', { detail: err.message }))));
      return;
    }
  }
  main.append(h('p', { class: 'state state-empty', 'data-testid': 'notfound' }, t('state.notfound')));
}

initLang(location.search);
renderShell();
route();
window.addEventListener('hashchange', () => {
  route();
  window.scrollTo(0, 0);
});
