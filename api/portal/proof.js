// RFC 9162 inclusion verification with WebCrypto (browser and node alike).
// The pure parts (hashing, the root from an audit path, parsing a checkpoint)
// are exported for tests; checkInclusion ties them to the API through
// fetchers passed in, so it holds no network code of its own.

const subtle = () => globalThis.crypto.subtle;

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new Error('bad hex');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new Error('bad base64');
  }
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function sha256(...parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { buf.set(p, at); at += p.length; }
  return new Uint8Array(await subtle().digest('SHA-256', buf));
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

// SHA-256(0x00 ‖ leaf bytes)
export function leafHash(bytes) { return sha256(LEAF, bytes); }
// SHA-256(0x01 ‖ left ‖ right)
export function nodeHash(left, right) { return sha256(NODE, left, right); }

// RFC 9162 §2.1.3.2: the root implied by an audit path, or an Error when the
// path cannot belong to a tree of that size (wrong length, index ≥ size).
// index and size may be numbers, decimal strings or BigInts.
export async function rootFromInclusionProof(index, size, leaf, path) {
  const fnStart = BigInt(index);
  const snStart = BigInt(size) - 1n;
  if (BigInt(size) <= 0n || fnStart > snStart) throw new Error('index beyond tree');
  if (leaf.length !== 32) throw new Error('leaf hash is not 32 bytes');
  let fn = fnStart;
  let sn = snStart;
  let r = leaf;
  for (const p of path) {
    if (p.length !== 32) throw new Error('path hash is not 32 bytes');
    if (sn === 0n) throw new Error('path too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('path too short');
  return r;
}

// true when the path proves leaf at index in the tree of size with root.
export async function verifyInclusion(index, size, leaf, path, root) {
  try {
    const computed = await rootFromInclusionProof(index, size, leaf, path);
    return equalBytes(computed, root);
  } catch {
    return false;
  }
}

// A C2SP checkpoint note: origin, size, base64 root, then a blank line and
// signature lines. Returns {origin, size (BigInt), root (bytes)} or throws.
export function parseCheckpoint(text) {
  const lines = String(text).split('\n');
  if (lines.length < 3 || !/^(0|[1-9]\d*)$/.test(lines[1])) throw new Error('bad checkpoint');
  const root = base64ToBytes(lines[2]);
  if (root.length !== 32) throw new Error('bad checkpoint root');
  return { origin: lines[0], size: BigInt(lines[1]), root };
}

// Checks that event seq is in the latest checkpoint. io supplies
// text(path), bytes(path) and json(path), each rejecting on an HTTP error.
// Resolves to {state: 'verified'|'pending'|'failed', seq, size, why?}.
export async function checkInclusion(seq, io) {
  const target = BigInt(seq);
  let cp;
  try {
    cp = parseCheckpoint(await io.text('/v1/checkpoint'));
  } catch (e) {
    if (e && e.status) throw e;
    return { state: 'failed', seq: target, size: null, why: 'checkpoint' };
  }
  const base = { seq: target, size: cp.size };
  if (target >= cp.size) {
    // Newer than the checkpoint: pending if the event exists at all.
    try {
      await io.json(`/v1/events/${target}`);
    } catch (e) {
      if (e && e.status === 404) return { ...base, state: 'failed', why: 'missing' };
      throw e;
    }
    return { ...base, state: 'pending' };
  }
  const [raw, proof] = await Promise.all([
    io.bytes(`/v1/events/${target}/raw`),
    io.json(`/v1/proof/inclusion?seq=${target}&size=${cp.size}`),
  ]);
  const leaf = await leafHash(raw);
  if (bytesToHex(leaf) !== String(proof.leaf_hash).toLowerCase()) return { ...base, state: 'failed', why: 'leaf' };
  if (BigInt(proof.tree_size) !== cp.size) return { ...base, state: 'failed', why: 'size' };
  let path;
  try {
    path = proof.hashes.map(hexToBytes);
  } catch {
    return { ...base, state: 'failed', why: 'path' };
  }
  const ok = await verifyInclusion(target, cp.size, leaf, path, cp.root);
  return ok ? { ...base, state: 'verified' } : { ...base, state: 'failed', why: 'root' };
}
