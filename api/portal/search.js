// The directory's name search, kept free of the DOM so that node can test
// it (tests/portal/directory_search.test.mjs). Names are compared after
// NFKC (full-width letters and digits become half-width), lower-cased and
// without white space, so "慈善 总会", "慈善总会" and "ＣＩＴＹ" all match.

export const kMaxQueryChars = 64;

export function normalize(text) {
  return String(text ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

// Whether any of `names` contains the query; an empty query matches all.
export function matchesQuery(names, query) {
  const q = normalize(query).slice(0, kMaxQueryChars);
  if (q === '') return true;
  return names.some((name) => normalize(name).includes(q));
}
