// Every string the portal shows, in Chinese (the default) and English.
// t(key, params) looks a key up in the current language and fills {name}
// placeholders; a missing key shows itself, so a gap is visible, not silent.

const STRINGS = {
  zh: {
    'site.title': '福利彩票与慈善资金公开平台',
    'site.tagline': '每一分钱的来源与去向，均记录在防篡改账本中，任何人可验证。',
    'lang.switch': 'English',
    'lang.switch.label': '切换到英文',
    'nav.label': '主导航',
    'nav.home': '首页', 'nav.lottery': '彩票公益金', 'nav.honour': '荣誉榜', 'nav.log': '账本与验证',
    'state.loading': '加载中…',
    'state.empty': '暂无数据。',
    'state.error': '出错了：{detail}',
    'state.network': '无法连接服务器',
    'state.notfound': '页面不存在。',
    'common.seq': '记录号', 'common.amount': '金额', 'common.fund': '基金', 'common.org': '机构',
    'common.date': '日期', 'common.purpose': '用途', 'common.category': '类别', 'common.count': '笔数',
    'common.yes': '是', 'common.no': '否', 'common.more': '加载更多', 'common.prev': '第一页',
    'common.next': '下一页', 'common.event': '记录 #{seq}', 'common.raw': '原始记录',
    'home.size': '账本记录数', 'home.checkpoint': '最新检查点', 'home.checkpoint.size': '第 {size} 号（包含 {size} 条记录）',
    'home.totals': '汇总', 'home.donations': '收到捐赠', 'home.income': '信托收益', 'home.spent': '支出（拨付与费用）',
    'home.sales': '彩票销售额', 'home.welfare': '彩票公益金', 'home.bymonth': '每月捐赠',
    'home.search': '查询捐赠收据', 'home.search.help': '输入收据号，查看这笔捐款的每一分钱去向。',
    'receipt.label': '收据号', 'receipt.go': '查询', 'receipt.title': '收据 {receipt}',
    'receipt.notfound': '未找到该收据。', 'receipt.invalid': '收据号只能包含字母、数字和 . _ -（最多 64 个字符）。',
    'receipt.donation': '捐赠', 'receipt.trust': '信托捐赠', 'receipt.reversed': '已撤销：这笔捐赠已被冲正，不再计入任何基金。',
    'receipt.where': '每一分钱的去向', 'receipt.summary': '已拨付 {spent}，费用 {expensed}，仍在基金中 {held}。',
    'receipt.disbursed': '已拨付', 'receipt.expensed': '费用', 'receipt.hops': '转账记录', 'receipt.hop': '{from} → {to}',
    'flow.label': '资金流向图', 'flow.received': '本笔资金流入', 'flow.held': '仍存于该基金',
    'flow.disbursed': '拨付：{purpose}', 'flow.expensed': '费用：{category}', 'flow.out': '转出至 {to}',
    'flow.empty': '这笔捐赠尚未被使用。',
    'proof.title': '记录证明', 'proof.checking': '正在验证该记录是否包含在账本检查点中…',
    'proof.verified': '已验证：该记录（第 {seq} 号）包含在第 {size} 号检查点中。',
    'proof.pending': '尚未进入检查点：该记录（第 {seq} 号）晚于最新检查点（{size} 条记录），稍后再查。',
    'proof.failed': '验证失败：{why}',
    'proof.why.leaf': '服务器给出的记录哈希与本地计算的不一致',
    'proof.why.root': '由证明路径算出的根哈希与检查点不一致',
    'proof.why.size': '证明对应的树大小与检查点不一致',
    'proof.why.checkpoint': '检查点格式无法解析',
    'proof.why.path': '证明路径格式错误',
    'proof.why.missing': '账本中没有这个记录号',
    'proof.note': '在浏览器中用 SHA-256 重新计算（RFC 9162）；检查点本身的签名可用审计工具验证。',
    'log.title': '账本与验证', 'log.size': '记录总数', 'log.checkpoint': '最新检查点（签名文本）',
    'log.witnesses': '见证人联署', 'log.nowitness': '尚无见证人联署该检查点。', 'log.witness': '见证人',
    'log.time': '联署时间', 'log.check': '验证一条记录', 'log.seq': '记录号', 'log.go': '验证',
    'log.badseq': '请输入一个非负整数记录号。',
    'fund.title': '基金 {id}', 'fund.balance': '余额', 'fund.inflow': '累计流入', 'fund.outflow': '累计流出',
    'fund.purpose': '用途', 'fund.restricted': '限定用途', 'fund.owner': '所属机构', 'fund.kind': '类型',
    'fund.budget': '预算', 'fund.lots': '资金批次（先进先出）', 'fund.lot.order': '顺序', 'fund.lot.source': '来源记录',
    'fund.lot.restriction': '限定', 'fund.lot.none': '不限', 'fund.lot.project': '项目 {project}',
    'fund.nolots': '该基金目前没有资金。', 'fund.notfound': '未找到该基金。',
    'flows.title': '逐月资金流入与流出', 'flows.chart': '每月流入与流出', 'flows.balance.chart': '每月末累计余额',
    'flows.table': '逐月明细', 'flows.month': '月份', 'flows.inflow': '流入', 'flows.outflow': '流出', 'flows.balance': '月末累计余额', 'flows.total': '合计',
    'flows.none': '该基金尚无资金流入或流出。',
    'flows.meaning': '柱形为每月的总流入与总流出（含基金间转账和冲正，不相互抵消），只列出有资金进出的月份。彩票销售按报告期计入月份，捐赠、信托捐赠和信托收益按其日期计入月份；转账、拨付、费用和冲正没有日期，按记入账本的时间（北京时间）计入月份。',
    'flows.negative': '累计余额在某些月份低于零：支出按记入账本的月份计，而支付这些支出的捐赠按其自身日期计，日期可能更晚。这并不表示基金曾经透支。',
    'flows.truncated': '该基金的月份过多：本页只取了前 {pages} 批、共 {months} 个月，因此不显示累计余额。完整数据见 {path}。',
    'flows.mismatch': '逐月数字与上方的基金总额不一致（流入合计 {inflow}，基金累计流入 {fundInflow}；流出合计 {outflow}，基金累计流出 {fundOutflow}），因此不显示累计余额。页面加载期间账本可能有新记录，请刷新页面再看。',
    'org.title': '机构', 'org.kind': '类型', 'org.roles': '职能', 'org.funds': '基金及余额', 'org.recent': '近期资金记录',
    'org.suspended': '已暂停：{reason}', 'org.notfound': '未找到该机构。', 'org.nofunds': '该机构没有基金。',
    'ratios.title': '按年度的法定比例',
    'ratios.explain.charitable': '慈善活动支出：当年的慈善活动支出（拨付、项目费用、给其他机构的拨款）不少于上一年收入的 {pct}%。',
    'ratios.explain.management': '管理费用：当年的管理费用不超过当年支出合计（慈善活动支出、管理费用与募捐费用之和）的 {pct}%；当年管理费用低于 {exempt} 的，不受此比例限制（豁免）。',
    'ratios.explain.remittance': '上缴中央：当年上缴中央的彩票公益金不少于当年所报销售额中公益金的 {pct}%（按分向下取整）。',
    'ratios.explain.years': '年度按每条记录记入账本的时间（北京时间）划分。只评判已经结束的年度：账本最新记录所在的年度尚未结束，不作评判。比例由下列金额按分精确计算，保留两位小数，与审计工具一样向远离限度的方向舍入。',
    'ratios.explain.warning': '未达到比例的年度显示审计工具（ledger-audit）给出的提示原文。提示不表示违规，也不表示账本有误：它请人去核实原因，例如经批准的跨年项目或记在其他账本中的支出。',
    'ratios.norules': '这些比例只适用于具有募集职能的慈善组织和基金会以及彩票中心，该机构不在其列。下面只列出按年度计入该机构的金额。',
    'ratios.none': '该机构尚无按年度计入的收入或支出。',
    'ratios.year': '{year} 年', 'ratios.complete': '已结束', 'ratios.incomplete': '尚未结束，不作评判',
    'ratios.open': '本年度尚未结束：金额截至账本的最新记录，年度结束后才评判。',
    'ratios.amounts': '{year} 年计入的金额', 'ratios.checks': '{year} 年的比例检查',
    'ratios.m.income': '收入', 'ratios.m.charitable': '慈善活动支出', 'ratios.m.management': '管理费用',
    'ratios.m.fundraising': '募捐费用', 'ratios.m.total': '支出合计', 'ratios.m.welfare': '彩票公益金（所报销售）',
    'ratios.m.remitted': '上缴中央',
    'ratios.col.check': '检查', 'ratios.col.ratio': '比例', 'ratios.col.limit': '限度', 'ratios.col.status': '结论',
    'ratios.check.charitable_spending': '慈善活动支出 ÷ {prev} 年收入', 'ratios.check.management_expenses': '管理费用 ÷ 支出合计',
    'ratios.check.central_remittance': '上缴中央 ÷ 彩票公益金',
    'ratios.limit': '{sign} {pct}%（{amount}）',
    'ratios.status.met': '达到', 'ratios.status.warning.below': '低于下限（提示）', 'ratios.status.warning.above': '高于上限（提示）',
    'ratios.status.exempt': '豁免：管理费用低于 {amount}', 'ratios.status.open': '不评判：年度尚未结束',
    'ratios.status.noincome': '不评判：上一年无收入', 'ratios.status.nowelfare': '不评判：当年无彩票公益金',
    'ratios.warning': '审计提示：',
    'ratios.disagree': '本页按上列金额算出的结论与审计工具的提示不一致；以审计工具的提示为准，请刷新页面再看。',
    'disb.title': '拨付 #{seq}', 'disb.sources': '资金来源', 'disb.reversed': '已撤销：这笔支出已被冲正，资金已退回基金。',
    'disb.notfound': '该记录号不是拨付或费用记录。', 'disb.lottery': '彩票销售公益金', 'disb.income': '信托收益',
    'disb.source': '来源记录 #{seq}', 'disb.expense': '费用 #{seq}',
    'lottery.title': '彩票公益金', 'lottery.bygame': '按游戏与月份', 'lottery.game': '游戏', 'lottery.period': '月份',
    'lottery.sales': '销售额', 'lottery.welfare': '公益金', 'lottery.chart': '每月公益金', 'lottery.none': '尚无彩票销售报告。',
    'lottery.alloc': '按用途的拨付（全部基金）', 'lottery.alloc.note': '拨付按其用途统计，来源包括彩票公益金和社会捐赠。',
    'honour.title': '荣誉榜', 'honour.intro': '以下捐赠人选择公开署名，按捐赠先后排列。', 'honour.name': '署名',
    'honour.none': '暂无公开署名的捐赠。',
    'kind.donations': '捐赠基金', 'kind.lottery_welfare': '彩票公益金', 'kind.project': '项目基金', 'kind.trust': '慈善信托',
    'game.ssq': '双色球', 'game.fc3d': '福彩3D', 'game.kl8': '快乐8', 'game.instant': '即开票',
    'purpose.elderly': '扶老', 'purpose.disabled': '助残', 'purpose.orphans': '救孤', 'purpose.poverty': '济困',
    'purpose.disaster': '救灾', 'purpose.medical': '医疗', 'purpose.education': '教育', 'purpose.community': '社区',
    'purpose.general': '综合',
    'category.management': '管理费用', 'category.fundraising': '募捐费用', 'category.program': '项目费用',
    'orgkind.regulator': '监管机构', 'orgkind.civil_affairs': '民政部门', 'orgkind.lottery_center': '彩票中心',
    'orgkind.charity': '慈善组织', 'orgkind.foundation': '基金会', 'orgkind.trustee': '信托受托人', 'orgkind.auditor': '审计机构',
    'role.regulate': '监管', 'role.fundraise': '募集', 'role.allocate': '分配', 'role.disburse': '使用',
    'role.trustee': '受托', 'role.audit': '监督',
    'etype.donation.received': '收到捐赠', 'etype.trust.contributed': '信托捐赠', 'etype.trust.income_recorded': '信托收益',
    'etype.funds.transferred': '转账', 'etype.disbursement.made': '拨付', 'etype.expense.recorded': '费用',
    'etype.lottery.sales_reported': '彩票销售报告', 'etype.event.reversed': '冲正', 'etype.fund.opened': '设立基金',
    'etype.trust.established': '设立信托',
    'log.event': '记录内容',
  },
  en: {
    'site.title': 'Welfare Fund Transparency Portal',
    'site.tagline': 'Where every fen comes from and where it goes, in a tamper-evident ledger anyone can check.',
    'lang.switch': '中文',
    'lang.switch.label': 'Switch to Chinese',
    'nav.label': 'Main navigation',
    'nav.home': 'Home', 'nav.lottery': 'Lottery welfare', 'nav.honour': 'Honour list', 'nav.log': 'Ledger & proofs',
    'state.loading': 'Loading…',
    'state.empty': 'No data yet.',
    'state.error': 'Something went wrong: {detail}',
    'state.network': 'cannot reach the server',
    'state.notfound': 'No such page.',
    'common.seq': 'Seq', 'common.amount': 'Amount', 'common.fund': 'Fund', 'common.org': 'Organisation',
    'common.date': 'Date', 'common.purpose': 'Purpose', 'common.category': 'Category', 'common.count': 'Count',
    'common.yes': 'yes', 'common.no': 'no', 'common.more': 'Load more', 'common.prev': 'First page',
    'common.next': 'Next', 'common.event': 'event #{seq}', 'common.raw': 'raw event',
    'home.size': 'Events in the ledger', 'home.checkpoint': 'Latest checkpoint', 'home.checkpoint.size': 'size {size} ({size} events)',
    'home.totals': 'Totals', 'home.donations': 'Donations received', 'home.income': 'Trust income', 'home.spent': 'Spent (disbursements and expenses)',
    'home.sales': 'Lottery sales', 'home.welfare': 'Lottery welfare fund', 'home.bymonth': 'Donations by month',
    'home.search': 'Look up a donation receipt', 'home.search.help': 'Enter a receipt number to see where every fen of it went.',
    'receipt.label': 'Receipt number', 'receipt.go': 'Look up', 'receipt.title': 'Receipt {receipt}',
    'receipt.notfound': 'No donation with this receipt.', 'receipt.invalid': 'A receipt number has only letters, digits and . _ - (at most 64).',
    'receipt.donation': 'Donation', 'receipt.trust': 'Trust contribution', 'receipt.reversed': 'Reversed: this donation was reversed and is no longer held by any fund.',
    'receipt.where': 'Where every fen went', 'receipt.summary': 'Disbursed {spent}, expenses {expensed}, still held {held}.',
    'receipt.disbursed': 'Disbursed', 'receipt.expensed': 'Expenses', 'receipt.hops': 'Transfers', 'receipt.hop': '{from} → {to}',
    'flow.label': 'Flow of the money', 'flow.received': 'received from this donation', 'flow.held': 'still held in this fund',
    'flow.disbursed': 'Disbursed: {purpose}', 'flow.expensed': 'Expense: {category}', 'flow.out': 'transferred to {to}',
    'flow.empty': 'None of this donation has been used yet.',
    'proof.title': 'Proof', 'proof.checking': 'Checking that this event is in a ledger checkpoint…',
    'proof.verified': 'Verified: event {seq} is included in the checkpoint of size {size}.',
    'proof.pending': 'Not yet in a checkpoint: event {seq} is newer than the latest checkpoint (size {size}); check again later.',
    'proof.failed': 'Verification failed: {why}',
    'proof.why.leaf': 'the leaf hash the server gave differs from the one computed here',
    'proof.why.root': 'the root computed from the audit path differs from the checkpoint',
    'proof.why.size': 'the proof is for a different tree size than the checkpoint',
    'proof.why.checkpoint': 'the checkpoint could not be parsed',
    'proof.why.path': 'the audit path is malformed',
    'proof.why.missing': 'the ledger has no event with this seq',
    'proof.note': 'Recomputed in your browser with SHA-256 (RFC 9162); the checkpoint signature itself can be checked with the audit tool.',
    'log.title': 'Ledger & proofs', 'log.size': 'Events in the ledger', 'log.checkpoint': 'Latest checkpoint (signed note)',
    'log.witnesses': 'Witness cosignatures', 'log.nowitness': 'No witness has cosigned this checkpoint yet.', 'log.witness': 'Witness',
    'log.time': 'Cosigned at', 'log.check': 'Check one event', 'log.seq': 'Event seq', 'log.go': 'Check',
    'log.badseq': 'Enter a non-negative whole number.',
    'fund.title': 'Fund {id}', 'fund.balance': 'Balance', 'fund.inflow': 'Inflow', 'fund.outflow': 'Outflow',
    'fund.purpose': 'Purpose', 'fund.restricted': 'Restricted', 'fund.owner': 'Owner', 'fund.kind': 'Kind',
    'fund.budget': 'Budget', 'fund.lots': 'Lots (first in, first out)', 'fund.lot.order': 'Order', 'fund.lot.source': 'Source event',
    'fund.lot.restriction': 'Restriction', 'fund.lot.none': 'none', 'fund.lot.project': 'project {project}',
    'fund.nolots': 'This fund holds no money now.', 'fund.notfound': 'No such fund.',
    'flows.title': 'Inflows and outflows by month', 'flows.chart': 'Inflow and outflow each month', 'flows.balance.chart': 'Running balance at the end of each month',
    'flows.table': 'Month by month', 'flows.month': 'Month', 'flows.inflow': 'Inflow', 'flows.outflow': 'Outflow', 'flows.balance': 'Balance at month end', 'flows.total': 'Total',
    'flows.none': 'No money has flowed into or out of this fund yet.',
    'flows.meaning': 'The bars are gross inflow and outflow per month (transfers between funds and reversals included, nothing netted off); only months with flows are listed. Lottery sales count in their reported period, donations, trust contributions and trust income in the month of their date; transfers, disbursements, expenses and reversals carry no date and count in the month they were recorded in the ledger (China Standard Time).',
    'flows.negative': 'The running balance is below zero in some months: spending counts in the month it was recorded, while the donations that paid for it count by their own dates, which may be later. It does not mean the fund was ever overdrawn.',
    'flows.truncated': 'This fund has too many months to show here: the page fetched {pages} batches ({months} months) and stopped, so no running balance is shown. The full series is served at {path}.',
    'flows.mismatch': 'The monthly figures do not add up to the fund\'s totals above (inflow {inflow} against {fundInflow}, outflow {outflow} against {fundOutflow}), so no running balance is shown. The ledger may have changed while the page loaded: reload to check again.',
    'org.title': 'Organisation', 'org.kind': 'Kind', 'org.roles': 'Roles', 'org.funds': 'Funds and balances', 'org.recent': 'Recent money events',
    'org.suspended': 'Suspended: {reason}', 'org.notfound': 'No such organisation.', 'org.nofunds': 'This organisation has no funds.',
    'ratios.title': 'Regulatory ratios by year',
    'ratios.explain.charitable': 'Charitable spending: in a year, charitable spending (disbursements, programme expenses, grants to other organisations) is at least {pct}% of the previous year\'s income.',
    'ratios.explain.management': 'Management expenses: in a year, management expenses are at most {pct}% of the year\'s total spending (charitable spending, management and fundraising expenses); a year with management expenses below {exempt} is exempt.',
    'ratios.explain.remittance': 'Central remittance: in a year, the centre remits to the central level at least {pct}% of the welfare share of the sales it reported that year (rounded down to the fen).',
    'ratios.explain.years': 'Years are cut by the time the ledger recorded each event, in China Standard Time. Only complete years are judged: the year of the ledger\'s latest event is still running and is not judged. Each ratio is computed exactly from the amounts below, in fen, and shown to two decimals rounded away from the limit, as the audit tool does.',
    'ratios.explain.warning': 'A year that misses a ratio shows the warning of the audit tool (ledger-audit) word for word. A warning does not mean a rule was broken or that the ledger is wrong: it asks a person to look, for example for a grant approved for several years or spending recorded in another ledger.',
    'ratios.norules': 'These ratios apply to charities and foundations that raise funds from the public and to lottery centres, and this organisation is neither. Below are only the amounts counted for it year by year.',
    'ratios.none': 'Nothing has been counted for this organisation in any year yet.',
    'ratios.year': '{year}', 'ratios.complete': 'complete', 'ratios.incomplete': 'not yet complete, not judged',
    'ratios.open': 'This year is still running: the amounts are as of the ledger\'s latest event, and the year is judged only once it is over.',
    'ratios.amounts': 'Counted in {year}', 'ratios.checks': 'Checks for {year}',
    'ratios.m.income': 'Income', 'ratios.m.charitable': 'Charitable spending', 'ratios.m.management': 'Management expenses',
    'ratios.m.fundraising': 'Fundraising expenses', 'ratios.m.total': 'Total spending', 'ratios.m.welfare': 'Welfare share of sales reported',
    'ratios.m.remitted': 'Remitted to the central level',
    'ratios.col.check': 'Check', 'ratios.col.ratio': 'Ratio', 'ratios.col.limit': 'Limit', 'ratios.col.status': 'Status',
    'ratios.check.charitable_spending': 'Charitable spending ÷ income of {prev}', 'ratios.check.management_expenses': 'Management ÷ total spending',
    'ratios.check.central_remittance': 'Remitted ÷ welfare share',
    'ratios.limit': '{sign} {pct}% ({amount})',
    'ratios.status.met': 'met', 'ratios.status.warning.below': 'below the limit (warning)', 'ratios.status.warning.above': 'above the limit (warning)',
    'ratios.status.exempt': 'exempt: management below {amount}', 'ratios.status.open': 'not judged: year not complete',
    'ratios.status.noincome': 'not judged: no income the year before', 'ratios.status.nowelfare': 'not judged: no welfare share this year',
    'ratios.warning': 'Audit warning:',
    'ratios.disagree': 'The status this page computes from the amounts above differs from the audit tool\'s warnings; the audit tool\'s word stands. Reload to check again.',
    'disb.title': 'Disbursement #{seq}', 'disb.sources': 'Paid for by', 'disb.reversed': 'Reversed: this spending was reversed and the money returned to its fund.',
    'disb.notfound': 'No disbursement or expense at this seq.', 'disb.lottery': 'Lottery sales welfare money', 'disb.income': 'Trust income',
    'disb.source': 'source event #{seq}', 'disb.expense': 'Expense #{seq}',
    'lottery.title': 'Lottery welfare fund', 'lottery.bygame': 'By game and month', 'lottery.game': 'Game', 'lottery.period': 'Month',
    'lottery.sales': 'Sales', 'lottery.welfare': 'Welfare fund', 'lottery.chart': 'Welfare fund by month', 'lottery.none': 'No lottery sales reported yet.',
    'lottery.alloc': 'Disbursements by purpose (all funds)', 'lottery.alloc.note': 'Disbursements are counted by their purpose; the money comes from lottery welfare funds and donations.',
    'honour.title': 'Honour list', 'honour.intro': 'Donors who chose to be named publicly, oldest first.', 'honour.name': 'Name',
    'honour.none': 'No publicly named donations yet.',
    'kind.donations': 'donations', 'kind.lottery_welfare': 'lottery welfare', 'kind.project': 'project', 'kind.trust': 'charitable trust',
    'game.ssq': 'Double Colour Ball (ssq)', 'game.fc3d': 'Welfare 3D (fc3d)', 'game.kl8': 'Happy 8 (kl8)', 'game.instant': 'Instant tickets',
    'purpose.elderly': 'elderly', 'purpose.disabled': 'disabled', 'purpose.orphans': 'orphans', 'purpose.poverty': 'poverty',
    'purpose.disaster': 'disaster relief', 'purpose.medical': 'medical', 'purpose.education': 'education', 'purpose.community': 'community',
    'purpose.general': 'general',
    'category.management': 'management', 'category.fundraising': 'fundraising', 'category.program': 'programme',
    'orgkind.regulator': 'regulator', 'orgkind.civil_affairs': 'civil affairs', 'orgkind.lottery_center': 'lottery centre',
    'orgkind.charity': 'charity', 'orgkind.foundation': 'foundation', 'orgkind.trustee': 'trustee', 'orgkind.auditor': 'auditor',
    'role.regulate': 'regulate', 'role.fundraise': 'fundraise', 'role.allocate': 'allocate', 'role.disburse': 'disburse',
    'role.trustee': 'trustee', 'role.audit': 'audit',
    'etype.donation.received': 'donation received', 'etype.trust.contributed': 'trust contribution', 'etype.trust.income_recorded': 'trust income',
    'etype.funds.transferred': 'transfer', 'etype.disbursement.made': 'disbursement', 'etype.expense.recorded': 'expense',
    'etype.lottery.sales_reported': 'lottery sales report', 'etype.event.reversed': 'reversal', 'etype.fund.opened': 'fund opened',
    'etype.trust.established': 'trust established',
    'log.event': 'The event',
  },
};

