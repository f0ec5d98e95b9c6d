// docs/openapi.yaml loaded once, and its JSON Schemas compiled with Ajv's
// 2020-12 build (the dialect OpenAPI 3.1 uses), shared by the document
// check and the response check.
//
// Ajv does not know OpenAPI's document layout, so the component schemas
// are handed to it as the `$defs` of one schema with its own `$id`, and
// every `#/components/schemas/X` reference is rewritten to point there.
// Strict mode stays on (but for strictTypes, which would ask for a `type`
// beside every `properties`): a misspelt keyword in the document is an
// error, not a silently ignored constraint.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

const addFormats = addFormatsModule.default ?? addFormatsModule;
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..");
// OPENAPI_DOCUMENT: another document to check (to see a changed one fail).
export const documentPath = process.env.OPENAPI_DOCUMENT ?? join(repoRoot, "docs", "openapi.yaml");

const kSchemasId = "https://welfare-ledger.invalid/openapi/schemas";

// Parses the YAML strictly: duplicate keys and other errors throw.
export function loadDocument(path = documentPath) {
  return parse(readFileSync(path, "utf8"), { prettyErrors: true, uniqueKeys: true });
}

// A deep copy of `node` with local component references made absolute.
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
      out[key] = `${kSchemasId}#/$defs/${value.slice("#/components/schemas/".length)}`;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}

// Resolves a local `#/components/...` reference of the document (for
// responses, parameters and headers, which are not JSON Schemas).
export function resolve(doc, node) {
  let seen = 0;
  while (node && typeof node.$ref === "string") {
    if (!node.$ref.startsWith("#/") || ++seen > 16) throw new Error(`cannot resolve ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce((at, part) => (at === undefined ? undefined : at[part.replace(/~1/g, "/").replace(/~0/g, "~")]), doc);
    if (node === undefined) throw new Error("dangling reference");
  }
  return node;
}

export class SchemaSet {
  constructor(doc) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: kSchemasId, $defs: rewriteRefs(doc.components?.schemas ?? {}) });
    this.cache = new Map();
  }

  // A validate function for a schema taken from the document.
  compile(schema) {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema));
      this.cache.set(schema, validate);
    }
    return validate;
  }

  // Every component schema at once: throws on the first that is invalid.
  compileAll(doc) {
    for (const name of Object.keys(doc.components?.schemas ?? {}))
      this.ajv.compile({ $ref: `${kSchemasId}#/$defs/${name}` });
  }
}

// The first few of Ajv's errors, one line, for a failure message.
export function describeErrors(errors) {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`)
    .join("; ");
}
