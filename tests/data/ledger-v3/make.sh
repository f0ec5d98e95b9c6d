#!/usr/bin/env bash
# Makes the ledger-v3 fixture with a welfare-ledger build of commit 2010cf3
# (projections version 3): a small ledger with every kind of event, and the
# answers that build's ledgerd gave for it.
#   BIN=<build dir of 2010cf3> OUT=<dir> make.sh
set -euo pipefail
BIN=${BIN:?build dir}
OUT=${OUT:?output dir}
PORT=${PORT:-18093}
url=http://127.0.0.1:$PORT
rm -rf "$OUT"; mkdir -p "$OUT/keys"
ctl=$BIN/cli/ledgerctl
"$ctl" keygen --out "$OUT/keys/regulator.pem" >/dev/null
"$ctl" init --data "$OUT/ledger" --origin ledger.example.org/fixture \
  --regulator-id civil-affairs-bureau --regulator-name "市民政局（测试）" \
  --regulator-key "$OUT/keys/regulator.pem.pub" >/dev/null
"$BIN/api/ledgerd" --data "$OUT/ledger" --listen 127.0.0.1:$PORT 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf $url/healthz >/dev/null && break; sleep 0.1; done
"$BIN/cli/ledger-demo-seed" --url $url --regulator-key "$OUT/keys/regulator.pem" \
  --regulator-id civil-affairs-bureau --keys "$OUT/keys/orgs" --donations 120 --quiet \
  --summary "$OUT/summary.json"

