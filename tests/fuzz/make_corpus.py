#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from
the project's test data: the RFC 8785 vectors, the schema tests' example
bodies (tests/schema_cases.hpp) and what the v3 ledger fixture's server
answered (tests/data/ledger-v3/answers.jsonl: stored events, checkpoint
notes, the log key, request targets). Run it again after changing those;
the fuzzers add no files here (new inputs go to the build directory).
Files that libFuzzer saved for a crash are added by hand, named
crash-<what>, beside the seeds that it found them from.

Usage: tests/fuzz/make_corpus.py   (from anywhere; rewrites seed-* files)
"""
import base64
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
TESTS = HERE.parent
CORPUS = HERE / "corpus"


def canonical(value):
    # Integer-only values with ASCII keys: Python's sorted, compact,
    # non-ASCII-preserving dump is their RFC 8785 form (checked below
    # against the fixture's raw bytes).
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / f"seed-{name}").write_bytes(data)


def clear_seeds():
    for path in CORPUS.glob("*/seed-*"):
        path.unlink()


def answers():
    lines = (TESTS / "data/ledger-v3/answers.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def schema_examples():
    text = (TESTS / "schema_cases.hpp").read_text(encoding="utf-8")
    start = text.index("kExamples")
    found = re.findall(r'\{"([a-z_.]+)",\s*R"\((.*?)\)"\}', text[start:], re.S)
    return {name: json.loads(body) for name, body in found}


def main():
    clear_seeds()
    served = answers()
    by_path = {a["path"]: a for a in served}

    # RFC 8785 vectors and number edge cases: both JSON targets.
    rfc = TESTS / "vectors/rfc8785"
    for path in sorted((rfc / "input").glob("*.json")):
        for target in ("json_parse_fuzz", "canonical_diff_fuzz"):
            write(target, f"rfc8785-{path.stem}", path.read_bytes())
            write(target, f"rfc8785-{path.stem}-canonical", (rfc / "output" / path.name).read_bytes())
    numbers = ["0", "-0", "-0.0", "1e21", "1e20", "1e-6", "1e-7", "5e-324", "1.7976931348623157e308",
               "9007199254740991", "9007199254740992", "-9007199254740991", "18446744073709551616",
               "0.1", "123456789012345680000", "[1.5,2,-3e-10]"]
    for i, number in enumerate(numbers):
        write("canonical_diff_fuzz", f"number-{i}", number)
        write("json_parse_fuzz", f"number-{i}", number)
    edges = {"deep-32": "[" * 32 + "]" * 32, "deep-33": "[" * 33 + "]" * 33,
             "duplicate": '{"a":1,"a":2}', "surrogate": '"\\ud800"', "pair": '"\\ud83d\\ude02"',
             "escapes": '"\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f\\/"', "utf8": '"\u00e9\u4e2d\U0001f600"'}
    for name, text in edges.items():
        write("json_parse_fuzz", name, text)

    # Submissions: each example body signed (the signature is not checked
    # by the decoder, so any 64 bytes will do), a batch, and stored events.
    sig = base64.b64encode(bytes(range(64))).decode()
    examples = schema_examples()
    for name, body in sorted(examples.items()):
        single = {"type": name, "org": "reg", "idem": f"idem-{name}", "body": body, "sig": sig}
        write("submission_fuzz", f"single-{name}", canonical(single))
        write("json_parse_fuzz", f"body-{name}", json.dumps(body, ensure_ascii=False, indent=1))
    batch = {"org": "reg", "sig": sig, "events": [
        {"type": name, "idem": f"b-{i}", "body": body}
        for i, (name, body) in enumerate(sorted(examples.items())[:3])]}
    write("submission_fuzz", "batch", canonical(batch))

    raw = {}
    for path, answer in by_path.items():
        match = re.fullmatch(r"/v1/events/(\d+)/raw", path)
        if match and answer["status"] == 200:
            raw[int(match.group(1))] = answer["body"]
    for seq, body in sorted(raw.items()):
        write("submission_fuzz", f"stored-{seq}", body)
        write("json_parse_fuzz", f"stored-{seq}", body)

    # Notes: the fixture's checkpoints, their bodies, its log key, and one
    # signature line alone.
    for path in ("/v1/checkpoint", "/v1/checkpoint?size=746"):
        note = by_path[path]["body"]
        size = note.split("\n")[1]
        write("note_fuzz", f"note-{size}", note)
        write("note_fuzz", f"body-{size}", note[: note.index("\n\n") + 1])
        write("note_fuzz", f"line-{size}", note.split("\n")[4])
    write("note_fuzz", "log-key", by_path["/v1/log/key"]["body"])

    # Export files: the header, the first events (their canonical bytes,
    # rebuilt from the served list and checked against the raw ones), and
    # the fixture's checkpoints (beyond these events: "at the end").
    listed = json.loads(by_path["/v1/events?from=0&limit=1000"]["body"])["events"]
    events = []
    for event in listed:
        event = dict(event)
        event.pop("leaf_hash", None)
        events.append(canonical(event))
    for seq, body in raw.items():
        assert events[seq] == body, f"event {seq}: rebuilt bytes differ from the raw ones"
    key = by_path["/v1/log/key"]["body"].strip()
    header = canonical({"format": "welfare-ledger-export/1", "log_key": key,
                        "origin": "ledger.example.org/fixture"})
    notes = [canonical({"checkpoint": by_path[p]["body"]}) for p in ("/v1/checkpoint?size=746", "/v1/checkpoint")]
    write("export_file_fuzz", "events-3", "\n".join([header] + events[:3]) + "\n")
    write("export_file_fuzz", "events-8-notes", "\n".join([header] + events[:8] + notes) + "\n")
    write("export_file_fuzz", "header-only", header + "\n")

    # Request targets and whole requests: one of each route's answers.
    seen = set()
    targets = []
    for answer in served:
        path, _, query = answer["path"].partition("?")
        segments = path.split("/")
        names = sorted(pair.partition("=")[0] for pair in query.split("&") if pair)
        shape = (tuple(segments[:3]), segments[-1] if len(segments) > 4 else "", tuple(names))
        if shape not in seen:
            seen.add(shape)
            targets.append(answer["path"])
    targets += ["/v1/events?from=%30&limit=2", "/v1/funds/%E6%B7%B1?x", "/?a=1&&b", "/v1/checkpoint?size=01"]
    for i, target in enumerate(targets):
        write("query_fuzz", f"target-{i}", target)
        write("http_request_fuzz", f"get-{i}", f"GET {target} HTTP/1.1\r\nHost: ledger\r\n\r\n")
    post = canonical({"type": "lottery.rate_set", "org": "reg", "idem": "fuzz-1", "sig": "fuzz",
                      "body": {"game": "game-9", "welfare_rate_bp": 3600, "effective_from": "2026-01"}})
    write("http_request_fuzz", "post-signed",
          f"POST /v1/events HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n"
          f"Content-Length: {len(post.encode())}\r\n\r\n{post}")
    cosign = "POST /v1/cosignatures HTTP/1.1\r\nHost: ledger\r\nContent-Length: 2\r\n\r\n{}"
    write("http_request_fuzz", "post-cosignature", cosign)
    write("http_request_fuzz", "chunked",
          "POST /v1/events HTTP/1.1\r\nHost: ledger\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")


if __name__ == "__main__":
    main()
