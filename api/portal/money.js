// Money is integer fen end to end. JSON integers up to 2^53−1 parse exactly;
// everything after that is BigInt, so no amount is ever rounded.

export function toFen(value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`not an amount in fen: ${value}`);
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// 1234567 fen -> "¥12,345.67"; -5 fen -> "-¥0.05".
export function formatYuan(fen) {
  const n = toFen(fen);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const yuan = groupThousands((abs / 100n).toString());
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}¥${yuan}.${cents}`;
}

// part / whole (fen, whole >= 0) as "12.34%", cut to two decimals: down,
// or up when `up` (a ratio judged against an "at most" limit, as the
// audit's messages do, so that one on the wrong side never shows the limit
// itself); null when whole is 0.
export function percent(part, whole, up = false) {
  const p = toFen(part);
  const w = toFen(whole);
  if (w <= 0n) return null;
  const scaled = p * 10000n;
  const basis = up ? (scaled + w - 1n) / w : scaled / w;
  return `${basis / 100n}.${(basis % 100n).toString().padStart(2, '0')}%`;
}

export function sumFen(items, field = 'amount_fen') {
  return items.reduce((acc, item) => acc + toFen(item[field]), 0n);
}
