#!/usr/bin/env node
// Extracts, from GitHub's published OpenAPI description, the response schemas of the
// REST operations the test emulator (test/emulator/) implements, into the committed,
// self-contained test/emulator/openapi-snapshot.json that openapi-conformance.test.ts
// validates the emulator against.
//
// @octokit/openapi is ~385 MB unpacked, so it is deliberately not a dependency. To refresh
// the snapshot (after GitHub changes its API, or when the emulator gains an endpoint):
//
//   npm install --no-save @octokit/openapi
//   node scripts/openapi-snapshot.mjs
//
// Only the success responses are kept, every `$ref` they reach is copied into
// `components.schemas`, and prose (`description`, `example`, `x-github-*` notes) is dropped, so the
// snapshot stays small and diffs stay readable.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `METHOD path` → success status codes. Keep in step with test/emulator/routes.ts. */
const OPERATIONS = {
  'GET /repos/{owner}/{repo}': ['200'],
  'POST /repos/{owner}/{repo}/deployments': ['201', '202'],
  'GET /repos/{owner}/{repo}/deployments': ['200'],
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}': ['200'],
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': ['201'],
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': ['200'],
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}': ['200'],
  'POST /repos/{owner}/{repo}/statuses/{sha}': ['201'],
  'GET /repos/{owner}/{repo}/commits/{ref}/statuses': ['200'],
  'GET /repos/{owner}/{repo}/commits/{ref}/status': ['200'],
  'GET /repos/{owner}/{repo}/commits/{ref}': ['200'],
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': ['200'],
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': ['200'],
};

/** Keys that carry documentation only; validation does not need them. */
const PROSE_KEYS = new Set(['description', 'example', 'examples', 'externalDocs', 'summary', 'title']);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputFile = path.join(root, 'test/emulator/openapi-snapshot.json');

const require = createRequire(import.meta.url);
let specFile;
try {
  specFile = require.resolve('@octokit/openapi/generated/api.github.com.json', { paths: [root] });
} catch {
  console.error('@octokit/openapi is not installed. Run: npm install --no-save @octokit/openapi');
  process.exit(1);
}
const packageVersion = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json', { paths: [root] }), 'utf8')).version;
// Read the non-dereferenced file directly: the package's index.js would load all ten specs (~400 MB).
const spec = JSON.parse(readFileSync(specFile, 'utf8'));

/** Follows a local JSON pointer such as `#/components/responses/foo`. */
function lookUp(pointer) {
  if (!pointer.startsWith('#/')) throw new Error(`non-local $ref: ${pointer}`);
  let node = spec;
  for (const segment of pointer.slice(2).split('/')) {
    node = node?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (node === undefined) throw new Error(`dangling $ref: ${pointer}`);
  return node;
}

const reachedSchemas = {};

/**
 * Copies a schema without prose, collecting every component schema it references.
 * `isPropertyMap` marks the value of `properties`, whose keys are field names (a field
 * may well be called `description` or `title`), not keywords.
 */
function collect(node, isPropertyMap = false) {
  if (Array.isArray(node)) return node.map((item) => collect(item));
  if (node === null || typeof node !== 'object') return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref') {
      const match = /^#\/components\/schemas\/(.+)$/.exec(value);
      if (!match) throw new Error(`unexpected $ref inside a schema: ${value}`);
      const name = match[1];
      if (!(name in reachedSchemas)) {
        reachedSchemas[name] = {}; // placeholder first: schemas can be recursive
        reachedSchemas[name] = collect(lookUp(value));
      }
      copy.$ref = value;
    } else if ((PROSE_KEYS.has(key) || key.startsWith('x-')) && !isPropertyMap) {
      continue;
    } else {
      copy[key] = collect(value, !isPropertyMap && key === 'properties');
    }
  }
  return isPropertyMap ? copy : emptyDefaultUri(nullableWithoutType(copy));
}

/**
 * GitHub documents `""` as the default of some URL fields (a deployment status's
 * target_url, log_url, environment_url) and sends exactly that when they are unset, which
 * `format: uri` alone would reject. Accept the documented default, and only for those fields.
 */
function emptyDefaultUri(schema) {
  if (schema.format !== 'uri' || schema.default !== '') return schema;
  return { anyOf: [schema, { const: '' }] };
}

/**
 * OpenAPI 3.0's `nullable` only means something beside `type` (ajv enforces that); GitHub
 * also writes it beside `oneOf`/`anyOf`. Spell that case as JSON Schema so ajv can compile it.
 */
function nullableWithoutType(schema) {
  if (schema.nullable !== true || 'type' in schema) return schema;
  const { nullable: _nullable, ...rest } = schema;
  return { anyOf: [rest, { type: 'null' }] };
}

const operations = {};
for (const [operation, statuses] of Object.entries(OPERATIONS)) {
  const [method, route] = operation.split(' ');
  const definition = spec.paths[route]?.[method.toLowerCase()];
  if (!definition) throw new Error(`operation not in the OpenAPI description: ${operation}`);
  operations[operation] = {};
  for (const status of statuses) {
    let response = definition.responses[status];
    if (response?.$ref) response = lookUp(response.$ref);
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${operation} has no JSON schema for ${status}`);
    operations[operation][status] = collect(schema);
  }
}

const snapshot = {
  source: `@octokit/openapi@${packageVersion} generated/api.github.com.json (OpenAPI ${spec.openapi})`,
  operations,
  components: {
    schemas: Object.fromEntries(Object.entries(reachedSchemas).sort(([a], [b]) => a.localeCompare(b))),
  },
};
writeFileSync(outputFile, `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(
  `wrote ${path.relative(root, outputFile)}: ${Object.keys(operations).length} operations, ` +
    `${Object.keys(reachedSchemas).length} component schemas`,
);
