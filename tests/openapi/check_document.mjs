// The ctest `openapi_document_valid`: docs/openapi.yaml is a valid
// OpenAPI 3.1 document (checked by @seriousme/openapi-schema-validator
// against the specification's own JSON Schema), every JSON Schema in it
// compiles under Ajv's strict 2020-12 mode, and its paths are exactly the
// routes ledgerd registers: a route missing from the document, or a
// documented operation no route serves, fails.
//
// Routes are read from the source: every `router.Add…(METHOD, "PATTERN", …)`
// under api/. A registration the scan cannot read also fails, so a new
// way of registering routes cannot slip past unnoticed. A documented path
// that realises a router pattern of another shape (the tiles' catch-all
// `/tile/{rest...}`) names it in `x-ledgerd-routes`.
//
// Usage: node check_document.mjs [DOCUMENT]. Exit 0 valid, 1 not.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { SchemaSet, loadDocument, documentPath, repoRoot, resolve } from "./openapi_doc.mjs";

const kMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const failures = [];
const fail = (message) => failures.push(message);

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(cpp|hpp)$/.test(name)) out.push(path);
  }
  return out;
}

// [{method, pattern, where}] of every route registered under api/.
function registeredRoutes(apiDir = join(repoRoot, "api")) {
  const routes = [];
  const call = /\brouter\s*(?:\.|->)\s*Add\w*\s*\(/g;
  const args = /^\s*(?:"([A-Z]+)"|(\w+))\s*,\s*"([^"]*)"/;
  for (const file of sourceFiles(apiDir)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(call)) {
      const line = text.slice(0, match.index).split("\n").length;
      const where = `${relative(repoRoot, file)}:${line}`;
      const parsed = args.exec(text.slice(match.index + match[0].length));
      if (!parsed) {
        fail(`${where}: a route registration this check cannot read; give it a literal method and pattern`);
        continue;
      }
      let methods = parsed[1] ? [parsed[1]] : null;
      if (!methods) {
        // `for (const char* method : {"GET", "HEAD"}) router.Add(method, …)`
        const before = text.slice(0, match.index);
        const loop = [...before.matchAll(new RegExp(`for\\s*\\([^:)]*\\b${parsed[2]}\\s*:\\s*\\{([^}]*)\\}\\s*\\)`, "g"))].pop();
        methods = loop ? [...loop[1].matchAll(/"([A-Z]+)"/g)].map((m) => m[1]) : [];
        if (methods.length === 0) {
          fail(`${where}: the method variable ${parsed[2]} is not a literal list this check can read`);
          continue;
        }
      }
      for (const method of methods) routes.push({ method, pattern: parsed[3], where });
    }
  }
  return routes;
}

function checkRoutes(doc) {
  const routes = registeredRoutes();
  if (routes.length < 20) fail(`found only ${routes.length} routes under api/: the scan is broken`);
  // pattern -> [documented path], from the path itself and x-ledgerd-routes.
  const documentedAs = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const patterns = item["x-ledgerd-routes"] ?? [path];
    for (const pattern of patterns) documentedAs.set(pattern, [...(documentedAs.get(pattern) ?? []), path]);
  }
  const served = new Set();
  for (const { method, pattern, where } of routes) {
    const paths = documentedAs.get(pattern) ?? [];
    const documented = paths.filter((path) => doc.paths[path][method.toLowerCase()]);
    if (documented.length === 0) fail(`${method} ${pattern} (${where}) is not in the document`);
    for (const path of paths) served.add(`${method.toLowerCase()} ${path}`);
  }
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of kMethods)
      if (item[method] && !served.has(`${method} ${path}`))
        fail(`${method.toUpperCase()} ${path} is documented, but no route in api/ serves it`);
  return routes.length;
}

// Problems are problem JSON; JSON answers are JSON with a schema.
function checkOperations(doc, schemas) {
  let operations = 0;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of kMethods) {
      const op = item[method];
      if (!op) continue;
      ++operations;
      for (const [status, ref] of Object.entries(op.responses ?? {})) {
        const response = resolve(doc, ref);
        for (const [type, media] of Object.entries(response.content ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status} ${type}`;
          if (Number(status) >= 400 && !type.startsWith("application/problem+json"))
            fail(`${where}: an error must be application/problem+json`);
          if (!media.schema) fail(`${where}: no schema`);
          else {
            try {
              schemas.compile(media.schema);
            } catch (e) {
              fail(`${where}: ${e.message}`);
            }
          }
        }
      }
      for (const ref of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const parameter = resolve(doc, ref);
        try {
          schemas.compile(parameter.schema);
        } catch (e) {
          fail(`${method.toUpperCase()} ${path} parameter ${parameter.name}: ${e.message}`);
        }
      }
    }
  }
  return operations;
}

async function main() {
  const path = process.argv[2] ?? documentPath;
  let doc;
  try {
    doc = loadDocument(path);
  } catch (e) {
    console.error(`openapi: ${path} does not parse: ${e.message}`);
    process.exit(1);
  }
  const result = await new Validator().validate(doc);
  if (!result.valid) fail(`not a valid OpenAPI document: ${JSON.stringify(result.errors, null, 1)}`);
  if (doc.openapi !== "3.1.0") fail(`openapi is ${doc.openapi}, expected 3.1.0`);

  const schemas = new SchemaSet(doc);
  try {
    schemas.compileAll(doc);
  } catch (e) {
    fail(`a component schema does not compile: ${e.message}`);
  }
  const operations = checkOperations(doc, schemas);
  const routes = checkRoutes(doc);

  for (const message of failures) console.error(`openapi: ${message}`);
  const passed = failures.length === 0;
  console.log(`openapi document: ${operations} operations, ${routes} registered routes; ` +
              `${passed ? 1 : 0} passed, ${passed ? 0 : 1} failed`);
  process.exit(passed ? 0 : 1);
}

await main();
