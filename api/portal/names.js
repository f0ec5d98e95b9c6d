// Orgs and funds by their names. An id the API gives becomes a link that
// reads as the org's or fund's registered name (GET /v1/orgs/{id},
// GET /v1/funds/{id}), with the id in its title and data attribute. A link
// shows the id until the name arrives (data-state pending → named), and
// keeps it if the name cannot be read (data-state id).

import { enc, getJSON } from './api.js';
import { h } from './dom.js';

// Names never change once registered, so one answer serves every page of a
// visit; the cache is bounded, and a failed read is not kept.
const kMaxCachedNames = 1000;
const cache = new Map();  // 'org:<id>' | 'fund:<id>' -> Promise<string | null>

function lookup(kind, id, path) {
  const key = `${kind}:${id}`;
  let name = cache.get(key);
  if (!name) {
    if (cache.size >= kMaxCachedNames) cache.clear();
    name = getJSON(path).then((x) => x.name || null, () => { cache.delete(key); return null; });
    cache.set(key, name);
  }
  return name;
}

export const orgName = (id) => lookup('org', id, `/v1/orgs/${enc(id)}`);
export const fundName = (id) => lookup('fund', id, `/v1/funds/${enc(id)}?lots_limit=1`);

// Keeps a name a page already read (an org's own answer, say), so that its
// links need not ask again.
export function rememberName(kind, id, name) {
  if (!name || cache.has(`${kind}:${id}`)) return;
  if (cache.size >= kMaxCachedNames) cache.clear();
  cache.set(`${kind}:${id}`, Promise.resolve(name));
}

function nameLink(kind, id, href, name, read) {
  const el = h('a', { href, class: 'named', title: id, 'data-testid': `${kind}-name`, [`data-${kind}`]: id, 'data-state': 'pending' }, id);
  const show = (found) => {
    if (found) el.textContent = found;
    el.dataset.state = found ? 'named' : 'id';
  };
  if (name) show(name);
  else read(id).then(show);
  return el;
}

// <a href="#/org/<id>">name</a>; `name` when the caller already has it.
export const orgLink = (id, name) => nameLink('org', id, `#/org/${enc(id)}`, name, orgName);
export const fundLink = (id, name) => nameLink('fund', id, `#/fund/${enc(id)}`, name, fundName);
