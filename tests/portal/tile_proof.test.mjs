// The portal's inclusion check from tiles (api/portal/tile_proof.js): the
// audit path it computes from tiles equals the API's, over an in-memory
// tree of 70,000 leaves (a full level-1 tile and partial ones above and
// below), and checkInclusionFromTiles settles as proof.js's checkInclusion
// does. Tiles and reference paths are built here with node's own SHA-256,
// from RFC 6962's definitions, not with the code under test.
//
//   node tests/portal/tile_proof.test.mjs               (in memory)
//   node tests/portal/tile_proof.test.mjs --url BASE    (also against a live ledgerd)
// Exit 1 on any failure.

import { createHash, webcrypto } from 'node:crypto';
import {
  checkInclusionFromTiles, inclusionPathFromTiles, tilePath, tileReader, tilesBase,
} from '../../api/portal/tile_proof.js';
import { bytesToHex } from '../../api/portal/proof.js';
import { check, report } from './checks.mjs';

// proof.js hashes with globalThis.crypto, a global in Node from 19 on only.
globalThis.crypto ??= webcrypto;

const sha = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const leafOf = (entry) => sha(Buffer.of(0), entry);
const node = (l, r) => sha(Buffer.of(1), l, r);
function split(n) { let k = 1; while (k * 2 < n) k *= 2; return k; }

// A tree of `count` events with every MTH memoised, for reference paths.
function referenceTree(count) {
  const events = Array.from({ length: count }, (_, i) => Buffer.from(`{"seq":${i},"note":"event ${i}"}`));
  const leaves = events.map(leafOf);
  const memo = new Map();
  const mth = (start, n) => {
    if (n === 1) return leaves[start];
    const key = `${start}/${n}`;
    if (!memo.has(key)) { const k = split(n); memo.set(key, node(mth(start, k), mth(start + k, n - k))); }
    return memo.get(key);
  };
  const path = (m, start, n) => {
    if (n === 1) return [];
    const k = split(n);
    return m < k ? [...path(m, start, k), mth(start + k, n - k)] : [...path(m - k, start + k, n - k), mth(start, k)];
  };
  return { events, leaves, mth, path };
}

// The tiles of the tree's first `size` leaves, as a server holds them:
// path -> bytes, only the widths that size implies (and full tiles).
function serveTiles(tree, size) {
  const files = new Map();
  for (let level = 0; Math.floor(size / 256 ** level) > 0; level++) {
    const count = Math.floor(size / 256 ** level);
    for (let index = 0; index * 256 < count; index++) {
      const width = Math.min(256, count - index * 256);
      const hashes = [];
      for (let i = 0; i < width; i++) hashes.push(tree.mth((index * 256 + i) * 256 ** level, 256 ** level));
      files.set(tilePath(level, index, width), Buffer.concat(hashes));
      if (level === 0) {
        const entries = tree.events.slice(index * 256, index * 256 + width)
          .map((e) => Buffer.concat([Buffer.from([e.length >> 8, e.length & 0xff]), e]));
        files.set(tilePath('entries', index, width), Buffer.concat(entries));
      }
    }
  }
  return files;
}

