// The directory's name search (api/portal/search.js): Chinese substrings,
// full-width forms and spaces, ids, the empty query.
//
//   node tests/portal/directory_search.test.mjs     (exit 1 on any failure)

import { kMaxQueryChars, matchesQuery, normalize } from '../../api/portal/search.js';
import { check, report } from './checks.mjs';

const federation = ['市慈善总会', 'city-charity-federation', '慈善总会·非限定慈善基金', '2025 年“99 公益日”募捐'];
const foundation = ['市老年关爱基金会', 'city-elderly-foundation', '居家养老服务项目'];

check(matchesQuery(federation, '慈善总会'), 'a Chinese substring of the org name matches');
check(matchesQuery(federation, '慈善 总会'), 'white space in the query is ignored');
check(matchesQuery(federation, ' 市慈善总会 '), 'the whole name, padded, matches');
check(!matchesQuery(foundation, '慈善总会'), 'another org does not match');
check(matchesQuery(foundation, '养老'), 'a fund name matches');
check(matchesQuery(federation, '９９公益'), 'full-width digits match half-width ones');
check(matchesQuery(federation, 'CITY-CHARITY'), 'an id matches, whatever the case');
check(matchesQuery(federation, ''), 'the empty query matches everything');
check(matchesQuery(federation, '   '), 'a query of spaces matches everything');
check(!matchesQuery([], '慈善'), 'nothing to match: no match');
check(!matchesQuery(federation, '福利院'), 'a name not there does not match');
check(normalize('ＡＢＣ １２３') === 'abc123', 'normalize: NFKC, lower case, no spaces');
check(matchesQuery(['甲'.repeat(kMaxQueryChars)], '甲'.repeat(kMaxQueryChars + 1)),
  `a query is cut at ${kMaxQueryChars} characters`);

report('directory search');
