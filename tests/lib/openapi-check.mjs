// Validates real responses against the OpenAPI document the server under test serves at
// /openapi.json. tests/lib/harness.mjs call() runs every response of the e2e suite through
// checkResponse(), so a route that is served but not described, a status that is not described,
// or a body that does not match its schema fails the test that saw it.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

let loading = null;  // one document per test process: every server runs the same binary

// Concurrent first calls share one fetch and one compilation.
function documentOf(server) {
  loading ??= load(server).catch((e) => {
    loading = null;
    throw e;
  });
  return loading;
}

async function load(server) {
  const r = await fetch(`${server.baseUrl}/openapi.json`);
  if (r.status !== 200) throw new Error(`GET /openapi.json -> ${r.status}`);
  const doc = await r.json();
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addFormat("uuid4", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addSchema(doc, "openapi.json");
  const operations = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${path.split("/").map((segment) =>
      /^\{.+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("/")}$`);
    const placeholders = (path.match(/\{/g) ?? []).length;
    operations.push({ path, item, pattern, placeholders });
  }
  // A literal segment beats a placeholder, as in the server's router.
  operations.sort((a, b) => a.placeholders - b.placeholders);
  return { doc, ajv, operations, validators: new Map() };
}

function pointer(...parts) {
  return parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

function resolve(doc, object) {
  if (!object?.$ref) return object;
  return object.$ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => node?.[key], doc);
}

// Throws when the response is not what the document says this operation answers.
export async function checkResponse(server, method, rawPath, status, body, contentType) {
  const { doc, ajv, operations, validators } = await documentOf(server);
  let path = rawPath.split("?")[0];
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const m = method.toLowerCase();
  const matching = operations.filter((o) => o.pattern.test(path));
  // Unserved paths and methods are answered 404/405: nothing to describe.
  if (matching.length === 0 || !matching.some((o) => o.item[m])) {
    if (status === 404 || status === 405) return;
    throw new Error(`${method} ${path} answered ${status} but is not described in /openapi.json`);
  }
  const operation = matching.find((o) => o.item[m]);
  const responses = operation.item[m].responses;
  const key = String(status) in responses ? String(status) : "default";
  const response = resolve(doc, responses[key]);
  if (!response) throw new Error(`${method} ${operation.path}: status ${status} is not described`);
  const content = response.content;
  if (!content || status === 204) return;
  const media = Object.keys(content).find((type) => (contentType ?? "").startsWith(type.split(";")[0]));
  if (!media) throw new Error(`${method} ${operation.path} ${status}: content type ${contentType} is not described`);
  if (!media.startsWith("application/json")) return;
  const ref = responses[key].$ref
    ? `openapi.json${responses[key].$ref}/content/${pointer(media)}/schema`
    : `openapi.json#/paths/${pointer(operation.path, m, "responses", key, "content", media, "schema")}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  if (!validate(body)) {
    throw new Error(`${method} ${operation.path} ${status}: the body does not match /openapi.json: ` +
      `${ajv.errorsText(validate.errors, { separator: "; " })}\nbody: ${JSON.stringify(body).slice(0, 800)}`);
  }
}