// `shown`: seq -> bytes the API serves instead of the tree's event.
function memoryIo(tree, size, files, shown = new Map()) {
  const note = `test.example/tiles\n${size}\n${tree.mth(0, size).toString('base64')}\n\n— test.example/tiles AAAA\n`;
  const missing = () => Object.assign(new Error('not found'), { status: 404 });
  return {
    text: async (p) => { if (p !== '/checkpoint') throw missing(); return note; },
    bytes: async (p) => {
      const raw = /^\/v1\/events\/(\d+)\/raw$/.exec(p);
      if (raw) { const e = shown.get(Number(raw[1])) ?? tree.events[Number(raw[1])]; if (!e) throw missing(); return new Uint8Array(e); }
      const f = files.get(p.replace(/^\//, '')); if (!f) throw missing(); return new Uint8Array(f);
    },
    json: async (p) => { const m = /^\/v1\/events\/(\d+)$/.exec(p); if (m && Number(m[1]) < tree.events.length) return {}; throw missing(); },
  };
}

function pathsAgree(got, want) {
  return got.length === want.length && got.every((h, i) => bytesToHex(h) === want[i].toString('hex'));
}

async function inMemory() {
  check(tilePath(0, 1234067, 256) === 'tile/0/x001/x234/067', 'tilePath of 1234067');
  check(tilePath('entries', 0, 17) === 'tile/entries/000.p/17', 'tilePath of a partial bundle');
  check(tilesBase('?tiles=/', null) === '', '?tiles=/ is the root');
  check(tilesBase('', '/tiles/') === '/tiles', 'a meta prefix');
  check(tilesBase('?lang=en', null) === null, 'no tiles: the API');
  for (const bad of ['//evil.example', 'https://cdn.example/x', 'tiles', '/a b']) {
    check(tilesBase(`?tiles=${encodeURIComponent(bad)}`, null) === null, `tiles=${bad} is refused`);
  }

  const tree = referenceTree(70_000);
  for (const size of [1, 2, 255, 256, 257, 65_536, 65_537, 70_000]) {
    const files = serveTiles(tree, size);
    const io = memoryIo(tree, size, files);
    const reader = tileReader(BigInt(size), io.bytes);
    for (const m of new Set([0, 1, 255, 256, Math.floor(size / 2), 65_535, size - 1].filter((m) => m >= 0 && m < size))) {
      const got = await inclusionPathFromTiles(reader, BigInt(m), 0n, BigInt(size));
      check(pathsAgree(got, tree.path(m, 0, size)), `path from tiles of seq ${m} in ${size} equals the reference`);
    }
  }

  const size = 70_000;
  const files = serveTiles(tree, size);
  for (const seq of [0, 65_535, 65_536, 69_999]) {
    const r = await checkInclusionFromTiles(seq, memoryIo(tree, size, files), '');
    check(r.state === 'verified' && r.size === BigInt(size), `seq ${seq} verified from tiles: ${r.state} ${r.why ?? ''}`);
  }
  const pending = await checkInclusionFromTiles(size, memoryIo(referenceTree(size + 1), size, files), '');
  check(pending.state === 'pending', `an event after the checkpoint is pending: ${pending.state}`);
  const missing = await checkInclusionFromTiles(size, memoryIo(tree, size, files), '');
  check(missing.state === 'failed' && missing.why === 'missing', 'an event beyond the log is missing');

  const tampered = new Map(files);
  const level1 = Buffer.from(files.get('tile/1/000'));
  level1[40] ^= 1;  // hash 1: the root of events 256-511, on seq 3's path
  tampered.set('tile/1/000', level1);
  const root = await checkInclusionFromTiles(3, memoryIo(tree, size, tampered), '');
  check(root.state === 'failed' && root.why === 'root', `a flipped byte in a level-1 tile fails on the root: ${root.state}`);
  const bundle = Buffer.from(files.get('tile/entries/000'));
  bundle[10] ^= 1;
  const leafTampered = new Map(files).set('tile/entries/000', bundle);
  const leaf = await checkInclusionFromTiles(0, memoryIo(tree, size, leafTampered), '');
  check(leaf.state === 'failed' && leaf.why === 'leaf', `a flipped byte in a bundle fails on the leaf: ${leaf.state}`);

  // The tiles are sound, but the API shows another event at that seq: the
  // proof is of the tiled event, not of the one shown.
  const other = Buffer.from(tree.events[7].toString().replace('event 7', 'event 8'));
  const shownDiffers = await checkInclusionFromTiles(7, memoryIo(tree, size, files, new Map([[7, other]])), '');
  check(shownDiffers.state === 'failed' && shownDiffers.why === 'event',
    `an event shown by the API that differs from the tiled one fails: ${shownDiffers.state} ${shownDiffers.why ?? ''}`);
  const shownSame = await checkInclusionFromTiles(7, memoryIo(tree, size, files, new Map([[7, Buffer.from(tree.events[7])]])), '');
  check(shownSame.state === 'verified', `the same bytes shown verify: ${shownSame.state}`);
}

// Against a live ledgerd: the path from its tiles equals /v1/proof/inclusion.
async function live(base) {
  const get = async (p) => {
    const r = await fetch(base + p);
    if (!r.ok) throw Object.assign(new Error(`${p}: ${r.status}`), { status: r.status });
    return r;
  };
  const io = {
    text: async (p) => (await get(p)).text(),
    bytes: async (p) => new Uint8Array(await (await get(p)).arrayBuffer()),
    json: async (p) => (await get(p)).json(),
  };
  const size = BigInt((await io.text('/checkpoint')).split('\n')[1]);
  const reader = tileReader(size, (p) => io.bytes(`/${p}`));
  for (const seq of new Set([0n, size / 2n, size - 1n])) {
    const api = await io.json(`/v1/proof/inclusion?seq=${seq}&size=${size}`);
    const got = await inclusionPathFromTiles(reader, seq, 0n, size);
    check(JSON.stringify(got.map(bytesToHex)) === JSON.stringify(api.hashes), `live: path of seq ${seq} in ${size} equals the API's`);
    const r = await checkInclusionFromTiles(seq, io, '');
    check(r.state === 'verified', `live: seq ${seq} verified from tiles: ${r.state} ${r.why ?? ''}`);
  }
}

await inMemory();
const at = process.argv.indexOf('--url');
if (at > 0) await live(process.argv[at + 1].replace(/\/+$/, ''));
report('tile_proof');
