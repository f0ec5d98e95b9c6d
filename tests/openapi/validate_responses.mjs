// The ctest `openapi_responses` (run by run_responses_test.sh): real
// answers of a running ledgerd, on a ledger ledger-demo-seed filled,
// checked against docs/openapi.yaml. Every GET operation is asked with ids,
// seqs and receipt numbers taken from the data (the seeder's summary and
// the list endpoints), and the usual refusals are provoked: 400 naming a
// bad parameter, 401 for a forged signature, 403, 404, 405 with Allow,
// 409, 413, 422, 431. A submission and a batch are signed with an org's key
// (ledgerctl sign) and posted, the submission twice (a duplicate); an
// auditor's cosignature is made from the C2SP spec and posted.
//
// If an answer contradicts the document, fix the document (or the server),
// not this test. Usage:
//   node validate_responses.mjs --url URL --summary FILE --ledgerctl PATH --keys DIR
// Exit 0 when every answer matched, 1 otherwise (each mismatch printed).
import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadDocument } from "./openapi_doc.mjs";
import { ResponseChecker } from "./response_checker.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    summary: { type: "string" },
    ledgerctl: { type: "string" },
    keys: { type: "string" },
  },
});
for (const name of ["url", "summary", "ledgerctl", "keys"]) {
  if (!args[name]) {
    console.error(`usage: node validate_responses.mjs --url URL --summary FILE --ledgerctl PATH --keys DIR (missing --${name})`);
    process.exit(2);
  }
}

const doc = loadDocument();
const summary = JSON.parse(readFileSync(args.summary, "utf8"));
const api = new ResponseChecker(doc, args.url);
const enc = encodeURIComponent;

async function logReads() {
  const health = (await api.check("/healthz", "/healthz", { expect: 200 })).body;
  const size = health.tree_size;
  await api.check("/metrics", "/metrics", { expect: 200 });
  const first = (await api.check("/v1/events", "/v1/events?limit=1000", { expect: 200 })).body;
  await api.check("/v1/events", `/v1/events?from=${first.next ?? 0}`, { expect: 200 });
  await api.check("/v1/events", `/v1/events?from=${size + 5}&limit=1`, { expect: 200 });
  const events = first.events;
  for (const seq of [0, 1, size - 1]) {
    const event = (await api.check("/v1/events/{seq}", `/v1/events/${seq}`, { expect: 200 })).body;
    const raw = await api.check("/v1/events/{seq}/raw", `/v1/events/${seq}/raw`, { expect: 200 });
    const leaf = createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(raw.bytes)])).digest("hex");
    if (event && leaf !== event.leaf_hash) api.fail(`GET /v1/events/${seq}/raw`, "its bytes do not hash to leaf_hash");
  }
  const sizes = (await api.check("/v1/checkpoints", "/v1/checkpoints", { expect: 200 })).body.sizes;
  await api.check("/v1/checkpoints", "/v1/checkpoints?from=1&limit=1", { expect: 200 });
  await api.check("/v1/checkpoint", "/v1/checkpoint", { expect: 200 });
  await api.check("/v1/checkpoint", `/v1/checkpoint?size=${sizes[sizes.length - 1]}`, { expect: 200 });
  await api.check("/v1/log/key", "/v1/log/key", { expect: 200 });
  await api.check("/v1/proof/inclusion", `/v1/proof/inclusion?seq=1&size=${size}`, { expect: 200 });
  await api.check("/v1/proof/inclusion", `/v1/proof/inclusion?seq=${size - 1}`, { expect: 200 });
  await api.check("/v1/proof/consistency", `/v1/proof/consistency?from=1&to=${size}`, { expect: 200 });
  await api.check("/v1/proof/consistency", `/v1/proof/consistency?from=${size}`, { expect: 200 });
  await api.check("/v1/cosignatures", "/v1/cosignatures", { expect: 200 });
  await api.check("/v1/cosignatures", `/v1/cosignatures?size=${sizes[0]}`, { expect: 200 });
  return { size, events };
}

