export const id = 155;
export const ids = [155];
export const modules = {

/***/ 7155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  oN: () => (/* reexport */ STATUS_CLASS),
  Wn: () => (/* reexport */ describeStatus),
  S$: () => (/* reexport */ thresholds/* evaluateThresholds */.S$),
  YL: () => (/* reexport */ thresholds/* formatLatency */.YL),
  B7: () => (/* reexport */ thresholds/* parseThreshold */.B7),
  k_: () => (/* reexport */ runCheck),
  eR: () => (/* reexport */ runLoad),
  t4: () => (/* reexport */ waitForCheck),
  waitUntilHealthy: () => (/* reexport */ waitUntilHealthy)
});

// UNUSED EXPORTS: THRESHOLD_SYNTAX, checkHealthOnce, jsonSubsetMismatch, latencyStats, parseThresholdList, statusMatches, waitUntil

// EXTERNAL MODULE: ./packages/core/src/index.ts + 31 modules
var src = __webpack_require__(2945);
;// CONCATENATED MODULE: ./packages/probe/src/request-error.ts

/** One line for a request that got no answer: "connection refused", "no answer within 10s", ... */
function describeRequestError(error, timedOut, timeoutMs) {
    if (timedOut)
        return `no answer within ${(0,src/* formatDuration */.a3)(timeoutMs)}`;
    // fetch wraps the socket error in `cause`; undici's own API throws it directly.
    const cause = error.cause;
    const code = error.code ?? cause?.code;
    if (code === 'ECONNREFUSED')
        return 'connection refused';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
        return 'connection reset';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return 'host not found';
    return cause?.message ?? error.message ?? String(error);
}

;// CONCATENATED MODULE: ./packages/probe/src/wait-until.ts
/** Even an attempt started just before the deadline gets this long: a 1 ms timeout would only report itself. */
const MIN_ATTEMPT_MS = 1_000;
/** Time limit of one attempt: the time left, at least MIN_ATTEMPT_MS, at most `capMs`. */
function attemptTimeout(remainingMs, capMs) {
    return Math.min(capMs, Math.max(remainingMs, MIN_ATTEMPT_MS));
}
/**
 * Retries `attempt` with exponential backoff until it succeeds or the time is up. A deploy's
 * new version usually needs a few seconds to start listening; the backoff keeps the first
 * answers fast and later polling cheap. The last attempt never starts after the deadline.
 */
async function waitUntil(attempt, options) {
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    let delay = options.initialDelayMs ?? 250;
    const maxDelay = options.maxDelayMs ?? 5_000;
    for (let attempts = 1;; attempts++) {
        const result = await attempt(Math.max(0, deadline - Date.now()));
        const elapsedMs = Date.now() - started;
        if (result.ok || options.signal?.aborted)
            return { ...result, attempts, elapsedMs };
        const pause = Math.min(delay, deadline - Date.now());
        if (pause <= 0)
            return { ...result, attempts, elapsedMs };
        await sleep(pause, options.signal);
        delay = Math.min(delay * 2, maxDelay);
    }
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}

;// CONCATENATED MODULE: ./packages/probe/src/http-health.ts