const STORAGE_KEY = 'welfare-ledger.lang';
let current = 'zh';

function storage() {
  try { return globalThis.localStorage || null; } catch { return null; }
}

// The URL's ?lang= wins over the stored choice; Chinese is the default.
export function initLang(search) {
  const fromUrl = new URLSearchParams(search || '').get('lang');
  const stored = storage()?.getItem(STORAGE_KEY);
  current = STRINGS[fromUrl] ? fromUrl : (STRINGS[stored] ? stored : 'zh');
  if (STRINGS[fromUrl]) storage()?.setItem(STORAGE_KEY, fromUrl);
  return current;
}

export function setLang(lang) {
  if (!STRINGS[lang]) return;
  current = lang;
  storage()?.setItem(STORAGE_KEY, lang);
}

export function lang() { return current; }
export function htmlLang() { return current === 'en' ? 'en' : 'zh-CN'; }

export function t(key, params = {}) {
  const text = STRINGS[current][key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// A label from one of the ledger's vocabularies (purpose, category, ...);
// an unknown value is shown as it is.
export function vocab(group, value) {
  const key = `${group}.${value}`;
  return STRINGS[current][key] ?? value;
}

export function formatDateTime(unixSeconds) {
  const d = new Date(Number(unixSeconds) * 1000);
  return d.toLocaleString(current === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' });
}

export const KEYS = { zh: Object.keys(STRINGS.zh), en: Object.keys(STRINGS.en) };