async function tiles(size) {
  await api.check("/checkpoint", "/checkpoint", { expect: 200 });
  await api.check("/checkpoint", "/checkpoint", { method: "HEAD", expect: 200 });
  const full = Math.floor(size / 256);
  const width = size % 256;
  const index = (n) => String(n).padStart(3, "0");
  if (full > 0) {
    const tile = await api.check("/tile/{L}/{N}", "/tile/0/000", { expect: 200 });
    if (tile?.bytes.length !== 8192) api.fail("GET /tile/0/000", `a full tile of ${tile?.bytes.length} bytes`);
    await api.check("/tile/entries/{N}", "/tile/entries/000", { expect: 200 });
    await api.check("/tile/{L}/{N}", "/tile/0/000", { method: "HEAD", expect: 200 });
    await api.check("/tile/entries/{N}", "/tile/entries/000", { method: "HEAD", expect: 200 });
    if (full < 256) await api.check("/tile/{L}/{N}", `/tile/1/000.p/${full}`, { expect: 200 });
  }
  if (width > 0) {
    const partial = await api.check("/tile/{L}/{N}", `/tile/0/${index(full)}.p/${width}`, { expect: 200 });
    if (partial?.bytes.length !== 32 * width) api.fail("partial tile", `${partial?.bytes.length} bytes for width ${width}`);
    await api.check("/tile/entries/{N}", `/tile/entries/${index(full)}.p/${width}`, { expect: 200 });
  }
  await api.check("/tile/{L}/{N}", `/tile/0/${index(full + 1)}`, { expect: 404, field: "index" });
  await api.check("/tile/{L}/{N}", "/tile/00/000", { expect: 400, field: "level" });
  await api.check("/tile/{L}/{N}", "/tile/00/000", { method: "HEAD", expect: 400 });
  await api.check("/tile/entries/{N}", "/tile/entries/1", { expect: 400, field: "index" });
}

async function orgsAndFunds() {
  await api.check("/v1/orgs", "/v1/orgs?limit=2", { expect: 200 });
  const directory = (await api.check("/v1/orgs", "/v1/orgs?limit=200", { expect: 200 })).body;
  const campaigns = [];
  const regions = new Set();
  for (const org of summary.orgs) {
    const got = (await api.check("/v1/orgs/{id}", `/v1/orgs/${org}`, { expect: 200 })).body;
    if (got?.region) regions.add(got.region);
    await api.check("/v1/orgs/{id}/ratios", `/v1/orgs/${org}/ratios`, { expect: 200 });
    const listed = (await api.check("/v1/orgs/{id}/campaigns", `/v1/orgs/${org}/campaigns`, { expect: 200 })).body;
    campaigns.push(...(listed?.campaigns ?? []).map((c) => c.id));
    await api.check("/v1/orgs/{id}/obligations", `/v1/orgs/${org}/obligations`, { expect: 200 });
  }
  if (directory.orgs.length !== summary.orgs.length)
    api.fail("GET /v1/orgs", `${directory.orgs.length} orgs listed, the seeder registered ${summary.orgs.length}`);
  for (const fund of summary.funds) {
    await api.check("/v1/funds/{id}", `/v1/funds/${fund}`, { expect: 200 });
    await api.check("/v1/funds/{id}/flows", `/v1/funds/${fund}/flows`, { expect: 200 });
  }
  await api.check("/v1/funds/{id}", `/v1/funds/${summary.funds[0]}?lots_from=0&lots_limit=1`, { expect: 200 });
  await api.check("/v1/funds/{id}/flows", `/v1/funds/${summary.funds[0]}/flows?from=2025-03&limit=1`, { expect: 200 });
  for (const id of campaigns) {
    await api.check("/v1/campaigns/{id}", `/v1/campaigns/${id}`, { expect: 200 });
    await api.check("/v1/campaigns/{id}", `/v1/campaigns/${id}?days_from=2025-06-01&days_limit=1`, { expect: 200 });
  }
  if (campaigns.length === 0) api.fail("campaigns", "the seeded ledger lists no campaign to ask for");
  return { regions: [...regions] };
}

