// An independent verifier of a C2SP tlog-tiles tree, served over HTTP or
// stored as static files. It uses no welfare-ledger code: only node's
// crypto, fs and fetch, and the algorithms of RFC 6962 and the C2SP
// tlog-tiles, tlog-checkpoint and signed-note specs.
//
//   node verify_tiles.mjs --key VERIFIER_KEY (--url BASE | --dir DIR) [--proof-seq N]
//
// It verifies /checkpoint's Ed25519 signature with the verifier key
// (<name>+<hash>+<base64(0x01 || public key)>, as GET /v1/log/key serves
// it); fetches every tile and entry bundle the checkpoint's size requires;
// checks each entry hashes to its level-0 tile hash, each hash of a level
// k tile equals the MTH of the full tile below, and the checkpoint's root
// equals the root recomputed from the tiles. With --url it also computes
// an inclusion proof from the tiles and compares it with
// /v1/proof/inclusion. Exit 0: all verified; 1: the first mismatch,
// named on stderr; 2: usage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const TILE_WIDTH = 256n;
const HASH_BYTES = 32;

class Mismatch extends Error {}

function fail(message) { throw new Mismatch(message); }

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!['--key', '--url', '--dir', '--proof-seq'].includes(name) || i + 1 >= argv.length) return null;
    args[name.slice(2)] = argv[i + 1];
  }
  if (!args.key || (!args.url === !args.dir)) return null;
  return args;
}

function sha256(...parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}
const leafHash = (entry) => sha256(Buffer.from([0]), entry);
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);

// Reads a resource below the log's prefix, from the server or the directory.
function makeSource(args) {
  if (args.dir) {
    return async (rel) => {
      const file = path.join(args.dir, ...rel.split('/'));
      if (!fs.existsSync(file)) fail(`${rel}: missing from ${args.dir}`);
      return fs.readFileSync(file);
    };
  }
  const base = args.url.replace(/\/+$/, '');
  return async (rel, contentType) => {
    const response = await fetch(`${base}/${rel}`);
    if (response.status !== 200) fail(`${rel}: HTTP ${response.status}`);
    const type = response.headers.get('content-type');
    if (contentType && type !== contentType) fail(`${rel}: Content-Type ${type}, expected ${contentType}`);
    return Buffer.from(await response.arrayBuffer());
  };
}

function parseVerifierKey(text) {
  // The name holds no '+'; the base64 key may.
  const match = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) fail('verifier key: malformed');
  const [, name, hashHex, keyB64] = match;
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 33 || key[0] !== 1) fail('verifier key: not an Ed25519 key');
  const publicKey = key.subarray(1);
  const keyHash = sha256(Buffer.from(name + '\n'), Buffer.from([1]), publicKey).subarray(0, 4);
  if (keyHash.toString('hex') !== hashHex) fail('verifier key: its hash does not match its key');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return { name, keyHash, key: crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
}

// Verifies the note's signature by `verifier`; returns {origin, size, root}.
function verifyCheckpoint(note, verifier) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) fail('checkpoint: not a signed note');
  const body = note.slice(0, split + 1);
  const signatures = note.slice(split + 2, -1).split('\n');
  let verified = false;
  for (const line of signatures) {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match) fail(`checkpoint: bad signature line ${JSON.stringify(line)}`);
    const sig = Buffer.from(match[2], 'base64');
    if (match[1] !== verifier.name || !sig.subarray(0, 4).equals(verifier.keyHash)) continue;
    if (sig.length !== 68 || !crypto.verify(null, Buffer.from(body), verifier.key, sig.subarray(4)))
      fail('checkpoint: the log signature does not verify');
    verified = true;
  }
  if (!verified) fail('checkpoint: no signature by the verifier key');
  const lines = body.split('\n');
  if (lines.length !== 4 || lines[3] !== '') fail('checkpoint: body is not three lines');
  if (lines[0] !== verifier.name) fail(`checkpoint: origin ${lines[0]} is not the key's ${verifier.name}`);
  if (!/^(0|[1-9][0-9]*)$/.test(lines[1])) fail('checkpoint: bad size');
  const root = Buffer.from(lines[2], 'base64');
  if (root.length !== HASH_BYTES) fail('checkpoint: bad root');
  return { size: BigInt(lines[1]), root };
}

// "tile/<L>/<N>[.p/<W>]", N as 3-digit elements, all but the last with 'x'.
function tilePath(level, index, width) {
  let digits = index.toString();
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const elements = digits.match(/.{3}/g);
  const n = elements.map((e, i) => (i < elements.length - 1 ? 'x' + e : e)).join('/');
  return `tile/${level}/${n}` + (width < TILE_WIDTH ? `.p/${width}` : '');
}

function splitHashes(bytes, width, rel) {
  if (bytes.length !== Number(width) * HASH_BYTES)
    fail(`${rel}: ${bytes.length} bytes, expected ${Number(width) * HASH_BYTES}`);
  const hashes = [];
  for (let i = 0; i < bytes.length; i += HASH_BYTES) hashes.push(bytes.subarray(i, i + HASH_BYTES));
  return hashes;
}

