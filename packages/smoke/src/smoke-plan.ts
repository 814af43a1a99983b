import { isHttpUrl, lineProblem, MAX_URL_LENGTH, ShipgateError } from '@shipgate/core';
import type { HttpCheck, LoadOptions, Threshold } from '@shipgate/probe';
import { findLastGoodDeployment, type DeploymentRecords } from '@shipgate/records';
import type { ChecksFile, CheckSpec } from './checks-schema';
import { mergeHeaders } from './header-lines';

/** What the user asked for, from the action's inputs and the checks file. */
export interface SmokeSettings {
  environment: string;
  /** Unset: the environment's latest successful deployment's environment_url. */
  url?: string;
  checks: ChecksFile;
  waitTimeoutMs: number;
  requestTimeoutMs: number;
  /** The inputs; a value left at its action.yml default does not override the checks file. */
  loadRequests: number;
  loadConcurrency: number;
  thresholds: Threshold[];
  /** Sent with every request; the values are secrets. */
  headers: Record<string, string>;
}

export const DEFAULT_LOAD_REQUESTS = 0;
export const DEFAULT_LOAD_CONCURRENCY = 10;

/** Everything resolved, before any request is sent (shown as is by dry-run). */
export interface SmokePlan {
  environment: string;
  baseUrl: string;
  /** Where baseUrl came from: `input`, or the deployment it was read from. */
  urlSource: string;
  checks: HttpCheck[];
  load?: Omit<LoadOptions, 'signal'>;
  thresholds: Threshold[];
  waitTimeoutMs: number;
  requestTimeoutMs: number;
}

/** The `url` input, else the environment_url of the environment's latest good deployment. */
export async function resolveBaseUrl(settings: Pick<SmokeSettings, 'url' | 'environment'>, records: () => Promise<DeploymentRecords>): Promise<{ url: string; source: string }> {
  if (settings.url) return { url: settings.url, source: 'input' };
  const good = await findLastGoodDeployment(await records(), settings.environment);
  if (!good) {
    throw new ShipgateError(`is not set and environment '${settings.environment}' has no successful deployment to take its URL from; set url`, 'url');
  }
  const { deployment, success } = good;
  if (!success.environmentUrl) {
    throw new ShipgateError(
      `is not set and the latest successful deployment of '${settings.environment}' (#${deployment.id}, ${deployment.sha.slice(0, 7)}) has no environment_url; set url`,
      'url',
    );
  }
  // Recorded by whoever deployed: refuse one that would publish credentials or break a log line, without quoting it.
  if (!isHttpUrl(success.environmentUrl) || lineProblem(success.environmentUrl, { max: MAX_URL_LENGTH })) {
    throw new ShipgateError(
      `is not set and the environment_url of deployment #${deployment.id} is not a one-line http(s) URL without user:password@; set url`,
      'url',
    );
  }
  return { url: success.environmentUrl, source: `deployment #${deployment.id} (${deployment.sha.slice(0, 7)})` };
}

export function planSmoke(settings: SmokeSettings, base: { url: string; source: string }): SmokePlan {
  const checks = settings.checks.checks.map((spec) => toHttpCheck(spec, base.url, settings.headers));
  const first = checks[0] as HttpCheck;
  const fileLoad = settings.checks.load;
  const requests = settings.loadRequests !== DEFAULT_LOAD_REQUESTS ? settings.loadRequests : (fileLoad?.requests ?? 0);
  const concurrency = settings.loadConcurrency !== DEFAULT_LOAD_CONCURRENCY ? settings.loadConcurrency : (fileLoad?.concurrency ?? DEFAULT_LOAD_CONCURRENCY);
  // Input thresholds win over the file's for the same metric.
  const byMetric = new Map<string, Threshold>();
  for (const t of [...(settings.checks.thresholds ?? []), ...settings.thresholds]) byMetric.set(`${t.metric}${t.operator[0]}`, t);
  const thresholds = [...byMetric.values()];
  if (thresholds.length > 0 && requests === 0) {
    throw new ShipgateError(
      `(${thresholds.map((t) => t.expression).join(', ')}) apply to the load burst, but there is none; set load-requests or load.requests in the checks file`,
      'thresholds',
    );
  }
  let load: SmokePlan['load'];
  if (requests > 0) {
    // With no load target of its own, the burst repeats the first check's request.
    const target = fileLoad?.path || fileLoad?.url;
    load = target
      ? { url: resolveUrl(base.url, fileLoad), method: fileLoad.method ?? 'GET', headers: settings.headers, requests, concurrency, timeoutMs: settings.requestTimeoutMs }
      : { url: first.url, method: first.method, headers: first.headers, body: first.body, requests, concurrency, timeoutMs: settings.requestTimeoutMs };
  }
  return {
    environment: settings.environment,
    baseUrl: base.url,
    urlSource: base.source,
    checks,
    load,
    thresholds,
    waitTimeoutMs: settings.waitTimeoutMs,
    requestTimeoutMs: settings.requestTimeoutMs,
  };
}

function toHttpCheck(spec: CheckSpec, baseUrl: string, headers: Record<string, string>): HttpCheck {
  const method = spec.method ?? 'GET';
  const url = resolveUrl(baseUrl, spec);
  let body: string | undefined;
  const extra: Record<string, string> = {};
  if (typeof spec.body === 'string') body = spec.body;
  else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    extra['content-type'] = 'application/json';
  }
  return {
    name: spec.name ?? `${method} ${spec.url ?? spec.path ?? '/'}`,
    method,
    url,
    headers: mergeHeaders(headers, extra, spec.headers),
    body,
    expect: {
      status: spec.expect?.status ?? '2xx',
      json: spec.expect?.json,
      bodyContains: spec.expect?.['body-contains'],
      headers: spec.expect?.headers,
      maxLatencyMs: spec.expect?.['max-latency'],
    },
  };
}

/** `https://app.test/base` + `/health` → `https://app.test/base/health` (the base's path is kept). */
function resolveUrl(baseUrl: string, target: { path?: string; url?: string }): string {
  if (target.url) return target.url;
  return `${baseUrl.replace(/\/+$/, '')}${target.path ?? '/'}`;
}