async function moneyReads(events) {
  let fiscal = null;
  for (const r of summary.receipts) {
    const receipt = (await api.check("/v1/receipts/{receipt}", `/v1/receipts/${enc(r.receipt)}`, { expect: 200 })).body;
    fiscal = fiscal ?? receipt?.fiscal;
    await api.check("/v1/receipts/{receipt}/trace", `/v1/receipts/${enc(r.receipt)}/trace`, { expect: 200 });
    await api.check("/v1/sources/{seq}/trace", `/v1/sources/${r.seq}/trace`, { expect: 200 });
  }
  if (!fiscal) api.fail("receipts", "no seeded receipt has a fiscal e-receipt to look up");
  else await api.check("/v1/receipts", `/v1/receipts?code=${fiscal.code}&number=${fiscal.number}`, { expect: 200 });
  for (const seq of summary.disbursements)
    await api.check("/v1/disbursements/{seq}/sources", `/v1/disbursements/${seq}/sources`, { expect: 200 });
  const ofType = (type) => events.find((e) => e.type === type);
  for (const type of ["lottery.sales_reported", "appropriation.received", "trust.income_recorded"]) {
    const event = ofType(type);
    if (event) await api.check("/v1/sources/{seq}/trace", `/v1/sources/${event.seq}/trace`, { expect: 200 });
  }
  const expense = ofType("expense.recorded");
  if (!expense) api.fail("events", "no expense.recorded in the first page of the seeded ledger");
  else await api.check("/v1/disbursements/{seq}/sources", `/v1/disbursements/${expense.seq}/sources`, { expect: 200 });
  await api.check("/v1/stats", "/v1/stats", { expect: 200 });
  await api.check("/v1/stats", "/v1/stats?honour_from=0&honour_limit=1", { expect: 200 });
}

async function programmes(regions) {
  let approver = null;
  for (const { id } of summary.projects) {
    const project = (await api.check("/v1/projects/{id}", `/v1/projects/${id}`, { expect: 200 })).body;
    approver = approver ?? project?.approver;
    await api.check("/v1/projects/{id}", `/v1/projects/${id}?timeline_from=1`, { expect: 200 });
  }
  const sample = (await api.check("/v1/projects/{id}", `/v1/projects/${summary.projects[0].id}`, { expect: 200 })).body;
  await api.check("/v1/projects", `/v1/projects?org=${approver}`, { expect: 200 });
  await api.check("/v1/projects", `/v1/projects?org=${approver}&limit=1`, { expect: 200 });
  await api.check("/v1/projects", `/v1/projects?programme=${sample.programme}`, { expect: 200 });
  await api.check("/v1/projects", `/v1/projects?region=${sample.region}`, { expect: 200 });
  for (const code of regions) {
    await api.check("/v1/regions/{code}", `/v1/regions/${code}`, { expect: 200 });
    await api.check("/v1/regions/{code}", `/v1/regions/${code.slice(0, 2)}0000`, { expect: 200 });
  }
  if (regions.length === 0) api.fail("regions", "no seeded org is located in a region");
}

async function exports() {
  const org = summary.receipts[0].org;
  const csv = await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=csv&what=donations`, { expect: 200 });
  if (csv && !(csv.bytes[0] === 0xef && csv.bytes[1] === 0xbb && csv.bytes[2] === 0xbf))
    api.fail("export csv", "does not start with a UTF-8 byte-order mark");
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=csv&what=flows&from=2025-01-01&to=2025-06-30`, { expect: 200 });
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=xlsx&what=disbursements`, { expect: 200 });
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/city-welfare-lottery/export?format=json&what=grants`, { expect: 200 });
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?what=donations`, { expect: 400, field: "format" });
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=csv&what=donations&from=2025-02-01&to=2025-01-01`, { expect: 400, field: "to" });
  await api.check("/v1/orgs/{id}/export", "/v1/orgs/no-such-org/export?format=csv&what=donations", { expect: 404, field: "id" });
  const fund = summary.receipts[0].fund;
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=csv&what=donations&fund=${fund}`, { expect: 200 });
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=csv&what=donations&fund=no-such-fund`, { expect: 404, field: "fund" });
  await api.check("/v1/orgs/{id}/export", `/v1/orgs/${org}/export?format=json&what=donations`, { expect: 400, field: "format" });
}

async function portal() {
  await api.check("/", "/", { expect: 200 });
  await api.check("/", "/?utm=1", { method: "HEAD", expect: 200 });
  for (const name of ["app.js", "style.css", "favicon.svg", "index.html"])
    await api.check("/portal/{name}", `/portal/${name}`, { expect: 200 });
  await api.check("/portal/{name}", "/portal/app.js", { method: "HEAD", expect: 200 });
  await api.check("/portal/{name}", "/portal/no-such-file.js", { expect: 404 });
  await api.check("/portal/{name}", "/portal/no-such-file.js", { method: "HEAD", expect: 404 });
}