function splitBundle(bytes, width, rel) {
  const entries = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) fail(`${rel}: truncated length at byte ${at}`);
    const length = bytes.readUInt16BE(at);
    if (at + 2 + length > bytes.length) fail(`${rel}: entry ${entries.length} is truncated`);
    entries.push(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (BigInt(entries.length) !== width) fail(`${rel}: ${entries.length} entries, expected ${width}`);
  return entries;
}

// MTH of a power-of-two count of hashes (a full tile: 256).
function perfectRoot(hashes) {
  let level = hashes;
  while (level.length > 1) {
    const up = [];
    for (let i = 0; i < level.length; i += 2) up.push(nodeHash(level[i], level[i + 1]));
    level = up;
  }
  return level[0];
}

// Every hash the tiles of a tree of `size` hold, level by level, checked
// against the bundles and the level below. levels[L][i] = MTH of
// D[i*256^L : (i+1)*256^L].
async function readTree(source, size) {
  const levels = [];
  for (let level = 0n; size >> (8n * level) > 0n; level++) {
    const count = size >> (8n * level);
    const hashes = [];
    for (let index = 0n; index * TILE_WIDTH < count; index++) {
      const width = count - index * TILE_WIDTH < TILE_WIDTH ? count - index * TILE_WIDTH : TILE_WIDTH;
      const rel = tilePath(level, index, width);
      const tile = splitHashes(await source(rel, 'application/octet-stream'), width, rel);
      for (let i = 0; i < tile.length; i++) {
        const at = index * TILE_WIDTH + BigInt(i);
        if (level > 0n) {
          const below = levels[Number(level) - 1].slice(Number(at * TILE_WIDTH), Number((at + 1n) * TILE_WIDTH));
          if (!perfectRoot(below).equals(tile[i]))
            fail(`${rel}: hash ${i} is not the MTH of the full tile below it`);
        }
        hashes.push(tile[i]);
      }
      if (level === 0n) {
        const bundleRel = rel.replace(/^tile\/0\//, 'tile/entries/');
        const entries = splitBundle(await source(bundleRel, 'application/octet-stream'), width, bundleRel);
        entries.forEach((entry, i) => {
          if (!leafHash(entry).equals(tile[i]))
            fail(`${bundleRel}: entry ${i} (seq ${index * TILE_WIDTH + BigInt(i)}) does not hash to ${rel}'s hash ${i}`);
        });
      }
    }
    levels.push(hashes);
  }
  return levels;
}

// MTH(D[start : start + n]) from the tiles' hashes: an aligned subtree of
// 256^L leaves is read from level L, anything else split per RFC 6962.
function subtreeHash(levels, start, n) {
  for (let level = levels.length - 1; level >= 0; level--) {
    const span = 1n << (8n * BigInt(level));
    if (n === span && start % span === 0n) return levels[level][Number(start / span)];
  }
  let k = 1n;
  while (k * 2n < n) k *= 2n;
  return nodeHash(subtreeHash(levels, start, k), subtreeHash(levels, start + k, n - k));
}

// RFC 6962 §2.1.1 PATH(m, D[start : start + n]).
function inclusionPath(levels, m, start, n) {
  if (n === 1n) return [];
  let k = 1n;
  while (k * 2n < n) k *= 2n;
  if (m < k) return [...inclusionPath(levels, m, start, k), subtreeHash(levels, start + k, n - k)];
  return [...inclusionPath(levels, m - k, start + k, n - k), subtreeHash(levels, start, k)];
}

async function checkInclusion(args, levels, size, root, seq) {
  const base = args.url.replace(/\/+$/, '');
  const response = await fetch(`${base}/v1/proof/inclusion?seq=${seq}&size=${size}`);
  if (response.status !== 200) fail(`/v1/proof/inclusion: HTTP ${response.status}`);
  const api = await response.json();
  const fromTiles = inclusionPath(levels, seq, 0n, size).map((h) => h.toString('hex'));
  if (api.root !== root.toString('hex')) fail('/v1/proof/inclusion: its root is not the checkpoint\'s');
  if (api.leaf_hash !== levels[0][Number(seq)].toString('hex'))
    fail(`/v1/proof/inclusion: leaf hash of seq ${seq} differs from the level-0 tile's`);
  if (JSON.stringify(api.hashes) !== JSON.stringify(fromTiles))
    fail(`/v1/proof/inclusion: the proof for seq ${seq} differs from the one computed from tiles`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error('usage: verify_tiles.mjs --key VERIFIER_KEY (--url BASE | --dir DIR) [--proof-seq N]');
    return 2;
  }
  try {
    const source = makeSource(args);
    const verifier = parseVerifierKey(args.key);
    const note = (await source('checkpoint', 'text/plain; charset=utf-8')).toString('utf8');
    const { size, root } = verifyCheckpoint(note, verifier);
    const levels = await readTree(source, size);
    const computed = size === 0n ? sha256() : subtreeHash(levels, 0n, size);
    if (!computed.equals(root)) fail(`checkpoint: root of size ${size} differs from the tiles' root`);
    if (args.url && size > 0n) {
      const seq = args['proof-seq'] !== undefined ? BigInt(args['proof-seq']) : size / 3n;
      await checkInclusion(args, levels, size, root, seq);
    }
    console.log(`verified: size ${size}, root ${root.toString('hex')}, ${levels.length} levels`);
    return 0;
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    console.error(`mismatch: ${e.message}`);
    return 1;
  }
}

process.exitCode = await main();
