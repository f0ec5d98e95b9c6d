// The portal's inclusion check from C2SP tlog-tiles (docs/checkpoints.md,
// "Tiles"): the checkpoint, the event's entry bundle and the few hash tiles
// its audit path needs, with the path computed here (RFC 6962 §2.1) and
// verified against the checkpoint's root with proof.js. Nothing the tiles
// say is trusted but through that root. Pure but for the fetchers passed in.

import { equalBytes, leafHash, nodeHash, parseCheckpoint, verifyInclusion } from './proof.js';

const WIDTH = 256n;
const HASH_BYTES = 32;
const MAX_LEVEL = 7;  // a 2^64 tree fills levels 0 to 7

// 'tile/<L>/<N>[.p/<W>]', N in 3-digit elements, all but the last with 'x'.
export function tilePath(level, index, width) {
  let digits = BigInt(index).toString();
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const elements = digits.match(/.{3}/g);
  const n = elements.map((e, i) => (i < elements.length - 1 ? `x${e}` : e)).join('/');
  return `tile/${level}/${n}${BigInt(width) < WIDTH ? `.p/${width}` : ''}`;
}

function split(n) { let k = 1n; while (k * 2n < n) k *= 2n; return k; }

// Hashes and entries of the tree of `size`, each tile fetched once, at the
// width that size implies. fetchBytes(path) resolves to a Uint8Array.
export function tileReader(size, fetchBytes) {
  const tiles = new Map();
  const widthOf = (level, index) => {
    const count = size >> (8n * BigInt(level));
    if (index < count / WIDTH) return WIDTH;
    return index === count / WIDTH ? count % WIDTH : 0n;
  };
  const tile = (level, index) => {
    const key = `${level}/${index}`;
    if (!tiles.has(key)) {
      tiles.set(key, (async () => {
        const width = widthOf(level === 'entries' ? 0 : level, index);
        if (width === 0n) throw new Error(`tile ${key} is beyond the checkpoint`);
        const bytes = await fetchBytes(tilePath(level, index, width));
        return { width, bytes };
      })());
    }
    return tiles.get(key);
  };
  return {
    async hash(level, i) {
      const { width, bytes } = await tile(level, i / WIDTH);
      if (bytes.length !== Number(width) * HASH_BYTES) throw new Error(`tile ${level}/${i / WIDTH} has ${bytes.length} bytes`);
      const at = Number(i % WIDTH) * HASH_BYTES;
      return bytes.subarray(at, at + HASH_BYTES);
    },
    // The event at `seq`: its bundle's entries are uint16 big-endian lengths and bytes.
    async entry(seq) {
      const { bytes } = await tile('entries', seq / WIDTH);
      let at = 0;
      for (let i = 0n; at + 2 <= bytes.length; i++) {
        const length = (bytes[at] << 8) | bytes[at + 1];
        if (at + 2 + length > bytes.length) break;
        if (i === seq % WIDTH) return bytes.subarray(at + 2, at + 2 + length);
        at += 2 + length;
      }
      throw new Error(`entry bundle of event ${seq} is truncated`);
    },
  };
}

// MTH(D[start : start + n]) from the tiles: an aligned run of 256^L
// leaves is one hash of a level-L tile; anything else is split per RFC 6962.
export async function subtreeHash(reader, start, n) {
  for (let level = MAX_LEVEL; level >= 0; level--) {
    const span = 1n << (8n * BigInt(level));
    if (n === span && start % span === 0n) return reader.hash(level, start / span);
  }
  const k = split(n);
  return nodeHash(await subtreeHash(reader, start, k), await subtreeHash(reader, start + k, n - k));
}

// RFC 6962 §2.1.1 PATH(m, D[start : start + n]), leaf to root.
export async function inclusionPathFromTiles(reader, m, start, n) {
  if (n <= 1n) return [];
  const k = split(n);
  if (m < k) return [...await inclusionPathFromTiles(reader, m, start, k), await subtreeHash(reader, start + k, n - k)];
  return [...await inclusionPathFromTiles(reader, m - k, start + k, n - k), await subtreeHash(reader, start, k)];
}

// As proof.js's checkInclusion, from the tiles under `base` ('' for the
// server's root, or a path such as '/tiles'): same results. io supplies
// text(path), bytes(path) and json(path) (json only for an event newer than
// the checkpoint, asked of the API to tell pending from missing). The
// event's bytes as the API serves them (/v1/events/{seq}/raw, what the page
// shows) must hash to the level-0 tile's hash, else it fails with why
// 'event': the tiles would prove another event than the one shown.
export async function checkInclusionFromTiles(seq, io, base) {
  const target = BigInt(seq);
  let cp;
  try {
    cp = parseCheckpoint(await io.text(`${base}/checkpoint`));
  } catch (e) {
    if (e && e.status) throw e;
    return { state: 'failed', seq: target, size: null, why: 'checkpoint' };
  }
  const result = { seq: target, size: cp.size };
  if (target >= cp.size) {
    try {
      await io.json(`/v1/events/${target}`);
    } catch (e) {
      if (e && e.status === 404) return { ...result, state: 'failed', why: 'missing' };
      throw e;
    }
    return { ...result, state: 'pending' };
  }
  const reader = tileReader(cp.size, (path) => io.bytes(`${base}/${path}`));
  // The event the page shows comes from the API, the proof from the tiles:
  // only when the API's bytes hash to the tiled leaf does the proof speak
  // of the shown event.
  const [entry, shown] = await Promise.all([reader.entry(target), io.bytes(`/v1/events/${target}/raw`)]);
  const leaf = await leafHash(entry);
  const tiled = await reader.hash(0, target);
  if (!equalBytes(leaf, tiled)) return { ...result, state: 'failed', why: 'leaf' };
  if (!equalBytes(await leafHash(shown), tiled)) return { ...result, state: 'failed', why: 'event' };
  const path = await inclusionPathFromTiles(reader, target, 0n, cp.size);
  const ok = await verifyInclusion(target, cp.size, leaf, path, cp.root);
  return ok ? { ...result, state: 'verified' } : { ...result, state: 'failed', why: 'root' };
}

// The tiles prefix the proof check reads: the page's `?tiles=` parameter,
// else <meta name="ledger-tiles" content="...">, else null (the API, as by
// default). Only a same-origin path is taken ('/', '/tiles'), as the
// portal's Content-Security-Policy allows no other; '/' means the root.
export function tilesBase(search, meta) {
  const value = new URLSearchParams(search || '').get('tiles') ?? meta ?? null;
  if (typeof value !== 'string' || !/^\/(?!\/)[A-Za-z0-9._~\/-]*$/.test(value)) return null;
  return value.replace(/\/+$/, '');
}
