// Sends one request to a live ledgerd and checks its answer against the
// operation docs/openapi.yaml documents for it: the status is one the
// operation lists, the Content-Type is one of that response's media types
// exactly, every required header is there and matches its schema, and the
// body matches the media type's schema (JSON parsed strictly; text as a
// string; binary only for being there). Mismatches are collected, each
// with the request and Ajv's error, so that one run reports them all.
import { connect } from "node:net";
import { SchemaSet, describeErrors, resolve } from "./openapi_doc.mjs";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class ResponseChecker {
  constructor(doc, baseUrl) {
    this.doc = doc;
    this.baseUrl = baseUrl;
    this.schemas = new SchemaSet(doc);
    this.failures = [];
    this.checked = 0;
    this.covered = new Set();  // "get /v1/orgs/{id}" seen answering
  }

  fail(what, message) {
    this.failures.push(`${what}: ${message}`);
  }

  // The documented response of `docPath` `method` for `status`, or null.
  documented(docPath, method, status) {
    const op = this.doc.paths?.[docPath]?.[method.toLowerCase()];
    if (!op) throw new Error(`the document has no ${method} ${docPath}`);
    const ref = op.responses?.[String(status)];
    return ref ? resolve(this.doc, ref) : null;
  }

  // Sends the request. `options`: method, headers, body, raw (the request's
  // head as bytes to write on a socket of its own, for answers that close
  // the connection before a body is sent), expect (the
  // status the scenario expects), field (the problem's errors[0].field),
  // component (check against components.responses[component] instead of
  // the operation: 405 and unrouted 404).
  async check(docPath, path, options = {}) {
    const method = options.method ?? "GET";
    const what = `${method} ${path}`;
    ++this.checked;
    let res;
    let bytes;
    try {
      if (options.raw) {
        ({ res, bytes } = await rawExchange(this.baseUrl, options.raw));
      } else {
        res = await fetch(this.baseUrl + path, {
          method,
          headers: options.headers,
          body: options.body,
          redirect: "manual",
        });
        bytes = new Uint8Array(await res.arrayBuffer());
      }
    } catch (e) {
      this.fail(what, `request failed: ${e.cause?.message ?? e.message}`);
      return null;
    }
    if (options.expect !== undefined && res.status !== options.expect)
      this.fail(what, `status ${res.status}, expected ${options.expect}: ${truncate(bytes)}`);
    const response = options.component
      ? resolve(this.doc, { $ref: `#/components/responses/${options.component}` })
      : this.documented(docPath, method, res.status);
    if (!response) {
      this.fail(what, `status ${res.status} is not documented for ${method} ${docPath}: ${truncate(bytes)}`);
      return null;
    }
    if (!options.component) this.covered.add(`${method.toLowerCase()} ${docPath} ${res.status}`);
    this.checkHeaders(what, response, res.headers);
    const body = this.checkBody(what, response, res.headers.get("content-type"), bytes, method);
    if (options.field !== undefined && body?.errors) {
      const field = body.errors[0]?.field;
      if (field !== options.field) this.fail(what, `problem names field ${JSON.stringify(field)}, expected ${JSON.stringify(options.field)}`);
    }
    return { status: res.status, headers: res.headers, bytes, body };
  }

  checkHeaders(what, response, headers) {
    for (const [name, ref] of Object.entries(response.headers ?? {})) {
      const header = resolve(this.doc, ref);
      const value = headers.get(name);
      if (value === null) {
        if (header.required) this.fail(what, `header ${name} is missing`);
        continue;
      }
      if (header.schema) this.validate(what, `header ${name}`, header.schema, value);
    }
  }

  // The body as the media type says: parsed JSON, text, or the bytes.
  checkBody(what, response, contentType, bytes, method) {
    const content = response.content ?? {};
    if (Object.keys(content).length === 0 || method === "HEAD") {
      if (bytes.length !== 0) this.fail(what, `a body of ${bytes.length} bytes where none is documented`);
      return null;
    }
    const type = Object.keys(content).find((key) => sameMediaType(key, contentType ?? ""));
    if (!type) {
      this.fail(what, `Content-Type ${JSON.stringify(contentType)} is not one of ${Object.keys(content).join(" | ")}`);
      return null;
    }
    const schema = content[type].schema;
    let body;
    if (/[/+]json\b/.test(type)) {
      try {
        body = JSON.parse(utf8.decode(bytes));
      } catch (e) {
        this.fail(what, `the body is not JSON: ${e.message}`);
        return null;
      }
    } else if (type.startsWith("text/") || type.startsWith("image/svg")) {
      try {
        body = utf8.decode(bytes);
      } catch (e) {
        this.fail(what, `the body is not UTF-8: ${e.message}`);
        return null;
      }
    } else {
      if (bytes.length === 0) this.fail(what, "an empty binary body");
      return bytes;
    }
    if (schema) this.validate(what, "body", schema, body);
    return body;
  }

  validate(what, part, schema, value) {
    const validate = this.schemas.compile(schema);
    if (!validate(value)) this.fail(what, `${part} does not match the document: ${describeErrors(validate.errors)}`);
    return validate;
  }
}

// "application/json; charset=utf-8" against a header value, ignoring case
// and the spaces around ';'.
function sameMediaType(documented, sent) {
  const norm = (text) => text.toLowerCase().split(";").map((part) => part.trim()).join(";");
  return norm(documented) === norm(sent);
}

function truncate(bytes) {
  const text = new TextDecoder("utf-8").decode(bytes.slice(0, 300));
  return bytes.length > 300 ? `${text}…` : text;
}

// Writes `head` on a new connection and reads the answer until the server
// closes it: for a request whose body is refused before it is sent, which
// a fetch() could race with the close.
function rawExchange(baseUrl, head) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolvePromise, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    const chunks = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf("\r\n\r\n");
      if (end < 0) return reject(new Error("no complete HTTP answer"));
      const [statusLine, ...lines] = all.subarray(0, end).toString("latin1").split("\r\n");
      const headers = new Headers(lines.map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
      const length = Number(headers.get("content-length") ?? 0);
      const res = { status: Number(statusLine.split(" ")[1]), headers };
      resolvePromise({ res, bytes: new Uint8Array(all.subarray(end + 4, end + 4 + length)) });
    });
  });
}
