// The portal's RFC 9162 inclusion check (api/portal/proof.js) against the
// RFC 6962 reference tree and the transparency-dev inclusion proof cases in
// tests/vectors/rfc6962, plus checkInclusion end to end over an in-memory
// ledger, and the portal's fen formatting.
//
//   node tests/portal/proof_vectors.test.mjs     (exit 1 on any failure)

import { webcrypto } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  base64ToBytes, bytesToHex, checkInclusion, hexToBytes, leafHash, nodeHash,
  parseCheckpoint, rootFromInclusionProof, verifyInclusion,
} from '../../api/portal/proof.js';
import { formatYuan, percent } from '../../api/portal/money.js';
import { check, report } from './checks.mjs';

// proof.js hashes with the browser's globalThis.crypto, which Node has as a
// global only from 19 on; Node 18 (Debian 12's) has it as node:crypto's.
globalThis.crypto ??= webcrypto;

const here = dirname(fileURLToPath(import.meta.url));
const vectors = join(here, '..', 'vectors', 'rfc6962');
function b64(text) {
  try { return base64ToBytes(text); } catch { return new Uint8Array(0); }
}

// RFC 9162 §2.1.1 MTH and §2.1.3.1 PATH, written straight from the RFC's
// recursive definitions, to make proofs for every (index, size) of the tree.
function split(n) { let k = 1; while (k * 2 < n) k *= 2; return k; }
async function mth(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}
async function path(m, leaves) {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  if (m < k) return [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))];
  return [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}

async function referenceTree() {
  const tree = JSON.parse(readFileSync(join(vectors, 'tree.json'), 'utf8'));
  const leaves = [];
  for (const [i, input] of tree.leaf_inputs.entries()) {
    const h = await leafHash(hexToBytes(input));
    check(bytesToHex(h) === tree.node_hashes_by_level[0][i], `leaf hash ${i}`);
    leaves.push(h);
  }
  for (let n = 1; n <= leaves.length; n++) {
    const root = hexToBytes(tree.roots_by_size[n]);
    check(bytesToHex(await mth(leaves.slice(0, n))) === tree.roots_by_size[n], `MTH of size ${n}`);
    for (let m = 0; m < n; m++) {
      const p = await path(m, leaves.slice(0, n));
      const got = await rootFromInclusionProof(m, n, leaves[m], p);
      check(bytesToHex(got) === tree.roots_by_size[n], `root from path m=${m} n=${n}`);
      check(await verifyInclusion(m, n, leaves[m], p, root), `verify m=${m} n=${n}`);
      const other = leaves[(m + 1) % n];
      if (n > 1) check(!(await verifyInclusion(m, n, other, p, root)), `wrong leaf m=${m} n=${n}`);
      if (p.length > 0) check(!(await verifyInclusion(m, n, leaves[m], p.slice(1), root)), `short path m=${m} n=${n}`);
      check(!(await verifyInclusion(m, n, leaves[m], [...p, root], root)), `long path m=${m} n=${n}`);
    }
  }
  return { tree, leaves };
}

function caseFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...caseFiles(full));
    else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}

// leafIdx and treeSize may be 2^64−1: read them from the text, not as doubles.
function bigField(text, name) {
  const m = text.match(new RegExp(`"${name}"\\s*:\\s*(\\d+)`));
  return BigInt(m[1]);
}

async function inclusionCases() {
  let happy = 0;
  let corrupt = 0;
  for (const file of caseFiles(join(vectors, 'inclusion'))) {
    const text = readFileSync(file, 'utf8');
    const c = JSON.parse(text);
    const ok = await verifyInclusion(bigField(text, 'leafIdx'), bigField(text, 'treeSize'),
      b64(c.leafHash), (c.proof || []).map(b64), b64(c.root));
    check(ok === !c.wantErr, `${file.slice(vectors.length + 1)}: want ${c.wantErr ? 'error' : 'ok'}`);
    if (c.wantErr) corrupt++; else happy++;
  }
  check(happy >= 5 && corrupt >= 50, `inclusion cases found (${happy} happy, ${corrupt} corrupt)`);
}

