export const id = 44;
export const ids = [44];
export const modules = {

/***/ 6044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  waitUntilHealthy: () => (/* reexport */ waitUntilHealthy)
});

// UNUSED EXPORTS: STATUS_CLASS, THRESHOLD_SYNTAX, checkHealthOnce, describeStatus, evaluateThresholds, formatLatency, jsonSubsetMismatch, latencyStats, parseThreshold, parseThresholdList, runCheck, runLoad, statusMatches, waitForCheck, waitUntil

;// CONCATENATED MODULE: ./packages/probe/src/deadline.ts
/**
 * Node timers take at most 2³¹−1 ms (~24.8 days): a longer `setTimeout` fires after 1 ms, and
 * `AbortSignal.timeout` throws a RangeError above 2³²−1. The probe's timers go through here so
 * no duration a caller passes can crash them or make them fire early.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * `setTimeout` for any delay: longer ones are chained in slices of MAX_TIMER_MS; `Infinity` never
 * fires; zero, less or `NaN` fires on the next turn (as setTimeout does: a bad number fails fast
 * rather than hanging). `unref` as on a Node timer.
 */
function setLongTimeout(callback, delayMs, options = {}) {
    let timer;
    const due = performance.now() + (delayMs > 0 ? delayMs : 0);
    const arm = () => {
        const left = due - performance.now();
        if (left === Infinity)
            return;
        timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left));
        if (options.unref)
            timer.unref();
    };
    arm();
    return { clear: () => clearTimeout(timer) };
}
/** Starts a deadline `timeoutMs` from now; safe for any number (see setLongTimeout). */
function deadline_startDeadline(timeoutMs, parent) {
    const controller = new AbortController();
    let expired = false;
    // Unref'd like AbortSignal.timeout's timer: the work it bounds keeps the process alive, not the deadline.
    const timer = setLongTimeout(() => {
        expired = true;
        controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, timeoutMs, { unref: true });
    const signal = parent ? AbortSignal.any([controller.signal, parent]) : controller.signal;
    return {
        signal,
        get expired() {
            return expired;
        },
        clear: () => timer.clear(),
    };
}

// EXTERNAL MODULE: ./packages/core/src/index.ts + 34 modules
var src = __webpack_require__(7282);
;// CONCATENATED MODULE: ./packages/probe/src/request-error.ts

/**
 * One line for a request that got no (complete) answer: "connection refused", "no answer within
 * 10s", "body not complete within 10s", "not an HTTP answer: ...", ...
 */
function request_error_describeRequestError(error, progress) {
    const within = (0,src/* formatDuration */.a3)(progress.timeoutMs);
    if (progress.timedOut)
        return progress.answered ? `body not complete within ${within}` : `no answer within ${within}`;
    // fetch wraps the socket error in `cause`; undici's own API throws it directly.
    const cause = error.cause;
    const code = error.code ?? cause?.code;
    const name = cause?.name ?? error.name;
    if (code === 'ECONNREFUSED')
        return 'connection refused';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
        const what = code === 'UND_ERR_SOCKET' ? 'closed' : 'reset';
        return progress.answered ? `connection ${what} before the body was complete` : `connection ${what} before an answer`;
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return 'host not found';
    // undici's parser: garbage, a malformed status line or headers, a bad chunked body.
    if (name === 'HTTPParserError' || code?.startsWith('HPE_'))
        return `not a valid HTTP answer: ${cause?.message ?? error.message}`;
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
async function wait_until_waitUntil(attempt, options) {
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
        const timer = setLongTimeout(done, ms);
        function done() {
            timer.clear();
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}

;// CONCATENATED MODULE: ./packages/probe/src/http-health.ts



/** One GET; ok when the status is 2xx within `timeoutMs` (the body is not read, so it cannot stall the wait). */
async function checkHealthOnce(url, timeoutMs, signal) {
    const deadline = deadline_startDeadline(Math.max(1, timeoutMs), signal);
    try {
        const response = await fetch(url, { signal: deadline.signal, redirect: 'follow' });
        await response.body?.cancel();
        return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
    }
    catch (error) {
        return { ok: false, detail: request_error_describeRequestError(error, { timedOut: deadline.expired, timeoutMs }) };
    }
    finally {
        deadline.clear();
    }
}
/** Polls `url` until it answers 2xx or `timeoutMs` passes (each request capped at 10 s). */
function waitUntilHealthy(url, options) {
    return wait_until_waitUntil((remaining) => checkHealthOnce(url, attemptTimeout(remaining, 10_000), options.signal), options);
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./packages/probe/src/http-check.ts






/**
 * A check that inspects the body (`json`, `body-contains`) keeps at most this much of it; a
 * health answer is far smaller, and an endless body must not fill the runner's memory. A check
 * that does not inspect the body reads it to the end (its latency is time to the last byte).
 */
const MAX_BODY_BYTES = (/* unused pure expression or super */ null && (1 << 20));
const MAX_BODY_BYTES_TEXT = '1 MiB';
/** Undici's own timeouts are per-chunk idle timers (and 300 s by default): the deadline bounds the whole request instead. */
const checkDispatcher = new undici/* Agent */.g6({ headersTimeout: 0, bodyTimeout: 0 });
/**
 * Sends one check's request and judges the answer against every expectation. `timeoutMs` bounds
 * the whole request, body included: a server that drips its body or never ends it fails the check.
 */
async function http_check_runCheck(check, options) {
    const base = { name: check.name, method: check.method, url: check.url };
    const deadline = startDeadline(Math.max(1, options.timeoutMs), options.signal);
    const inspectsBody = check.expect.json !== undefined || check.expect.bodyContains !== undefined;
    const started = performance.now();
    let status;
    let headers;
    let body;
    try {
        const response = await request(check.url, {
            method: check.method,
            headers: check.headers,
            body: check.body,
            signal: deadline.signal,
            dispatcher: checkDispatcher,
        });
        status = response.statusCode;
        headers = response.headers;
        body = await readBody(response.body, inspectsBody ? MAX_BODY_BYTES : 0);
    }
    catch (error) {
        const failure = describeRequestError(error, { timedOut: deadline.expired, timeoutMs: options.timeoutMs, answered: status !== undefined });
        return { ...base, passed: false, status, failures: [failure] };
    }
    finally {
        deadline.clear();
    }
    const latencyMs = performance.now() - started;
    const failures = unmetExpectations(check.expect, status, headers, body, latencyMs);
    return { ...base, passed: failures.length === 0, status, latencyMs, failures };
}
function unmetExpectations(expect, status, headers, body, latencyMs) {
    const failures = [];
    if (!statusMatches(expect.status, status))
        failures.push(`status ${status}, expected ${describeStatus(expect.status)}`);
    const text = body.kept.toString('utf8');
    const within = body.truncated ? ` in its first ${MAX_BODY_BYTES_TEXT}` : '';
    if (expect.bodyContains !== undefined && !text.includes(expect.bodyContains)) {
        failures.push(`body does not contain ${JSON.stringify(expect.bodyContains)}${within} (got ${excerpt(text)})`);
    }
    if (expect.json !== undefined && body.truncated) {
        failures.push(`body is over ${MAX_BODY_BYTES_TEXT}, the most shipgate reads to compare JSON`);
    }
    else if (expect.json !== undefined) {
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
        failures.push(`latency ${formatDuration(latencyMs)} over ${formatDuration(expect.maxLatencyMs)}`);
    }
    return failures;
}
/** Reads a body to its end, keeping its first `keep` bytes; stops (and closes it) past `keep` when `keep` > 0. */
async function readBody(body, keep) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        if (keep === 0)
            continue;
        chunks.push(chunk);
        size += chunk.length;
        if (size > keep) {
            body.destroy();
            return { kept: Buffer.concat(chunks).subarray(0, keep), truncated: true };
        }
    }
    return { kept: Buffer.concat(chunks), truncated: false };
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

;// CONCATENATED MODULE: ./packages/probe/src/load-burst.ts



/** Undici's own timeouts are per-chunk idle timers: the burst's watchdog bounds each whole request instead. */
const CLIENT_OPTIONS = { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 };
/**
 * Sends `requests` requests with `concurrency` in flight, recording every latency. Each of the
 * `concurrency` keep-alive connections is an undici Client driven by one reused dispatch
 * handler that sends the next request from the previous one's completion: no promise, stream
 * or handler object per request, so the generator costs less than the server it measures.
 * `timeoutMs` bounds each whole request, body included (a watchdog sweeps the connections, so
 * no timer is set per request); cancelling `signal` aborts the requests in flight at once.
 */
async function runLoad(options) {
    const target = new URL(options.url);
    const concurrency = Math.max(1, Math.min(options.concurrency, options.requests));
    const burst = {
        options,
        origin: target.origin,
        dispatchOptions: {
            path: `${target.pathname}${target.search}`,
            method: options.method ?? 'GET',
            headers: options.headers,
            body: options.body,
        },
        limitMs: options.timeoutMs >= 1 ? options.timeoutMs : 1,
        latencies: new Float64Array(options.requests),
        answered: 0,
        sent: 0,
        errors: 0,
        outcomes: new Map(),
    };
    const connections = [];
    const watchdog = setInterval(() => {
        const now = performance.now();
        for (const connection of connections)
            connection.abortIfOverdue(now);
    }, sweepIntervalMs(burst.limitMs));
    const cancel = () => {
        for (const connection of connections)
            connection.cancel();
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    const started = performance.now();
    try {
        const finished = Array.from({ length: concurrency }, () => new Promise((done) => connections.push(new Connection(burst, done))));
        for (const connection of connections)
            connection.next();
        await Promise.all(finished);
    }
    finally {
        clearInterval(watchdog);
        options.signal?.removeEventListener('abort', cancel);
        await Promise.all(connections.map((connection) => connection.close()));
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
/** How often the watchdog looks (a twentieth of the limit, 5 ms to 1 s): a request ends at most that long after its limit. */
function sweepIntervalMs(limitMs) {
    return Math.min(1_000, Math.max(5, Math.floor(limitMs / 20)));
}
/**
 * One connection's request loop, as an undici dispatch handler (the Client's own dispatch
 * takes undici's original handler shape: onConnect ... onComplete / onError).
 */
class Connection {
    burst;
    done;
    client;
    inFlight = false;
    started = 0;
    status = 0;
    /** Undici's abort for the request in flight; unset while the socket is still connecting. */
    abortRequest;
    /** Why the watchdog or the cancel ended the request in flight. */
    endedBy;
    constructor(burst, done) {
        this.burst = burst;
        this.done = done;
        this.client = new Client(burst.origin, CLIENT_OPTIONS);
    }
    next() {
        const { burst } = this;
        if (burst.sent >= burst.options.requests || burst.options.signal?.aborted)
            return this.done();
        burst.sent++;
        this.status = 0;
        this.abortRequest = undefined;
        this.endedBy = undefined;
        this.inFlight = true;
        this.started = performance.now();
        this.client.dispatch(burst.dispatchOptions, this);
    }
    abortIfOverdue(now) {
        if (this.inFlight && this.endedBy === undefined && now - this.started > this.burst.limitMs)
            this.end('timeout');
    }
    cancel() {
        if (this.inFlight && this.endedBy === undefined)
            this.end('cancel');
    }
    close() {
        return this.client.destroy();
    }
    end(why) {
        this.endedBy = why;
        const reason = new Error(why === 'timeout' ? 'request timed out' : 'cancelled');
        if (this.abortRequest)
            return this.abortRequest(reason);
        // Still connecting: only destroying the client ends the request; the next one gets a new client.
        const stuck = this.client;
        this.client = new Client(this.burst.origin, CLIENT_OPTIONS);
        void stuck.destroy(reason);
    }
    onConnect(abort) {
        this.abortRequest = abort;
    }
    onHeaders(statusCode) {
        if (statusCode < 200)
            return true; // 1xx: the answer is still to come
        this.status = statusCode;
        return true;
    }
    onData() {
        return true;
    }
    onComplete() {
        const { burst, status } = this;
        this.inFlight = false;
        burst.latencies[burst.answered++] = performance.now() - this.started;
        this.count(String(status));
        if (status >= 400)
            burst.errors++;
        this.next();
    }
    onError(error) {
        this.inFlight = false;
        if (this.endedBy === 'cancel')
            this.count('cancelled');
        else {
            this.burst.errors++;
            const timedOut = this.endedBy === 'timeout';
            this.count(describeRequestError(error, { timedOut, timeoutMs: this.burst.options.timeoutMs, answered: this.status !== 0 }));
        }
        // Not synchronously: undici calls onError from inside its own connect-error handling,
        // which asserts the client's queue is empty afterwards; dispatching from here would crash
        // the process when the target refuses or drops connections mid-burst.
        setImmediate(() => this.next());
    }
    count(key) {
        this.burst.outcomes.set(key, (this.burst.outcomes.get(key) ?? 0) + 1);
    }
}

;// CONCATENATED MODULE: ./packages/probe/src/thresholds.ts

const LATENCY = {
    p50: 'p50Ms',
    p90: 'p90Ms',
    p95: 'p95Ms',
    p99: 'p99Ms',
    avg: 'avgMs',
    min: 'minMs',
    max: 'maxMs',
};
const SHAPE = /^([a-z][a-z0-9-]*)\s*(<=|>=|<|>)\s*(\S(?:.*\S)?)$/;
const THRESHOLD_SYNTAX = 'a limit like error-rate<0.5%, p99<200ms, p95<150ms, avg<100ms, max<1s or rate>50 (metric, < <= > or >=, value)';
/** Parses one threshold; a string is the reason it is malformed. */
function parseThreshold(text) {
    const match = SHAPE.exec(text.trim());
    if (!match)
        return `'${text.trim()}' is not ${THRESHOLD_SYNTAX}`;
    const [, name, operator, rawValue] = match;
    let metric;
    let limit;
    let shown;
    if (name === 'error-rate') {
        metric = name;
        limit = parsePercentage(rawValue);
        shown = limit === undefined ? '' : formatPercentage(limit);
        if (limit === undefined)
            return `'${text.trim()}': error-rate needs a percentage like 0.5% or a fraction like 0.005`;
    }
    else if (Object.hasOwn(LATENCY, name)) {
        metric = name;
        // A bare number is milliseconds, as in k6.
        limit = /^\d+(\.\d+)?$/.test(rawValue) ? Number(rawValue) : parseDuration(rawValue);
        if (limit === undefined)
            return `'${text.trim()}': ${name} needs a duration like 200ms or 1.5s`;
        shown = formatDuration(limit);
    }
    else if (name === 'rate') {
        metric = name;
        const rate = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(rawValue);
        if (!rate)
            return `'${text.trim()}': rate needs requests per second like 100 or 100/s`;
        limit = Number(rate[1]);
        shown = `${limit}/s`;
    }
    else {
        return `'${text.trim()}': unknown metric '${name}'; use error-rate, p50, p90, p95, p99, avg, min, max or rate`;
    }
    return { expression: `${metric}${operator}${shown}`, metric, operator, limit };
}
/** Parses `error-rate<0.5%, p99<200ms` (commas or new lines between limits). */
function parseThresholdList(text) {
    const thresholds = [];
    for (const part of text.split(/[,\n]/)) {
        if (part.trim() === '')
            continue;
        const parsed = parseThreshold(part);
        if (typeof parsed === 'string')
            return parsed;
        thresholds.push(parsed);
    }
    return thresholds;
}
function evaluateThresholds(thresholds, load) {
    return thresholds.map((threshold) => {
        const { value, shown } = measure(threshold.metric, load);
        if (value === undefined)
            return { expression: threshold.expression, passed: false, actual: shown };
        return { expression: threshold.expression, passed: compare(value, threshold.operator, threshold.limit), actual: shown };
    });
}
function measure(metric, load) {
    if (metric === 'error-rate')
        return { value: load.errorRate, shown: formatPercentage(load.errorRate) };
    if (metric === 'rate')
        return { value: load.requestsPerSecond, shown: `${load.requestsPerSecond.toFixed(1)}/s` };
    const field = LATENCY[metric];
    if (!load.latency)
        return { shown: 'no answers' };
    const value = load.latency[field];
    return { value, shown: formatLatency(value) };
}
function compare(value, operator, limit) {
    switch (operator) {
        case '<':
            return value < limit;
        case '<=':
            return value <= limit;
        case '>':
            return value > limit;
        case '>=':
            return value >= limit;
    }
}
/** Latencies under 100 ms keep one decimal (`0.8ms`, `50.5ms`): a limit of 51ms must not read as met by "51ms". */
function formatLatency(ms) {
    return ms < 100 ? `${Number(ms.toFixed(1))}ms` : formatDuration(ms);
}

;// CONCATENATED MODULE: ./packages/probe/src/index.ts











/***/ })

};
