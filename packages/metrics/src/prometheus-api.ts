import { ShipgateError, createRedactor } from '@shipgate/core';
import { request } from 'undici';
import { z } from 'zod';

const URL_INPUT = 'prometheus-url';

/** One series of an instant vector: its labels and its value (NaN and ±Inf as Prometheus writes them). */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** `badQuery`: Prometheus could not parse or type-check the expression (the user's query is wrong). */
/** A server's error text may echo what it was sent (the Authorization header, the password). */
const hideSecrets = (text: string, secrets: readonly string[]): string => createRedactor(secrets, { minLength: 3 })(text);

export type QueryAnswer = { ok: true; samples: Sample[] } | { ok: false; reason: string; badQuery?: boolean };

const answerSchema = z.union([
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('vector'),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
    }),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() }),
]);

export interface PrometheusEndpoint {
  /** The base URL without credentials (safe to show). */
  shownUrl: string;
  /** Evaluated at Prometheus's own "now": a runner whose clock is off cannot shift the window. */
  query(expression: string): Promise<QueryAnswer>;
  secrets: string[];
}

/**
 * The HTTP query API (`/api/v1/query`). Credentials come from `user:password@` in the URL
 * (basic auth) or a bearer token; they are sent as a header and never shown. A query error,
 * an HTTP error or no answer is a failed query (the caller reports no data); an answer that is
 * not Prometheus's JSON means the URL is wrong: a ShipgateError naming `prometheus-url`.
 */
export function prometheusEndpoint(rawUrl: string, bearerToken: string | undefined, timeoutMs: number): PrometheusEndpoint {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ShipgateError(`must be the Prometheus base URL, e.g. http://prometheus:9090; got '${rawUrl.replace(/\/\/[^/@\s]*@/, '//***@').slice(0, 60)}'`, URL_INPUT);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ShipgateError(`must be an http or https URL; got ${url.protocol}`, URL_INPUT);
  const headers: Record<string, string> = { accept: 'application/json' };
  const secrets: string[] = [];
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
    if (password) secrets.push(password, url.password, basic);
    url.username = '';
    url.password = '';
  }
  if (bearerToken) {
    headers.authorization = `Bearer ${bearerToken}`;
    secrets.push(bearerToken);
  }
  const base = url.href.replace(/\/$/, '');
  return {
    shownUrl: base,
    secrets,
    async query(expression) {
      const target = `${base}/api/v1/query?${new URLSearchParams({ query: expression })}`;
      let status: number;
      let text: string;
      try {
        const response = await request(target, { headers, signal: AbortSignal.timeout(timeoutMs) });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        const code = (error as { code?: string }).code;
        return { ok: false, reason: `Prometheus at ${base} did not answer (${code ?? (error as Error).name})` };
      }
      if (status === 401 || status === 403) return { ok: false, reason: `Prometheus at ${base} refused the credentials (HTTP ${status})` };
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        if (status >= 500) return { ok: false, reason: `Prometheus at ${base} answered HTTP ${status}` };
        throw new ShipgateError(`must be the Prometheus base URL; ${base}/api/v1/query answered HTTP ${status} with something that is not Prometheus's JSON`, URL_INPUT);
      }
      const parsed = answerSchema.safeParse(json);
      if (!parsed.success) {
        throw new ShipgateError(`must be the Prometheus base URL; ${base}/api/v1/query answered HTTP ${status} with JSON that is not an instant-vector answer (a range or scalar query?)`, URL_INPUT);
      }
      if (parsed.data.status === 'error') return { ok: false, reason: `query failed: ${hideSecrets(parsed.data.error, secrets).slice(0, 200)}`, badQuery: parsed.data.errorType === 'bad_data' };
      return { ok: true, samples: parsed.data.data.result.map((series) => ({ labels: series.metric, value: Number(series.value[1]) })) };
    },
  };
}
