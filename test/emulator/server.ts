import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FaultInjector, InjectedFault } from './fault-injection';
import type { Reply } from './handler';
import { HttpError } from './http-error';
import type { Urls } from './representations';
import type { LoggedRequest } from './request-log';
import { findRoute } from './routes';
import type { Store } from './store';

export interface ServerDependencies {
  store: Store;
  urls: Urls;
  faults: FaultInjector;
  log: LoggedRequest[];
}

/**
 * The HTTP front: authentication, injected failures, routing, JSON in and out, and the
 * request log. Order follows GitHub: bad credentials are refused before anything else,
 * and rate limits apply to authenticated requests only.
 */
export function createApiServer(dependencies: ServerDependencies): Server {
  return createServer((request, response) => {
    readBody(request)
      .then((raw) => respond(dependencies, request, raw, response))
      .catch((error: unknown) => {
        console.error('github emulator: failed to answer', error);
        if (!response.headersSent) send(response, { status: 500, body: { message: 'Server Error' } });
      });
  });
}

function respond(dependencies: ServerDependencies, request: IncomingMessage, raw: string, response: ServerResponse): void {
  const { store, urls, faults, log } = dependencies;
  const method = (request.method ?? 'GET').toUpperCase();
  const url = new URL(request.url ?? '/', urls.api);
  const path = url.pathname;
  const entry: LoggedRequest = {
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    body: undefined,
    status: 0,
    injected: false,
  };
  log.push(entry);

  const injected = { fault: undefined as InjectedFault | undefined };
  const reply = ((): Reply => {
    const parsed = parseJson(raw);
    if (!parsed.ok) return errorReply(new HttpError(400, 'Problems parsing JSON'));
    entry.body = parsed.value;

    if (!isAuthorized(request.headers.authorization)) return errorReply(new HttpError(401, 'Bad credentials'));

    injected.fault = faults.take(method, path);
    if (injected.fault !== undefined) {
      entry.injected = true;
      if (injected.fault.mode === 'answer') return injected.fault.reply;
      // The request is not done: no answer comes (hang), or the connection drops (reset).
      if (injected.fault.mode === 'hang' || injected.fault.mode === 'reset') return injected.fault.reply;
    }

    const route = findRoute(method, path);
    if (route === undefined) return errorReply(new HttpError(404, 'Not Found'));
    const owner = route.params['owner'] ?? '';
    const name = route.params['repo'] ?? '';
    if (parsed.value !== undefined && !isObject(parsed.value)) {
      return errorReply(new HttpError(400, 'Body should be a JSON object'));
    }
    try {
      return route.handler({
        store,
        urls,
        repo: { owner, name },
        params: route.params,
        url,
        body: parsed.value ?? {},
      });
    } catch (error) {
      if (error instanceof HttpError) return errorReply(error);
      throw error;
    }
  })();

  const mode = injected.fault?.mode;
  if (mode === 'hang' || mode === 'write-then-hang') {
    entry.status = 0;
    return;
  }
  if (mode === 'reset' || mode === 'write-then-reset') {
    entry.status = 0;
    response.socket?.destroy();
    return;
  }
  // write-then-answer: the request was done above, but the client hears the injected answer.
  const sent = mode === 'write-then-answer' && injected.fault ? injected.fault.reply : reply;
  entry.status = sent.status;
  send(response, sent);
}

function errorReply(error: HttpError): Reply {
  return { status: error.status, body: error.body, headers: error.headers };
}

/** GitHub accepts `token X` and `Bearer X`; anything else is "Bad credentials". */
function isAuthorized(header: string | undefined): boolean {
  return header !== undefined && /^(token|bearer)\s+\S+/i.test(header);
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: Reply): void {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    // Plenty of primary quota, so Octokit's throttling never waits unless a test injects a limit.
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...reply.headers,
  });
  response.end(body);
}
