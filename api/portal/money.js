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

// part / whole as a percentage with two decimals, rounded down ("12.34%");
// null when whole is zero.
export function percent(part, whole) {
  const p = toFen(part);
  const w = toFen(whole);
  if (w === 0n) return null;
  const basis = (p * 10000n) / w;
  return `${basis / 100n}.${(basis % 100n).toString().padStart(2, '0')}%`;
}

export function sumFen(items, field = 'amount_fen') {
  return items.reduce((acc, item) => acc + toFen(item[field]), 0n);
}