// The first messages of the change feed, each `data:` an Event.
async function stream(size) {
  const what = "GET /v1/events/stream?from=0";
  const response = api.documented("/v1/events/stream", "GET", 200);
  const [type, media] = Object.entries(response.content)[0];
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, 10_000);
  try {
    const res = await fetch(`${args.url}/v1/events/stream?from=0`, { signal: controller.signal });
    ++api.checked;
    if (res.status !== 200) return api.fail(what, `status ${res.status}`);
    api.covered.add("get /v1/events/stream 200");
    if (res.headers.get("content-type")?.replace(/ /g, "") !== type.replace(/ /g, ""))
      api.fail(what, `Content-Type ${res.headers.get("content-type")}, documented ${type}`);
    api.checkHeaders(what, response, res.headers);
    let text = "";
    const want = Math.min(size, 5);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    while ((text.match(/\n\n/g) ?? []).length < want + 1) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const messages = text.split("\n\n").filter((m) => m.length > 0).slice(0, want + 1);
    if (messages.length < want + 1) api.fail(what, `${messages.length - 1} events arrived, ${want} expected`);
    if (messages[0] !== "retry: 1000") api.fail(what, `the first message is ${JSON.stringify(messages[0])}`);
    messages.slice(1).forEach((message, seq) => {
      const m = /^id: (\d+)\ndata: (.*)$/s.exec(message);
      if (!m || Number(m[1]) !== seq) return api.fail(what, `message ${seq} is ${JSON.stringify(message.slice(0, 80))}`);
      api.validate(what, `data of id ${seq}`, media["x-message-data"].schema, JSON.parse(m[2]));
    });
  } catch (e) {
    if (e.name !== "AbortError" || timedOut) api.fail(what, timedOut ? "no events within 10 s" : e.message);
  } finally {
    clearTimeout(timer);
  }
  await api.check("/v1/events/stream", `/v1/events/stream?from=${size + 1}`, { expect: 400, field: "from" });
  await api.check("/v1/events/stream", "/v1/events/stream", { headers: { "Last-Event-ID": "x1" }, expect: 400, field: "Last-Event-ID" });
}

async function refusals(size) {
  await api.check("/v1/events/{seq}", `/v1/events/${size + 10}`, { expect: 404, field: "seq" });
  await api.check("/v1/events/{seq}", "/v1/events/01", { expect: 400, field: "seq" });
  await api.check("/v1/events/{seq}/raw", `/v1/events/${size}/raw`, { expect: 404, field: "seq" });
  await api.check("/v1/events", "/v1/events?limit=0", { expect: 400, field: "limit" });
  await api.check("/v1/events", "/v1/events?from=1&from=2", { expect: 400, field: "from" });
  await api.check("/v1/checkpoint", "/v1/checkpoint?size=999999999", { expect: 404, field: "size" });
  await api.check("/v1/proof/inclusion", "/v1/proof/inclusion", { expect: 400, field: "seq" });
  await api.check("/v1/proof/inclusion", `/v1/proof/inclusion?seq=1&size=${size + 1}`, { expect: 404, field: "size" });
  await api.check("/v1/proof/consistency", "/v1/proof/consistency?from=0", { expect: 400, field: "from" });
  await api.check("/v1/orgs", "/v1/orgs?sise=1", { expect: 400, field: "sise" });
  await api.check("/v1/orgs/{id}", "/v1/orgs/no-such-org", { expect: 404, field: "id" });
  await api.check("/v1/orgs/{id}", "/v1/orgs/Not_An_Id", { expect: 400, field: "id" });
  await api.check("/v1/orgs/{id}/ratios", "/v1/orgs/no-such-org/ratios", { expect: 404, field: "id" });
  await api.check("/v1/funds/{id}", "/v1/funds/no-such-fund", { expect: 404, field: "id" });
  await api.check("/v1/funds/{id}/flows", `/v1/funds/${summary.funds[0]}/flows?from=2025-13`, { expect: 400, field: "from" });
  await api.check("/v1/receipts/{receipt}", "/v1/receipts/NO-SUCH-1", { expect: 404, field: "receipt" });
  await api.check("/v1/receipts/{receipt}/trace", "/v1/receipts/a%20b/trace", { expect: 400, field: "receipt" });
  await api.check("/v1/receipts", "/v1/receipts?code=1", { expect: 400, field: "number" });
  await api.check("/v1/sources/{seq}/trace", "/v1/sources/0/trace", { expect: 404, field: "seq" });
  await api.check("/v1/disbursements/{seq}/sources", "/v1/disbursements/0/sources", { expect: 404, field: "seq" });
  await api.check("/v1/stats", "/v1/stats?honour_limit=1001", { expect: 400, field: "honour_limit" });
  await api.check("/v1/campaigns/{id}", "/v1/campaigns/no-such-campaign", { expect: 404, field: "id" });
  await api.check("/v1/projects/{id}", "/v1/projects/no-such-project", { expect: 404, field: "id" });
  await api.check("/v1/projects", "/v1/projects", { expect: 400, field: "org" });
  await api.check("/v1/regions/{code}", "/v1/regions/12345", { expect: 400, field: "code" });
  await api.check("/v1/cosignatures", "/v1/cosignatures?size=999999999", { expect: 404, field: "size" });
  await api.check(null, "/v1/no-such-path", { component: "NotFound", expect: 404, field: null });
  const allow = await api.check(null, "/v1/events", { method: "DELETE", component: "MethodNotAllowed", expect: 405 });
  if (allow && allow.headers.get("allow") !== "GET, POST") api.fail("DELETE /v1/events", `Allow: ${allow.headers.get("allow")}`);
  await api.check(null, "/healthz", { method: "POST", body: "{}", component: "MethodNotAllowed", expect: 405 });
  const head = await api.check(null, "/v1/stats", { method: "HEAD", component: "MethodNotAllowed", expect: 405 });
  if (head && head.bytes.length !== 0) api.fail("HEAD /v1/stats", "a 405 to HEAD carries a body");
  await api.check(null, "/v1/stats", {
    raw: `GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Filler: ${"x".repeat(9000)}\r\n\r\n`,
    component: "RequestHeaderFieldsTooLarge",
    expect: 431,
  });
  await api.check("/checkpoint", "/checkpoint?cache=1", { expect: 200 });
}