/** One GET; ok when the answer is 2xx within `timeoutMs`. */
async function checkHealthOnce(url, timeoutMs, signal) {
    const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
    try {
        const response = await fetch(url, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout, redirect: 'follow' });
        await response.body?.cancel();
        return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
    }
    catch (error) {
        return { ok: false, detail: describeRequestError(error, timeout.aborted, timeoutMs) };
    }
}
/** Polls `url` until it answers 2xx or `timeoutMs` passes (each request capped at 10 s). */
function waitUntilHealthy(url, options) {
    return waitUntil((remaining) => checkHealthOnce(url, attemptTimeout(remaining, 10_000), options.signal), options);
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(4371);
;// CONCATENATED MODULE: ./packages/probe/src/json-subset.ts
/**
 * Subset match of a JSON body: every key of `expected` must be in `actual` with a matching
 * value (recursively); arrays must match element by element. Returns the first mismatch as a
 * path and reason (`$.status: expected "ok", got "degraded"`), or undefined when it matches.
 */
function jsonSubsetMismatch(expected, actual, path = '$') {
    if (expected === null || typeof expected !== 'object') {
        return Object.is(expected, actual) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
    }
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual))
            return `${path}: expected an array, got ${show(actual)}`;
        if (actual.length !== expected.length)
            return `${path}: expected ${expected.length} items, got ${actual.length}`;
        for (const [index, item] of expected.entries()) {
            const mismatch = jsonSubsetMismatch(item, actual[index], `${path}[${index}]`);
            if (mismatch)
                return mismatch;
        }
        return undefined;
    }
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
        return `${path}: expected an object, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
        const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
        if (!(key in actual))
            return `${childPath}: missing`;
        const mismatch = jsonSubsetMismatch(value, actual[key], childPath);
        if (mismatch)
            return mismatch;
    }
    return undefined;
}
function show(value) {
    const text = value === undefined ? 'nothing' : JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

;// CONCATENATED MODULE: ./packages/probe/src/status-expectation.ts
const STATUS_CLASS = /^[1-5]xx$/;
function statusMatches(expected, actual) {
    if (typeof expected === 'number')
        return actual === expected;
    if (typeof expected === 'string')
        return Math.floor(actual / 100) === Number(expected[0]);
    return expected.includes(actual);
}
function describeStatus(expected) {
    if (typeof expected === 'number' || typeof expected === 'string')
        return String(expected);
    return expected.join(' or ');
}

;// CONCATENATED MODULE: ./packages/probe/src/http-check.ts





/** Bodies are read up to this size for `json` and `body-contains`; a health answer is far smaller. */
const MAX_BODY_BYTES = 1 << 20;
/** Sends one check's request and judges the answer against every expectation. */
async function runCheck(check, options) {
    const base = { name: check.name, method: check.method, url: check.url };
    const timeout = AbortSignal.timeout(Math.max(1, options.timeoutMs));
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const started = performance.now();
    let status;
    let headers;
    let body;
    try {
        const response = await (0,undici/* request */.Em)(check.url, { method: check.method, headers: check.headers, body: check.body, signal });
        status = response.statusCode;
        headers = response.headers;
        body = await readCapped(response.body);
    }
    catch (error) {
        return { ...base, passed: false, failures: [describeRequestError(error, timeout.aborted, options.timeoutMs)] };
    }
    const latencyMs = performance.now() - started;
    const failures = unmetExpectations(check.expect, status, headers, body, latencyMs);
    return { ...base, passed: failures.length === 0, status, latencyMs, failures };
}
function unmetExpectations(expect, status, headers, body, latencyMs) {
    const failures = [];
    if (!statusMatches(expect.status, status))
        failures.push(`status ${status}, expected ${describeStatus(expect.status)}`);
    const text = body.toString('utf8');
    if (expect.bodyContains !== undefined && !text.includes(expect.bodyContains)) {
        failures.push(`body does not contain ${JSON.stringify(expect.bodyContains)} (got ${excerpt(text)})`);
    }
    if (expect.json !== undefined) {
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            failures.push(`body is not JSON (got ${excerpt(text)})`);
        }
        const mismatch = parsed === undefined ? undefined : jsonSubsetMismatch(expect.json, parsed);
        if (mismatch)
            failures.push(`json ${mismatch}`);
    }
    for (const [name, wanted] of Object.entries(expect.headers ?? {})) {
        const raw = headers[name.toLowerCase()];
        const value = Array.isArray(raw) ? raw.join(', ') : raw;
        if (value === undefined)
            failures.push(`header ${name} missing, expected ${JSON.stringify(wanted)}`);
        else if (!value.toLowerCase().includes(wanted.toLowerCase()))
            failures.push(`header ${name} is ${JSON.stringify(value)}, expected ${JSON.stringify(wanted)}`);
    }
    if (expect.maxLatencyMs !== undefined && latencyMs > expect.maxLatencyMs) {
        failures.push(`latency ${(0,src/* formatDuration */.a3)(latencyMs)} over ${(0,src/* formatDuration */.a3)(expect.maxLatencyMs)}`);
    }
    return failures;
}
async function readCapped(body) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_BODY_BYTES) {
            body.destroy();
            break;
        }
    }
    return Buffer.concat(chunks);
}
function excerpt(text) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine === '' ? 'an empty body' : JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}

;// CONCATENATED MODULE: ./packages/probe/src/readiness.ts


/**
 * Retries `check` with backoff until it passes or the wait is over (a freshly deployed
 * version is often still starting). Returns the wait and the last attempt's full result.
 * Every attempt gets the full `request-timeout` — it is the user's limit per request — so the
 * last attempt may end up to one request-timeout after `wait-timeout`.
 */
async function waitForCheck(check, options) {
    let last;
    const wait = await waitUntil(async () => {
        last = await runCheck(check, { timeoutMs: options.requestTimeoutMs, signal: options.signal });
        return { ok: last.passed, detail: last.failures.join('; ') || `HTTP ${last.status}` };
    }, {
        timeoutMs: options.waitTimeoutMs,
        signal: options.signal,
        initialDelayMs: options.initialDelayMs,
        maxDelayMs: options.maxDelayMs,
    });
    return { wait, result: last };
}

;// CONCATENATED MODULE: ./packages/probe/src/percentiles.ts
/**
 * Exact percentiles over every recorded latency (nearest-rank: the smallest value with at
 * least p % of the samples at or below it). Sorting a Float64Array of 100k values takes a few
 * milliseconds, so there is no reason to sample or bucket.
 */
function latencyStats(latencies) {
    const count = latencies.length;
    if (count === 0)
        return undefined;
    const sorted = Float64Array.from(latencies).sort();
    let sum = 0;
    for (const value of sorted)
        sum += value;
    const at = (p) => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))];
    return {
        count,
        minMs: sorted[0],
        avgMs: sum / count,
        p50Ms: at(50),
        p90Ms: at(90),
        p95Ms: at(95),
        p99Ms: at(99),
        maxMs: sorted[count - 1],
    };
}

;// CONCATENATED MODULE: ./packages/probe/src/load-burst.ts



/**
 * Sends `requests` requests with `concurrency` in flight, recording every latency. Each of the
 * `concurrency` keep-alive connections is an undici Client driven by one reused dispatch
 * handler that sends the next request from the previous one's completion: no promise, stream
 * or handler object per request, so the generator costs less than the server it measures.
 */
async function runLoad(options) {
    const target = new URL(options.url);
    const concurrency = Math.max(1, Math.min(options.concurrency, options.requests));
    const burst = {
        options,
        dispatchOptions: {
            path: `${target.pathname}${target.search}`,
            method: options.method ?? 'GET',
            headers: options.headers,
            body: options.body,
        },
        latencies: new Float64Array(options.requests),
        answered: 0,
        sent: 0,
        errors: 0,
        outcomes: new Map(),
    };
    const clients = Array.from({ length: concurrency }, () => new undici/* Client */.Kj(target.origin, { pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs }));
    const started = performance.now();
    try {
        await Promise.all(clients.map((client) => new Promise((done) => new Connection(client, burst, done).next())));
    }
    finally {
        await Promise.all(clients.map((client) => client.destroy()));
    }
    const durationMs = performance.now() - started;
    const { sent, errors } = burst;
    return {
        requests: sent,
        errors,
        errorRate: sent === 0 ? 0 : errors / sent,
        outcomes: Object.fromEntries(burst.outcomes),
        durationMs,
        requestsPerSecond: durationMs > 0 ? (sent / durationMs) * 1000 : 0,
        latency: latencyStats(burst.latencies.subarray(0, burst.answered)),
    };
}
/**
 * One connection's request loop, as an undici dispatch handler (the Client's own dispatch
 * takes undici's original handler shape: onConnect ... onComplete / onError).
 */
class Connection {
    client;
    burst;
    done;
    started = 0;
    status = 0;
    constructor(client, burst, done) {
        this.client = client;
        this.burst = burst;
        this.done = done;
    }
    next() {
        const { burst } = this;
        if (burst.sent >= burst.options.requests || burst.options.signal?.aborted)
            return this.done();
        burst.sent++;
        this.status = 0;
        this.started = performance.now();
        this.client.dispatch(burst.dispatchOptions, this);
    }
    onConnect() { }
    onHeaders(statusCode) {
        this.status = statusCode;
        return true;
    }
    onData() {
        return true;
    }
    onComplete() {
        const { burst, status } = this;
        burst.latencies[burst.answered++] = performance.now() - this.started;
        this.count(String(status));
        if (status >= 400)
            burst.errors++;
        this.next();
    }
    onError(error) {
        this.burst.errors++;
        const timedOut = error.code?.endsWith('_TIMEOUT') ?? false;
        this.count(describeRequestError(error, timedOut, this.burst.options.timeoutMs));
        // Not synchronously: undici calls onError from inside its own connect-error handling,
        // which asserts the client's queue is empty afterwards; dispatching from here would crash
        // the process when the target refuses or drops connections mid-burst.
        setImmediate(() => this.next());
    }
    count(key) {
        this.burst.outcomes.set(key, (this.burst.outcomes.get(key) ?? 0) + 1);
    }
}

// EXTERNAL MODULE: ./packages/probe/src/thresholds.ts
var thresholds = __webpack_require__(9432);
;// CONCATENATED MODULE: ./packages/probe/src/index.ts











/***/ })

};
