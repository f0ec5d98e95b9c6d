# Records what a ledgerd serves for the fixture ledger: one JSON line per
# request, {"path","status","content_type","body"}.
import json, sys, urllib.request, urllib.error
base = sys.argv[1]
out = open(sys.argv[2], "w")
def get(path):
    try:
        with urllib.request.urlopen(base + path) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode()
def record(path):
    status, ctype, body = get(path)
    out.write(json.dumps({"path": path, "status": status, "content_type": ctype, "body": body},
                         ensure_ascii=False, sort_keys=True) + "\n")
    return status, body
events = []
nxt = 0
while nxt is not None:
    s, b = record(f"/v1/events?from={nxt}&limit=1000")
    page = json.loads(b)
    events += page["events"]
    nxt = page["next"]
orgs, funds, receipts, outflows = set(), set(), set(), []
for e in events:
    b = e.get("body", {})
    t = e["type"]
    if t == "org.registered": orgs.add(b["id"])
    if t == "fund.opened": funds.add(b["id"])
    if t == "trust.established": funds.add(b["fund"])
    if t in ("donation.received", "trust.contributed"): receipts.add(b["receipt"])
    if t in ("disbursement.made", "expense.recorded"): outflows.append(e["seq"])
orgs.add("civil-affairs-bureau")
for o in sorted(orgs) + ["no-such-org"]:
    record(f"/v1/orgs/{o}")
    record(f"/v1/orgs/{o}/ratios")
for f in sorted(funds) + ["no-such-fund"]:
    record(f"/v1/funds/{f}")
    frm = 0
    while frm is not None:
        s, b = record(f"/v1/funds/{f}?lots_from={frm}&lots_limit=2")
        frm = json.loads(b).get("lots_next") if s == 200 else None
    record(f"/v1/funds/{f}/flows")
    frm = ""
    while frm is not None:
        s, b = record(f"/v1/funds/{f}/flows?limit=1" + (f"&from={frm}" if frm else ""))
        frm = json.loads(b).get("next") if s == 200 else None
for r in sorted(receipts) + ["NO-SUCH-RECEIPT"]:
    record(f"/v1/receipts/{r}/trace")
for seq in outflows + [1, 99999]:
    record(f"/v1/disbursements/{seq}/sources")
record("/v1/stats")
frm = 0
while frm is not None:
    s, b = record(f"/v1/stats?honour_from={frm}&honour_limit=2")
    frm = json.loads(b).get("honour_next")
for seq in [0, 1, 5, len(events) // 2, len(events) - 1, len(events)]:
    record(f"/v1/events/{seq}")
    record(f"/v1/events/{seq}/raw")
for p in ["/v1/checkpoint", "/v1/checkpoint?size=746", "/v1/checkpoints", "/v1/checkpoints?from=2&limit=1",
          "/v1/cosignatures", "/v1/cosignatures?size=746", "/v1/log/key", "/healthz",
          f"/v1/proof/inclusion?seq=5&size={len(events)}", f"/v1/proof/consistency?from=746&to={len(events)}"]:
    record(p)