// A C2SP tlog-cosignature/v1 line of `witness` over the latest checkpoint,
// made here from the spec (key ID, timestamp, Ed25519 over the message).
async function cosigned(witness) {
  const note = await (await fetch(`${args.url}/v1/checkpoint`)).text();
  const body = note.slice(0, note.indexOf("\n\n") + 1);
  const key = createPrivateKey(readFileSync(join(args.keys, `${witness}.pem`)));
  const raw = createPublicKey(key).export({ type: "spki", format: "der" }).subarray(-32);
  const keyId = createHash("sha256").update(Buffer.concat([Buffer.from(`${witness}\n`), Buffer.from([0x04]), raw])).digest().subarray(0, 4);
  const seconds = Math.floor(Date.now() / 1000);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(seconds));
  const signature = sign(null, Buffer.from(`cosignature/v1\ntime ${seconds}\n${body}`), key);
  return `${note}— ${witness} ${Buffer.concat([keyId, time, signature]).toString("base64")}\n`;
}

function signed(org, submission) {
  const key = join(args.keys, `${org}.pem`);
  const out = execFileSync(args.ledgerctl, ["sign", "--key", key], { input: JSON.stringify(submission) });
  return out.toString("utf8").trim();
}

async function submissions() {
  const post = (body, options) => api.check("/v1/events", "/v1/events", { method: "POST", body, ...options });
  const donation = summary.receipts.find((r) => r.kind === "held") ?? summary.receipts[0];
  const unsigned = {
    type: "donation.received",
    org: donation.org,
    idem: `openapi-test-${randomBytes(6).toString("hex")}`,
    body: {
      receipt: `OA-${randomBytes(6).toString("hex").toUpperCase()}`,
      fund: donation.fund,
      amount_fen: 1234,
      donor: { pseudonym: randomBytes(32).toString("hex"), kind: "individual" },
      channel: "online",
      date: new Date().toISOString().slice(0, 10),
    },
  };
  const body = signed(donation.org, unsigned);
  // The request schema must take what the server takes.
  const request = doc.paths["/v1/events"].post.requestBody.content["application/json"].schema;
  api.validate("POST /v1/events (request)", "request body", request, JSON.parse(body));
  const created = await post(body, { expect: 201 });
  const again = await post(body, { expect: 201 });
  if (created?.body && again?.body && !(again.body.results[0].duplicate === true && again.body.results[0].seq === created.body.results[0].seq))
    api.fail("POST /v1/events (resend)", "not answered as a duplicate of the first");
  await refusedSubmissions(post, donation, unsigned);
  await batch(post, request, donation, unsigned);
  const forged = JSON.parse(body);
  forged.sig = Buffer.alloc(64).toString("base64");
  forged.idem += "-forged";
  await post(JSON.stringify(forged), { expect: 401, field: "sig" });
  await post('{"type":', { expect: 400 });
  await post(JSON.stringify({ ...forged, extra: 1 }), { expect: 400, field: "extra" });
  const host = new URL(args.url).host;
  await post(undefined, {
    raw: `POST /v1/events HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${(1 << 20) + 1}\r\n\r\n`,
    expect: 413,
    field: "body",
  });
  await api.check("/v1/cosignatures", "/v1/cosignatures", { method: "POST", body: "not a note", expect: 400, field: "note" });
  const directory = (await api.check("/v1/orgs", "/v1/orgs?limit=200", { expect: 200 })).body;
  const auditor = directory?.orgs.find((org) => org.roles.includes("audit"));
  if (!auditor) return api.fail("POST /v1/cosignatures", "the seeded ledger has no org with the audit role");
  const note = await cosigned(auditor.id);
  const posted = await api.check("/v1/cosignatures", "/v1/cosignatures", { method: "POST", body: note, expect: 201 });
  if (posted?.body && posted.body.witnesses.join() !== auditor.id) api.fail("POST /v1/cosignatures", `witnesses ${posted.body.witnesses}`);
  const kept = (await api.check("/v1/cosignatures", `/v1/cosignatures?size=${posted?.body?.size}`, { expect: 200 })).body;
  if (kept && kept.cosignatures.length !== 1) api.fail("GET /v1/cosignatures", "the posted cosignature is not kept");
}