post() {  # post KEY < json  -> prints the answer
  "$ctl" post --url $url --key "$1"
}
seq_of() { jq -r '.results[0].seq'; }
"$ctl" keygen --out "$OUT/keys/fx-charity.pem" >/dev/null
"$ctl" keygen --out "$OUT/keys/fx-charity-2.pem" >/dev/null
"$ctl" keygen --out "$OUT/keys/fx-idle.pem" >/dev/null
reg=$OUT/keys/regulator.pem
fx=$OUT/keys/fx-charity.pem
rawpub() {  # base64 of the raw 32-byte key from the PEM public key
  openssl pkey -pubin -in "$1.pub" -outform DER | tail -c 32 | base64
}
echo "{\"type\":\"org.registered\",\"org\":\"civil-affairs-bureau\",\"idem\":\"fx-reg-1\",\"body\":{\"id\":\"fx-charity\",\"name\":\"测试慈善会\",\"kind\":\"charity\",\"public_key\":\"$(rawpub $fx)\",\"roles\":[\"fundraise\",\"disburse\",\"allocate\"]}}" | post $reg >/dev/null
echo "{\"type\":\"org.registered\",\"org\":\"civil-affairs-bureau\",\"idem\":\"fx-reg-2\",\"body\":{\"id\":\"fx-idle\",\"name\":\"Idle foundation\",\"kind\":\"foundation\",\"public_key\":\"$(rawpub $OUT/keys/fx-idle.pem)\",\"roles\":[\"fundraise\"]}}" | post $reg >/dev/null
donor=6a8f6058339af309ef6893d89a133123255059c30d7b1fa9a67864e18a14403d
benef=99ab4446c03bab0e89d58589135b9bf5427c08c71695f72d495c89487e53736d
cat <<J | post $fx >/dev/null
{"org":"fx-charity","events":[
 {"type":"fund.opened","idem":"f1","body":{"id":"fx-general","owner":"fx-charity","kind":"donations","purpose":"general","restricted":false,"name":"FX general","budget_fen":1000000}},
 {"type":"fund.opened","idem":"f2","body":{"id":"fx-elderly","owner":"fx-charity","kind":"donations","purpose":"elderly","restricted":true,"name":"FX elderly"}},
 {"type":"fund.opened","idem":"f3","body":{"id":"fx-project","owner":"fx-charity","kind":"project","purpose":"elderly","restricted":true,"name":"FX project"}},
 {"type":"donation.received","idem":"d1","body":{"receipt":"FX-0001","fund":"fx-general","amount_fen":500000,"donor":{"pseudonym":"$donor","kind":"individual","display_name":"张三"},"channel":"online","date":"2026-01-15"}},
 {"type":"donation.received","idem":"d2","body":{"receipt":"FX-0002","fund":"fx-general","amount_fen":300000,"donor":{"pseudonym":"$donor","kind":"enterprise"},"channel":"bank","date":"2026-02-15","designation":{"purpose":"elderly"}}},
 {"type":"donation.received","idem":"d3","body":{"receipt":"FX-0003","fund":"fx-general","amount_fen":200000,"donor":{"pseudonym":"$donor","kind":"anonymous"},"channel":"in_kind","date":"2026-03-15","in_kind":{"description":"rice","valuation_basis":"invoice"},"designation":{"project":"fx-project"}}}
]}
J
t1=$(echo '{"type":"funds.transferred","org":"fx-charity","idem":"t1","body":{"from":"fx-general","to":"fx-elderly","amount_fen":400000,"reason":"allocation","reference":"FX-T1"}}' | post $fx | seq_of)
echo "{\"type\":\"event.reversed\",\"org\":\"fx-charity\",\"idem\":\"r-t1\",\"body\":{\"seq\":$t1,\"reason\":\"wrong fund\"}}" | post $fx >/dev/null
echo '{"type":"funds.transferred","org":"fx-charity","idem":"t2","body":{"from":"fx-general","to":"fx-elderly","amount_fen":600000,"reason":"allocation","reference":"FX-T2"}}' | post $fx >/dev/null
echo '{"type":"funds.transferred","org":"fx-charity","idem":"t3","body":{"from":"fx-general","to":"fx-project","amount_fen":200000,"reason":"grant","reference":"FX-T3"}}' | post $fx >/dev/null
d=$(echo "{\"type\":\"disbursement.made\",\"org\":\"fx-charity\",\"idem\":\"x1\",\"body\":{\"fund\":\"fx-elderly\",\"amount_fen\":250000,\"beneficiary\":{\"pseudonym\":\"$benef\",\"kind\":\"individual\"},\"purpose\":\"elderly\",\"reference\":\"FX-X1\"}}" | post $fx | seq_of)
echo "{\"type\":\"event.reversed\",\"org\":\"fx-charity\",\"idem\":\"r-x1\",\"body\":{\"seq\":$d,\"reason\":\"paid twice\"}}" | post $fx >/dev/null
echo "{\"type\":\"disbursement.made\",\"org\":\"fx-charity\",\"idem\":\"x2\",\"body\":{\"fund\":\"fx-elderly\",\"amount_fen\":350000,\"beneficiary\":{\"pseudonym\":\"$benef\",\"kind\":\"institution\"},\"purpose\":\"elderly\",\"reference\":\"FX-X2\"}}" | post $fx >/dev/null
echo "{\"type\":\"disbursement.made\",\"org\":\"fx-charity\",\"idem\":\"x3\",\"body\":{\"fund\":\"fx-project\",\"amount_fen\":150000,\"beneficiary\":{\"pseudonym\":\"$benef\",\"kind\":\"institution\"},\"purpose\":\"elderly\",\"reference\":\"FX-X3\"}}" | post $fx >/dev/null
e=$(echo '{"type":"expense.recorded","org":"fx-charity","idem":"e1","body":{"fund":"fx-general","amount_fen":1000,"category":"management"}}' | post $fx | seq_of)
echo "{\"type\":\"event.reversed\",\"org\":\"fx-charity\",\"idem\":\"r-e1\",\"body\":{\"seq\":$e,\"reason\":\"misfiled\"}}" | post $fx >/dev/null
echo '{"type":"expense.recorded","org":"fx-charity","idem":"e2","body":{"fund":"fx-elderly","amount_fen":2000,"category":"program","reference":"meals"}}' | post $fx >/dev/null
g=$(echo "{\"type\":\"donation.received\",\"org\":\"fx-charity\",\"idem\":\"d4\",\"body\":{\"receipt\":\"FX-0004\",\"fund\":\"fx-general\",\"amount_fen\":7000,\"donor\":{\"pseudonym\":\"$donor\",\"kind\":\"individual\",\"display_name\":\"李四\"},\"channel\":\"cash\",\"date\":\"2026-04-01\"}}" | post $fx | seq_of)
echo "{\"type\":\"event.reversed\",\"org\":\"fx-charity\",\"idem\":\"r-d4\",\"body\":{\"seq\":$g,\"reason\":\"wrong amount\"}}" | post $fx >/dev/null
echo "{\"type\":\"donation.received\",\"org\":\"fx-charity\",\"idem\":\"d4b\",\"body\":{\"receipt\":\"FX-0005\",\"fund\":\"fx-general\",\"amount_fen\":700,\"donor\":{\"pseudonym\":\"$donor\",\"kind\":\"individual\",\"display_name\":\"李四\"},\"channel\":\"cash\",\"date\":\"2026-04-01\"}}" | post $fx >/dev/null
h=$(echo "{\"type\":\"donation.received\",\"org\":\"fx-charity\",\"idem\":\"d5\",\"body\":{\"receipt\":\"FX-0006\",\"fund\":\"fx-general\",\"amount_fen\":9100,\"donor\":{\"pseudonym\":\"$donor\",\"kind\":\"individual\"},\"channel\":\"other\",\"date\":\"2026-05-01\"}}" | post $fx | seq_of)
echo "{\"type\":\"event.reversed\",\"org\":\"fx-charity\",\"idem\":\"r-d5\",\"body\":{\"seq\":$h,\"reason\":\"duplicate\"}}" | post $fx >/dev/null
echo "{\"type\":\"donation.received\",\"org\":\"fx-charity\",\"idem\":\"d5b\",\"body\":{\"receipt\":\"FX-0006\",\"fund\":\"fx-general\",\"amount_fen\":9000,\"donor\":{\"pseudonym\":\"$donor\",\"kind\":\"individual\"},\"channel\":\"other\",\"date\":\"2026-05-01\"}}" | post $fx >/dev/null
# A lottery rate change, a sales report reversed and reported again.
echo '{"type":"lottery.rate_set","org":"civil-affairs-bureau","idem":"fx-rate","body":{"game":"fx-game","welfare_rate_bp":3000,"effective_from":"2026-01"}}' | post $reg >/dev/null
echo '{"type":"fund.opened","org":"fx-charity","idem":"f4","body":{"id":"fx-lottery","owner":"fx-charity","kind":"lottery_welfare","purpose":"general","restricted":false,"name":"FX lottery"}}' | post $fx >/dev/null
s=$(echo '{"type":"lottery.sales_reported","org":"fx-charity","idem":"s1","body":{"period":"2026-02","game":"fx-game","sales_fen":1000001,"welfare_rate_bp":3000,"welfare_fen":300000,"fund":"fx-lottery"}}' | post $fx | seq_of)
echo "{\"type\":\"event.reversed\",\"org\":\"fx-charity\",\"idem\":\"r-s1\",\"body\":{\"seq\":$s,\"reason\":\"corrected figures\"}}" | post $fx >/dev/null
echo '{"type":"lottery.sales_reported","org":"fx-charity","idem":"s1b","body":{"period":"2026-02","game":"fx-game","sales_fen":1000003,"welfare_rate_bp":3000,"welfare_fen":300000,"fund":"fx-lottery"}}' | post $fx >/dev/null
echo '{"type":"funds.transferred","org":"fx-charity","idem":"t4","body":{"from":"fx-lottery","to":"city-lottery-welfare","amount_fen":150000,"reason":"remittance","reference":"FX-T4"}}' | post $fx >/dev/null
# Key rotation and a suspension.
echo "{\"type\":\"org.key_rotated\",\"org\":\"civil-affairs-bureau\",\"idem\":\"fx-rot\",\"body\":{\"org\":\"fx-charity\",\"public_key\":\"$(rawpub $OUT/keys/fx-charity-2.pem)\"}}" | post $reg >/dev/null
echo '{"type":"expense.recorded","org":"fx-charity","idem":"e3","body":{"fund":"fx-general","amount_fen":500,"category":"fundraising"}}' | post $OUT/keys/fx-charity-2.pem >/dev/null
echo '{"type":"org.suspended","org":"civil-affairs-bureau","idem":"fx-susp","body":{"org":"fx-idle","reason":"annual report missing"}}' | post $reg >/dev/null
# A witness cosignature of the latest checkpoint.
sleep 1.5
"$BIN/audit/ledger-audit" --url $url --witness "$OUT/keys/orgs/city-audit-firm.pem" --witness-name city-audit-firm >/dev/null
kill -TERM $pid; wait $pid || true
trap - EXIT