// A ledger of the reference tree's 8 leaves as "events", served from memory.
async function endToEnd(tree, leaves) {
  const events = tree.leaf_inputs.map(hexToBytes);
  const note = (size) =>
    `ledger.example.org/test\n${size}\n${Buffer.from(hexToBytes(tree.roots_by_size[size])).toString('base64')}\n\n— ledger.example.org/test AAAA\n`;
  const io = (size, tamper = {}) => ({
    text: async () => tamper.note ?? note(size),
    bytes: async (p) => {
      const seq = Number(p.match(/events\/(\d+)\/raw/)[1]);
      return tamper.raw && seq === tamper.raw ? Uint8Array.of(0x99) : events[seq];
    },
    json: async (p) => {
      const event = p.match(/^\/v1\/events\/(\d+)$/);
      if (event) {
        if (Number(event[1]) < events.length) return {};
        throw Object.assign(new Error('not found'), { status: 404 });
      }
      const seq = Number(p.match(/seq=(\d+)/)[1]);
      const n = Number(p.match(/size=(\d+)/)[1]);
      const hashes = (await path(seq, leaves.slice(0, n))).map(bytesToHex);
      if (tamper.path) hashes[0] = '00'.repeat(32);
      return { seq, tree_size: tamper.size ?? n, leaf_hash: bytesToHex(leaves[seq]), root: '', hashes };
    },
  });
  for (let seq = 0; seq < 7; seq++) {
    const r = await checkInclusion(seq, io(7));
    check(r.state === 'verified' && r.size === 7n, `checkInclusion seq ${seq} of 7: ${r.state}`);
  }
  check((await checkInclusion(7, io(7))).state === 'pending', 'seq beyond the checkpoint is pending');
  const missing = await checkInclusion(8, io(7));
  check(missing.state === 'failed' && missing.why === 'missing', 'seq beyond the log fails as missing');
  const raw = await checkInclusion(3, io(7, { raw: 3 }));
  check(raw.state === 'failed' && raw.why === 'leaf', 'tampered raw bytes fail on the leaf hash');
  const bad = await checkInclusion(4, io(7, { path: true }));
  check(bad.state === 'failed' && bad.why === 'root', 'tampered path fails on the root');
  const size = await checkInclusion(4, io(7, { size: 8 }));
  check(size.state === 'failed' && size.why === 'size', 'proof for another size fails');
  const garbled = await checkInclusion(1, io(7, { note: 'not a checkpoint' }));
  check(garbled.state === 'failed' && garbled.why === 'checkpoint', 'unparsable checkpoint fails');
  const cp = parseCheckpoint(note(5));
  check(cp.size === 5n && bytesToHex(cp.root) === tree.roots_by_size[5], 'parseCheckpoint');
}

function money() {
  const cases = [[0, '¥0.00'], [5, '¥0.05'], [100, '¥1.00'], [1234567, '¥12,345.67'],
    [100000000, '¥1,000,000.00'], [-250, '-¥2.50'],
    [9007199254740991, '¥90,071,992,547,409.91'], ['123456789012345678901', '¥1,234,567,890,123,456,789.01']];
  for (const [fen, want] of cases) check(formatYuan(fen) === want, `formatYuan(${fen}) = ${formatYuan(fen)}, want ${want}`);
  check(percent(6999, 10000) === '69.99%', 'percent rounds down');
  check(percent(1, 3) === '33.33%', 'percent 1/3');
  check(percent(5, 0) === null, 'percent of zero is null');
  check(percent(25000000, 85000000, true) === '29.42%', 'percent rounds up for an at-most limit');
  check(percent(13, 100, true) === '13.00%' && percent(1, 3, true) === '33.34%', 'percent up, exact and not');
  let threw = false;
  try { formatYuan(0.1); } catch { threw = true; }
  check(threw, 'formatYuan refuses a non-integer');
}

const { tree, leaves } = await referenceTree();
await inclusionCases();
await endToEnd(tree, leaves);
money();
report('proof_vectors');