// 409, 422 and 403 from the rules, each naming its field.
async function refusedSubmissions(post, donation, posted) {
  const other = { ...posted, body: { ...posted.body, amount_fen: posted.body.amount_fen + 1 } };
  await post(signed(donation.org, other), { expect: 409, field: "idem" });
  const unknownFund = { ...posted, idem: `${posted.idem}-fund`, body: { ...posted.body, receipt: `${posted.body.receipt}-F`, fund: "no-such-fund" } };
  await post(signed(donation.org, unknownFund), { expect: 422, field: "body.fund" });
  const stranger = summary.receipts.find((r) => r.org !== donation.org);
  const foreignFund = { ...posted, idem: `${posted.idem}-foreign`, body: { ...posted.body, receipt: `${posted.body.receipt}-X`, fund: stranger.fund } };
  await post(signed(donation.org, foreignFund), { expect: 403, field: "body.fund" });
}

// A signed batch of two gifts: the request schema's other branch, and one
// result per event.
async function batch(post, request, donation, template) {
  const events = [1, 2].map((n) => ({
    type: template.type,
    idem: `${template.idem}-batch-${n}`,
    body: { ...template.body, receipt: `${template.body.receipt}-B${n}` },
  }));
  const body = signed(donation.org, { org: donation.org, events });
  api.validate("POST /v1/events (batch request)", "request body", request, JSON.parse(body));
  const created = await post(body, { expect: 201 });
  if (created?.body && created.body.results.length !== 2) api.fail("POST /v1/events (batch)", "not one result per event");
}

// Every GET operation must have answered 2xx at least once here: a route
// added to the document without a request here fails, so this test keeps up.
function coverage() {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ["get", "post", "head"]) {
      if (!item[method]) continue;
      const ok = [...api.covered].some((c) => c.startsWith(`${method} ${path} 2`));
      if (!ok) api.fail(`${method.toUpperCase()} ${path}`, "never answered 2xx in this test: add a request for it");
    }
  }
}

async function main() {
  try {
    await scenarios();
  } catch (e) {
    // An answer so wrong that a later step could not use it: the failures
    // so far say why.
    api.fail("the test itself", `stopped: ${e.stack}`);
  }
  for (const failure of api.failures) console.error(`openapi responses: ${failure}`);
  const failed = api.failures.length;
  console.log(`openapi responses: ${api.checked} requests checked against docs/openapi.yaml, ` +
              `${failed} mismatches; ${failed === 0 ? 1 : 0} passed, ${failed === 0 ? 0 : 1} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

async function scenarios() {
  const { size, events } = await logReads();
  await tiles(size);
  const { regions } = await orgsAndFunds();
  await moneyReads(events);
  await programmes(regions);
  await exports();
  await portal();
  await stream(size);
  await refusals(size);
  await submissions();
  coverage();
}

await main();
