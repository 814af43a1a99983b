import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './index';
import type { Emulator } from './index';

/**
 * Holds the emulator to GitHub's published OpenAPI description: a realistic session over
 * plain fetch, every response body validated against the schema GitHub documents for that
 * operation and status (test/emulator/openapi-snapshot.json, made by
 * scripts/openapi-snapshot.mjs).
 */

interface Snapshot {
  operations: Record<string, Record<string, unknown>>;
}
const snapshot = JSON.parse(readFileSync(new URL('./openapi-snapshot.json', import.meta.url), 'utf8')) as Snapshot;

// ajv-formats is CommonJS; under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule);
const ajv = new Ajv({ allErrors: true });
ajv.addVocabulary(['source', 'operations', 'components']); // the snapshot's own top-level keys
addFormats(ajv);
ajv.addSchema(snapshot, 'github');

function validatorFor(operation: string, status: number): ValidateFunction {
  const pointer = encodeURIComponent(operation.replaceAll('~', '~0').replaceAll('/', '~1'));
  const validate = ajv.getSchema(`github#/operations/${pointer}/${status}`);
  if (validate === undefined) throw new Error(`no schema for ${operation} ${status} in the snapshot`);
  return validate;
}

/** Validation errors of `body` as one readable string per error; empty when it conforms. */
function schemaErrors(operation: string, status: number, body: unknown): string[] {
  const validate = validatorFor(operation, status);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

const OWNER = 'acme';
const REPO = 'app';
const exercised = new Set<string>();
let emulator: Emulator;

/** Calls the emulator the way a client would and checks status and schema. */
async function call(operation: string, path: string, expectedStatus: number, body?: unknown): Promise<unknown> {
  const method = operation.split(' ')[0]!;
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: 'token test-token', accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json();
  expect(response.status, `${operation}: ${JSON.stringify(json)}`).toBe(expectedStatus);
  expect(schemaErrors(operation, expectedStatus, json), operation).toEqual([]);
  exercised.add(`${operation} ${expectedStatus}`);
  return json;
}

const ROOT = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const base = `/repos/${OWNER}/${REPO}`;

describe('the emulator conforms to GitHub\'s OpenAPI description', () => {
  beforeAll(async () => {
    emulator = await startEmulator({ repository: `${OWNER}/${REPO}` });
    emulator.addCommit({ sha: ROOT, tree: 'c'.repeat(40), parents: [], message: 'initial', date: '2026-01-01T10:00:00Z' });
    emulator.addCommit({ sha: HEAD, tree: 'd'.repeat(40), parents: [ROOT], message: 'feature\n\nbody', date: '2026-01-02T10:00:00Z' });
    emulator.setRef('main', HEAD);
    emulator.setRef('refs/tags/v1.0.0', ROOT);
    emulator.addPull({ number: 7, headRef: 'develop', headSha: HEAD, baseRef: 'main', baseSha: ROOT, body: 'Promote' });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('answers a realistic shipgate session with documented shapes', async () => {
    await call('GET /repos/{owner}/{repo}', base, 200);

    await call('POST /repos/{owner}/{repo}/statuses/{sha}', `${base}/statuses/${HEAD}`, 201, {
      state: 'success',
      context: 'shipgate/smoke-test (staging)',
      target_url: 'https://ci.example.test/1',
      description: 'all checks passed',
    });
    await call('POST /repos/{owner}/{repo}/statuses/{sha}', `${base}/statuses/${HEAD}`, 201, { state: 'pending' });
    await call('GET /repos/{owner}/{repo}/commits/{ref}/statuses', `${base}/commits/${HEAD}/statuses`, 200);
    await call('GET /repos/{owner}/{repo}/commits/{ref}/status', `${base}/commits/main/status`, 200);

    const deployments: { id: number }[] = [];
    for (const environment of ['staging', 'staging', 'production']) {
      deployments.push(
        (await call('POST /repos/{owner}/{repo}/deployments', `${base}/deployments`, 201, {
          ref: 'main',
          environment,
          auto_merge: false,
          required_contexts: [],
          payload: { shipgate: { kind: 'deploy', version: 'v1' } },
          description: 'deploy v1',
        })) as { id: number },
      );
    }
    emulator.forceNextDeploymentAccepted();
    await call('POST /repos/{owner}/{repo}/deployments', `${base}/deployments`, 202, { ref: 'main' });

    await call('GET /repos/{owner}/{repo}/deployments', `${base}/deployments?environment=staging&per_page=1`, 200);
    const [first, second] = deployments;
    await call('GET /repos/{owner}/{repo}/deployments/{deployment_id}', `${base}/deployments/${first!.id}`, 200);

    for (const deployment of [first!, second!]) {
      await call('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', `${base}/deployments/${deployment.id}/statuses`, 201, {
        state: 'in_progress',
        log_url: 'https://github.com/acme/app/actions/runs/1',
        description: 'shipgate canary step=1/4 weight=10 since=2026-11-23T13:00:00Z',
      });
      await call('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', `${base}/deployments/${deployment.id}/statuses`, 201, {
        state: 'success',
        environment_url: 'https://staging.example.test',
      });
    }
    // The second success made the first deployment inactive: list it to validate that status too.
    const statuses = (await call(
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      `${base}/deployments/${first!.id}/statuses`,
      200,
    )) as { id: number; state: string }[];
    expect(statuses.map((status) => status.state)).toEqual(['inactive', 'success', 'in_progress']);
    await call(
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
      `${base}/deployments/${first!.id}/statuses/${statuses[0]!.id}`,
      200,
    );

    await call('GET /repos/{owner}/{repo}/commits/{ref}', `${base}/commits/main`, 200);
    await call('GET /repos/{owner}/{repo}/commits/{ref}', `${base}/commits/v1.0.0`, 200);
    await call('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', `${base}/git/commits/${HEAD}`, 200);
    await call('GET /repos/{owner}/{repo}/pulls/{pull_number}', `${base}/pulls/7`, 200);
  });

  it('exercised every operation and success status in the snapshot', () => {
    const documented = Object.entries(snapshot.operations).flatMap(([operation, statuses]) =>
      Object.keys(statuses).map((status) => `${operation} ${status}`),
    );
    expect([...exercised].sort()).toEqual(documented.sort());
  });

  it('rejects a response missing a required field (the check has teeth)', async () => {
    const response = await fetch(`${emulator.url}${base}/commits/${HEAD}`, { headers: { authorization: 'token t' } });
    const commit = (await response.json()) as Record<string, unknown> & { commit: Record<string, unknown> };
    const operation = 'GET /repos/{owner}/{repo}/commits/{ref}';
    expect(schemaErrors(operation, 200, commit)).toEqual([]);

    const { sha: _sha, ...withoutSha } = commit;
    expect(schemaErrors(operation, 200, withoutSha)).toContain("/ must have required property 'sha'");
    const withoutTree = { ...commit, commit: { ...commit.commit, tree: undefined } };
    expect(schemaErrors(operation, 200, JSON.parse(JSON.stringify(withoutTree)))).toContain(
      "/commit must have required property 'tree'",
    );
    expect(schemaErrors(operation, 200, { ...commit, url: 'not a uri' })).toContain('/url must match format "uri"');
  });
});
