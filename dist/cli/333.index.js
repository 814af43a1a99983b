export const id = 333;
export const ids = [333];
export const modules = {

/***/ 7333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checksHeaderSecrets: () => (/* reexport */ checksHeaderSecrets),
  createRedactor: () => (/* reexport */ src/* createRedactor */.lY),
  defaultReportPath: () => (/* reexport */ defaultReportPath),
  headerSecrets: () => (/* reexport */ headerSecrets),
  loadChecks: () => (/* reexport */ loadChecks),
  smokeCommitStatus: () => (/* reexport */ smokeCommitStatus),
  smokeOutputs: () => (/* reexport */ smokeOutputs),
  smokeSummary: () => (/* reexport */ smokeSummary),
  smokeTest: () => (/* reexport */ smokeTest)
});

// UNUSED EXPORTS: DEFAULT_CHECKS, DEFAULT_LOAD_CONCURRENCY, DEFAULT_LOAD_REQUESTS, buildReport, checksFileSchema, describeLoad, dryRunPlan, formatPath, mergeHeaders, parseChecks, parseHeaderLines, planSmoke, resolveBaseUrl, runSmoke, smokeContext, writeReport

// EXTERNAL MODULE: ./packages/core/src/index.ts + 35 modules
var src = __webpack_require__(9632);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./packages/smoke/src/checks-limits.ts
var checks_limits = __webpack_require__(1909);
// EXTERNAL MODULE: ./packages/probe/src/index.ts + 10 modules
var probe_src = __webpack_require__(8164);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
;// CONCATENATED MODULE: ./packages/smoke/src/checks-schema.ts




const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const isStatusCode = (v) => Number.isInteger(v) && v >= 100 && v <= 599;
const isStatus = (v) => isStatusCode(v) || (typeof v === 'string' && probe_src/* STATUS_CLASS */.oN.test(v)) || (Array.isArray(v) && v.length > 0 && v.every(isStatusCode));
// One custom check rather than a union: a union reports whichever branch got furthest
// ("must match /^[1-5]xx$/"), where the user needs all three accepted forms.
const checks_schema_status = schemas/* custom */.IeY(isStatus, { error: 'expected a status code like 200, a list like [200, 204] or a class like "2xx"' });
/** `500ms`, `2s`, or a bare number of milliseconds; at most 24h like every duration. */
const duration = schemas/* union */.KCZ([schemas/* number */.aig().nonnegative(), schemas/* string */.YjP()], { error: 'expected a duration like 500ms or 2s' }).transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : (0,src/* parseDuration */.E9)(value);
    if (ms === undefined || ms > src/* MAX_TIMEOUT_MS */.mn) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration like 500ms or 2s, at most 24h', input: value });
        return core/* NEVER */.tm;
    }
    return ms;
});
/** One line, no control characters (it is logged, and a newline could start a workflow command), at most `max` characters. */
const line = (what, max) => schemas/* string */.YjP({ error: `expected ${what}` })
    .refine((v) => !(0,src/* findControlCharacter */.Am)(v), { error: (issue) => `expected ${what} on one line; it holds ${(0,src/* findControlCharacter */.Am)(String(issue.input))}`, abort: true })
    .refine((v) => v.length <= max, { error: `expected ${what} of at most ${max} characters` });
const method = schemas/* string */.YjP({ error: `expected one of ${METHODS.join(', ')}` })
    .transform((v) => v.toUpperCase())
    .pipe(schemas/* enum */.k5n(METHODS, { error: `expected one of ${METHODS.join(', ')}` }));
const scalar = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()], { error: 'expected a text value' }).transform(String);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Values may hold tabs, no other control character (they would split the request); never quoted back: they may be secrets.
const headerValue = scalar.refine((v) => !/[\u0000-\u0008\u000A-\u001F\u007F]|[^\u0000-\u00FF]/.test(v) && v.length <= 8_192, {
    error: 'expected a header value on one line (tabs allowed), Latin-1 characters only, at most 8192 characters',
});
const headerMap = schemas/* record */.g1P(schemas/* string */.YjP().regex(HEADER_NAME, { error: 'expected a valid header name' }), headerValue, { error: 'expected a map of header names to values' });
const path = line('a path starting with /', src/* MAX_URL_LENGTH */.m2).refine((v) => v.startsWith('/'), { error: 'expected a path starting with /' });
// No user:password@: the URL is shown in the log, summary, report and outputs. Credentials go in headers.
const url = line('an http:// or https:// URL', src/* MAX_URL_LENGTH */.m2).refine(src/* isHttpUrl */.q$, {
    error: 'expected an http:// or https:// URL without user:password@ (send credentials in headers, whose values are masked)',
});
const expectSchema = schemas/* strictObject */.rej({
    status: checks_schema_status.optional(),
    json: schemas/* unknown */.L5J().optional(),
    'body-contains': schemas/* string */.YjP({ error: 'expected a text' }).optional(),
    headers: headerMap.optional(),
    'max-latency': duration.optional(),
}, { error: 'expected a map of expectations (status, json, body-contains, headers, max-latency)' });
const target = { path: path.optional(), url: url.optional() };
const eitherPathOrUrl = (value) => !(value.path && value.url);
const BOTH = { error: 'set either path or url, not both' };
const checkSchema = schemas/* strictObject */.rej({
    name: line('a name', checks_limits/* MAX_CHECK_NAME */.mG).refine((v) => v !== '', { error: 'expected a non-empty name' }).optional(),
    ...target,
    method: method.optional(),
    headers: headerMap.optional(),
    /** A map or list is sent as JSON. */
    body: schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()), schemas/* array */.YOg(schemas/* unknown */.L5J())], { error: 'expected a text, or a map or list to send as JSON' }).optional(),
    expect: expectSchema.optional(),
}, { error: 'expected a check: a map with path or url, and expect' })
    .refine(eitherPathOrUrl, BOTH);
const loadSchema = schemas/* strictObject */.rej({
    ...target,
    method: method.optional(),
    requests: schemas/* number */.aig({ error: 'expected a whole number' }).int().min(0).max(1_000_000).optional(),
    concurrency: schemas/* number */.aig({ error: 'expected a whole number' }).int().min(1).max(1_000).optional(),
}, { error: 'expected a map with path or url, requests and concurrency' })
    .refine(eitherPathOrUrl, BOTH);
/** `{ error-rate: "<0.5%", p99: "<200ms" }`: the key is the metric, the value operator and limit. */
const thresholdsSchema = schemas/* record */.g1P(schemas/* string */.YjP(), scalar, { error: 'expected a map like { error-rate: "<0.5%", p99: "<200ms" }' }).transform((map, ctx) => {
    const thresholds = [];
    for (const [metric, limit] of Object.entries(map)) {
        const parsed = (0,probe_src/* parseThreshold */.B7)(`${metric}${limit}`);
        if (typeof parsed === 'string') {
            ctx.addIssue({ code: 'custom', message: `expected ${metric}: "<limit>"; ${parsed}`, path: [metric], input: limit });
            continue;
        }
        thresholds.push(parsed);
    }
    return thresholds;
});
const checksFileSchema = schemas/* strictObject */.rej({
    checks: schemas/* array */.YOg(checkSchema, { error: 'expected a list of checks' })
        .min(1, { error: 'expected at least one check' })
        .max(checks_limits/* MAX_CHECKS */.NB, { error: `expected at most ${checks_limits/* MAX_CHECKS */.NB} checks` }),
    load: loadSchema.optional(),
    thresholds: thresholdsSchema.optional(),
}, { error: 'expected a map with checks (and optionally load, thresholds)' });

;// CONCATENATED MODULE: ./packages/smoke/src/checks-file.ts




/** The contract's default when `checks` is empty: `GET /` expecting 2xx. */
const DEFAULT_CHECKS = { checks: [{ path: '/' }] };
/**
 * Reads the `checks` input: inline YAML/JSON, or the path of a YAML/JSON file inside
 * `workspace` (no `..`, no absolute path or symbolic link leading out, a regular file of at most
 * 1 MiB). A mistake is one InputError (found while reading the inputs, before any request)
 * naming the item (`checks[2].expect.status: ...`), annotated on the file and line when it came
 * from a file; a file's content is never quoted unless it is a value inside a checks document.
 */
function loadChecks(input, workspace) {
    if (input.trim() === '')
        return DEFAULT_CHECKS;
    if (!looksLikePath(input))
        return parseChecks(input, undefined);
    const file = (0,src/* readWorkspaceFile */.sL)('checks', input.trim(), workspace, { maxBytes: checks_limits/* MAX_CHECKS_BYTES */.fy, what: 'checks file' });
    return parseChecks(file.text, file.shown);
}
/** One line without YAML punctuation (`:`, braces, brackets) is a file name, not a document. */
function looksLikePath(input) {
    return /^[^\n:{}[\]]+$/.test(input.trim());
}
/** Parses and validates checks text; `file` names where it came from, for messages and annotations. */
function parseChecks(text, file) {
    const where = file ? `checks file ${file}` : `Input 'checks'`;
    const lines = new dist/* LineCounter */.HN();
    if (Buffer.byteLength(text) > checks_limits/* MAX_CHECKS_BYTES */.fy)
        throw new src/* InputError */.dz(`${where}: more than ${checks_limits/* MAX_CHECKS_BYTES */.fy / 1024} KiB of checks`);
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, prettyErrors: false });
    const syntax = doc.errors[0];
    if (syntax) {
        const line = lines.linePos(syntax.pos[0]).line;
        // yaml's first line names the problem and its position, never the text there.
        const problem = (0,src/* escapeControlCharacters */.F7)(syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        throw new src/* InputError */.dz(`${where}, line ${line}: not valid YAML or JSON: ${problem}`, undefined, annotate(file, line));
    }
    let value;
    try {
        // toJS expands aliases; a "billion laughs" document stops at yaml's alias limit (a ReferenceError).
        value = doc.toJS({ maxAliasCount: 1_000 });
    }
    catch (error) {
        throw new src/* InputError */.dz(`${where}: cannot be read as data: ${error instanceof Error && /alias/i.test(error.message) ? 'too many aliases (a YAML alias bomb?)' : 'not valid YAML or JSON'}`, undefined, annotate(file, undefined));
    }
    const result = checksFileSchema.safeParse(value, { reportInput: true });
    if (result.success)
        return result.data;
    const issue = result.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const { label, message } = describeIssue(issue, path);
    const line = lineOf(doc, lines, issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]] : path);
    throw new src/* InputError */.dz(`${where}: ${label}: ${message}`, undefined, annotate(file, line));
}
function annotate(file, line) {
    return file ? { file, line } : undefined;
}
function describeIssue(issue, path) {
    // Keys come from the file: written out so a key cannot break the message's line.
    const label = (0,src/* escapeControlCharacters */.F7)(formatPath(path)) || '(top level)';
    if (issue.code === 'unrecognized_keys') {
        return { label, message: `unknown key ${issue.keys.map((k) => `'${(0,src/* escapeControlCharacters */.F7)(k.length > 40 ? `${k.slice(0, 37)}...` : k)}'`).join(', ')} (check the spelling; see the checks file format)` };
    }
    // The offending value helps when it is a scalar or list inside a checks document; a whole
    // check object does not, and a file that is not a checks document at all (the top level, or
    // a file the path named by mistake) is never quoted. Header values and bodies may be secrets,
    // URLs may carry credentials.
    const input = issue.input;
    const quotable = path.length > 1 && !path.some((p) => p === 'headers' || p === 'body' || p === 'url');
    const got = quotable && 'input' in issue && (typeof input !== 'object' || input === null || Array.isArray(input)) ? `; got ${show(input)}` : '';
    // zod's own wording for a missing value is "Invalid input: expected X, received undefined".
    const message = issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '');
    const normalised = message.startsWith('expected') || message.startsWith('set ') ? message : `expected ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
    return { label, message: `${normalised}${got}` };
}
/** ['checks', 2, 'expect', 'status'] → `checks[2].expect.status`. */
function formatPath(path) {
    return path.reduce((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
function show(value) {
    if (value === undefined)
        return 'nothing';
    const text = (0,src/* escapeControlCharacters */.F7)(JSON.stringify(value) ?? String(value));
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
/** The line of the deepest node along `path` that exists in the document. */
function lineOf(doc, lines, path) {
    let node = doc.contents;
    let offset = doc.contents?.range?.[0];
    for (const key of path) {
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((item) => item.key?.value === key);
            if (!pair)
                break;
            offset = pair.key?.range?.[0] ?? offset;
            node = pair.value;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof key === 'number') {
            const item = node.items[key];
            if (!item)
                break;
            offset = item.range?.[0] ?? offset;
            node = item;
        }
        else {
            break;
        }
    }
    return offset === undefined ? undefined : lines.linePos(offset).line;
}

;// CONCATENATED MODULE: ./packages/smoke/src/redact.ts

/** Authorization schemes whose credential follows a space (RFC 9110 and common API keys). */
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|negotiate|ntlm|hoba|mutual|vapid|aws4-hmac-sha256|apikey|api-key|key|sso-key|splunk|dsn|otp)$/i;
const AUTH_HEADER = /^(?:proxy-)?authorization$/i;
/**
 * The values of `headers` to keep secret: each whole value and, after an auth scheme
 * (`Bearer abc`, `token abc`, `Basic dXNlcjpwdw==`), the credential alone — and for Basic the
 * decoded `user:password` and the password — since a server may echo any of them.
 */
function headerSecrets(headers) {
    const secrets = [];
    for (const [name, value] of Object.entries(headers)) {
        if (value === '')
            continue;
        secrets.push(value);
        const scheme = /^(\S+)\s+(\S[\s\S]*)$/.exec(value);
        if (!scheme || !(AUTH_SCHEME.test(scheme[1]) || AUTH_HEADER.test(name)))
            continue;
        const credential = scheme[2];
        // Parts shorter than 4 characters would mask ordinary words everywhere; the whole value still is.
        if (credential.length < 4)
            continue;
        secrets.push(credential);
        if (/^basic$/i.test(scheme[1])) {
            const decoded = Buffer.from(credential, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0 && !/[\u0000-\u001F\uFFFD]/.test(decoded)) {
                secrets.push(decoded);
                if (decoded.length - colon - 1 >= 4)
                    secrets.push(decoded.slice(colon + 1));
            }
        }
    }
    return secrets;
}
/** Header names whose values are credentials when they appear in a checks file. */
const SENSITIVE_HEADER = /auth|token|secret|key|cookie|session|password|signature|credential/i;
/**
 * The secrets of a checks file's request headers. Unlike the `headers` input (all masked),
 * a checks file also sets ordinary headers (`content-type`), so only credential-like names count.
 */
function checksHeaderSecrets(checks) {
    return checks.checks.flatMap((check) => headerSecrets(Object.fromEntries(Object.entries(check.headers ?? {}).filter(([name]) => SENSITIVE_HEADER.test(name)))));
}

// EXTERNAL MODULE: ./packages/records/src/index.ts + 6 modules
var records_src = __webpack_require__(6166);
// EXTERNAL MODULE: ./packages/smoke/src/header-lines.ts
var header_lines = __webpack_require__(3074);
;// CONCATENATED MODULE: ./packages/smoke/src/smoke-plan.ts



const DEFAULT_LOAD_REQUESTS = 0;
const DEFAULT_LOAD_CONCURRENCY = 10;
/** The `url` input, else the environment_url of the environment's latest good deployment. */
async function resolveBaseUrl(settings, records) {
    if (settings.url)
        return { url: settings.url, source: 'input' };
    const good = await (0,records_src/* findLastGoodDeployment */.Gi)(await records(), settings.environment);
    if (!good) {
        throw new src/* ShipgateError */.Yu(`is not set and environment '${settings.environment}' has no successful deployment to take its URL from; set url`, 'url');
    }
    const { deployment, success } = good;
    if (!success.environmentUrl) {
        throw new src/* ShipgateError */.Yu(`is not set and the latest successful deployment of '${settings.environment}' (#${deployment.id}, ${deployment.sha.slice(0, 7)}) has no environment_url; set url`, 'url');
    }
    // Recorded by whoever deployed: refuse one that would publish credentials or break a log line, without quoting it.
    if (!(0,src/* isHttpUrl */.q$)(success.environmentUrl) || (0,src/* lineProblem */.OR)(success.environmentUrl, { max: src/* MAX_URL_LENGTH */.m2 })) {
        throw new src/* ShipgateError */.Yu(`is not set and the environment_url of deployment #${deployment.id} is not a one-line http(s) URL without user:password@; set url`, 'url');
    }
    return { url: success.environmentUrl, source: `deployment #${deployment.id} (${deployment.sha.slice(0, 7)})` };
}
function planSmoke(settings, base) {
    const checks = settings.checks.checks.map((spec) => toHttpCheck(spec, base.url, settings.headers));
    const first = checks[0];
    const fileLoad = settings.checks.load;
    const requests = settings.loadRequests !== DEFAULT_LOAD_REQUESTS ? settings.loadRequests : (fileLoad?.requests ?? 0);
    const concurrency = settings.loadConcurrency !== DEFAULT_LOAD_CONCURRENCY ? settings.loadConcurrency : (fileLoad?.concurrency ?? DEFAULT_LOAD_CONCURRENCY);
    // Input thresholds win over the file's for the same metric.
    const byMetric = new Map();
    for (const t of [...(settings.checks.thresholds ?? []), ...settings.thresholds])
        byMetric.set(`${t.metric}${t.operator[0]}`, t);
    const thresholds = [...byMetric.values()];
    if (thresholds.length > 0 && requests === 0) {
        throw new src/* ShipgateError */.Yu(`(${thresholds.map((t) => t.expression).join(', ')}) apply to the load burst, but there is none; set load-requests or load.requests in the checks file`, 'thresholds');
    }
    let load;
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
function toHttpCheck(spec, baseUrl, headers) {
    const method = spec.method ?? 'GET';
    const url = resolveUrl(baseUrl, spec);
    let body;
    const extra = {};
    if (typeof spec.body === 'string')
        body = spec.body;
    else if (spec.body !== undefined) {
        body = JSON.stringify(spec.body);
        extra['content-type'] = 'application/json';
    }
    return {
        name: spec.name ?? `${method} ${spec.url ?? spec.path ?? '/'}`,
        method,
        url,
        headers: (0,header_lines/* mergeHeaders */.l)(headers, extra, spec.headers),
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
function resolveUrl(baseUrl, target) {
    if (target.url)
        return target.url;
    return `${baseUrl.replace(/\/+$/, '')}${target.path ?? '/'}`;
}

;// CONCATENATED MODULE: ./packages/smoke/src/run-smoke.ts


/** Readiness wait → every check → the load burst → thresholds. Sends requests; records nothing. */
async function runSmoke(plan, hooks) {
    const started = Date.now();
    const [first, ...rest] = plan.checks;
    if (!first)
        throw new Error('a smoke plan always has at least one check');
    hooks.info(`Waiting up to ${(0,src/* formatDuration */.a3)(plan.waitTimeoutMs)} for '${first.name}' (${first.method} ${first.url}) to pass`);
    const ready = await (0,probe_src/* waitForCheck */.t4)(first, { waitTimeoutMs: plan.waitTimeoutMs, requestTimeoutMs: plan.requestTimeoutMs, signal: hooks.signal });
    const checks = [ready.result];
    const skipped = [];
    let load;
    let thresholds = [];
    if (ready.wait.ok) {
        hooks.info(`Ready after ${ready.wait.attempts} attempt(s), ${(0,src/* formatDuration */.a3)(ready.wait.elapsedMs)}`);
        logCheck(ready.result, hooks);
        for (const check of rest) {
            if (hooks.signal.aborted)
                break;
            const result = await (0,probe_src/* runCheck */.k_)(check, { timeoutMs: plan.requestTimeoutMs, signal: hooks.signal });
            checks.push(result);
            logCheck(result, hooks);
        }
        if (plan.load && !hooks.signal.aborted) {
            hooks.info(`Load burst: ${plan.load.requests} requests to ${plan.load.method} ${plan.load.url}, ${plan.load.concurrency} at a time`);
            // A cancel aborts the requests in flight at once (however long request-timeout is), so the
            // commit status can still be recorded before the runner's SIGTERM.
            load = await (0,probe_src/* runLoad */.eR)({ ...plan.load, signal: hooks.signal });
            if (hooks.signal.aborted) {
                hooks.info(`Load burst cancelled after ${load.requests} of ${plan.load.requests} requests; the requests in flight were aborted`);
            }
            else {
                hooks.info(describeLoad(load));
                thresholds = (0,probe_src/* evaluateThresholds */.S$)(plan.thresholds, load);
                for (const t of thresholds)
                    hooks.info(`${t.passed ? 'pass' : 'FAIL'}  threshold ${t.expression}: ${t.actual}`);
            }
        }
    }
    else if (hooks.signal.aborted) {
        hooks.info(`Cancelled while waiting for '${first.name}' to pass (${ready.wait.attempts} attempt(s))`);
        skipped.push(...rest.map((c) => c.name));
    }
    else {
        hooks.info(`Not ready within ${(0,src/* formatDuration */.a3)(plan.waitTimeoutMs)} (${ready.wait.attempts} attempt(s)): ${ready.wait.detail}`);
        skipped.push(...rest.map((c) => c.name));
    }
    const cancelled = hooks.signal.aborted;
    const passed = !cancelled && ready.wait.ok && checks.every((c) => c.passed) && thresholds.every((t) => t.passed);
    return { passed, cancelled, readiness: ready.wait, checks, skipped, load, thresholds, durationMs: Date.now() - started };
}
function logCheck(result, hooks) {
    const latency = result.latencyMs === undefined ? '' : ` in ${(0,probe_src/* formatLatency */.YL)(result.latencyMs)}`;
    const status = result.status === undefined ? 'no answer' : `HTTP ${result.status}`;
    hooks.info(`${result.passed ? 'pass' : 'FAIL'}  ${result.name}: ${status}${latency}${result.passed ? '' : ` — ${result.failures.join('; ')}`}`);
}
function describeLoad(load) {
    const latency = load.latency
        ? `p50 ${(0,probe_src/* formatLatency */.YL)(load.latency.p50Ms)}, p95 ${(0,probe_src/* formatLatency */.YL)(load.latency.p95Ms)}, p99 ${(0,probe_src/* formatLatency */.YL)(load.latency.p99Ms)}, max ${(0,probe_src/* formatLatency */.YL)(load.latency.maxMs)}`
        : 'no answers';
    return `${load.requests} requests in ${(0,src/* formatDuration */.a3)(load.durationMs)} (${load.requestsPerSecond.toFixed(0)}/s), errors ${load.errors} (${(0,src/* formatPercentage */.Ee)(load.errorRate)}); ${latency}`;
}

;// CONCATENATED MODULE: ./packages/smoke/src/commit-status.ts


/** The commit status context the gate requires by default (CONTRACT.md). */
const smokeContext = (environment) => `shipgate/smoke-test (${environment})`;
/** success/failure with the failed checks and thresholds in the description (cut to 140 by the backend). */
function smokeCommitStatus(environment, result, waitTimeoutMs, targetUrl) {
    const base = { context: smokeContext(environment), targetUrl };
    if (result.cancelled)
        return { ...base, state: 'error', description: 'smoke test cancelled before it finished' };
    if (result.passed) {
        const load = result.load?.latency
            ? `; ${result.load.requests} requests, p99 ${(0,probe_src/* formatLatency */.YL)(result.load.latency.p99Ms)}, errors ${(0,src/* formatPercentage */.Ee)(result.load.errorRate)}`
            : '';
        return { ...base, state: 'success', description: `${result.checks.length}/${result.checks.length} checks passed${load}` };
    }
    const parts = [];
    if (!result.readiness.ok)
        parts.push(`not ready within ${(0,src/* formatDuration */.a3)(waitTimeoutMs)}: ${result.readiness.detail}`);
    else {
        const failed = result.checks.filter((c) => !c.passed).map((c) => c.name);
        if (failed.length > 0)
            parts.push(`failed: ${failed.join(', ')}`);
    }
    for (const t of result.thresholds.filter((t) => !t.passed))
        parts.push(`${t.expression} (was ${t.actual})`);
    return { ...base, state: 'failure', description: parts.join('; ') };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/smoke/src/smoke-report.ts



function buildReport(plan, result, sha, commitStatus) {
    return {
        tool: 'shipgate smoke-test',
        environment: plan.environment,
        url: plan.baseUrl,
        urlSource: plan.urlSource,
        sha,
        passed: result.passed,
        cancelled: result.cancelled,
        durationMs: result.durationMs,
        readiness: { ...result.readiness, waitTimeoutMs: plan.waitTimeoutMs },
        checks: result.checks.map((check, index) => ({ ...check, expected: JSON.stringify(plan.checks[index]?.expect ?? {}) })),
        skipped: result.skipped,
        load: result.load && plan.load ? { ...result.load, url: plan.load.url, concurrency: plan.load.concurrency } : null,
        thresholds: result.thresholds,
        commitStatus: commitStatus ?? null,
    };
}
/**
 * Where the report goes when the `report` input is empty. A long environment name is cut and
 * given a short hash, so the file name stays within the file system's 255 bytes and unique.
 */
function defaultReportPath(environment, tempDir) {
    const safe = environment.replace(/[^\w.-]+/g, '_');
    const name = safe.length <= 100 ? safe : `${safe.slice(0, 80)}-${(0,external_node_crypto_.createHash)('sha256').update(environment).digest('hex').slice(0, 12)}`;
    return (0,external_node_path_.join)(tempDir, `shipgate-smoke-test-${name}.json`);
}
/**
 * Checks the `report` path before anything is sent or recorded: inside the workspace or the
 * runner's temp directory, not a directory, not a symbolic link, writable (unless `dryRun`).
 */
function prepareReport(path, roots, dryRun) {
    return (0,src/* prepareConfinedFile */.QU)('report', path, roots, { probe: !dryRun });
}
/**
 * Writes the report with every string value passed through `redact`, so a secret echoed by the
 * server never lands in the file. Values, not the serialised text: a header value such as
 * `true` or `2` must not turn the JSON's own `true` or numbers into `***`. Written to a new
 * file renamed over the destination, so a link planted there is replaced, never followed.
 */
function writeReport(file, report, redact) {
    const redactStrings = (_key, value) => (typeof value === 'string' ? redact(value) : value);
    file.write(`${JSON.stringify(report, redactStrings, 2)}\n`);
}

;// CONCATENATED MODULE: ./packages/smoke/src/smoke-summary.ts


/**
 * The job summary: verdict, a table of checks, the load figures and thresholds, what was
 * recorded on which commit (linked on GitHub), and where the JSON report is.
 */
function smokeSummary(outcome, context = (0,src/* readRunContext */.$p)()) {
    const { plan, result, commitStatus } = outcome;
    const icon = result.passed ? '✅' : result.cancelled ? '⚠️' : '❌';
    const verdict = result.passed ? 'passed' : result.cancelled ? 'cancelled' : 'failed';
    const parts = [`### ${icon} shipgate smoke test of ${(0,src/* escapeMarkdownInline */.E4)(plan.environment)} ${verdict}\n`];
    parts.push(`Target ${(0,src/* link */.nf)(plan.baseUrl, plan.baseUrl).html} (${(0,src/* escapeHtml */.ZD)(plan.urlSource)}); ` +
        (result.readiness.ok
            ? `ready after ${result.readiness.attempts} attempt(s), ${(0,src/* formatDuration */.a3)(result.readiness.elapsedMs)}.\n`
            : `<b>not ready</b> within ${(0,src/* formatDuration */.a3)(plan.waitTimeoutMs)} (${result.readiness.attempts} attempt(s)): ${(0,src/* escapeMarkdownInline */.E4)(result.readiness.detail)}.\n`));
    const rows = result.checks.map((check) => [
        check.name,
        check.status === undefined ? 'no answer' : String(check.status),
        check.latencyMs === undefined ? '—' : (0,probe_src/* formatLatency */.YL)(check.latencyMs),
        check.passed ? '✅ passed' : `❌ ${check.failures.join('; ')}`,
    ]);
    for (const name of result.skipped)
        rows.push([name, '—', '—', '⏭️ skipped (not ready)']);
    parts.push((0,src/* htmlTable */.I$)(['Check', 'Status', 'Latency', 'Verdict'], rows));
    if (result.load && plan.load) {
        const { load } = result;
        const latency = load.latency;
        const ms = (value) => (value === undefined ? '—' : (0,probe_src/* formatLatency */.YL)(value));
        parts.push(`\n**Load burst**: ${(0,src/* escapeHtml */.ZD)(plan.load.method ?? 'GET')} ${(0,src/* escapeMarkdownInline */.E4)(plan.load.url)}, ${plan.load.concurrency} concurrent\n\n` +
            (0,src/* htmlTable */.I$)(['Requests', 'Errors', 'Duration', 'Throughput', 'p50', 'p95', 'p99', 'avg', 'max'], [
                [
                    String(load.requests),
                    `${load.errors} (${(0,src/* formatPercentage */.Ee)(load.errorRate)})`,
                    (0,src/* formatDuration */.a3)(load.durationMs),
                    `${load.requestsPerSecond.toFixed(0)}/s`,
                    ms(latency?.p50Ms),
                    ms(latency?.p95Ms),
                    ms(latency?.p99Ms),
                    ms(latency?.avgMs),
                    ms(latency?.maxMs),
                ],
            ]));
    }
    if (result.thresholds.length > 0) {
        parts.push(`\n${(0,src/* htmlTable */.I$)(['Threshold', 'Actual', 'Verdict'], result.thresholds.map((t) => [t.expression, t.actual, t.passed ? '✅ passed' : '❌ failed']))}`);
    }
    // The commit status was recorded through the records, so they are open whenever it is shown.
    const commit = outcome.records ? (0,src/* commitCell */.Ou)(outcome.sha, (0,src/* summaryLinks */.w9)(outcome.records, context)) : { html: `<code>${(0,src/* escapeHtml */.ZD)(outcome.sha)}</code>` };
    parts.push(commitStatus
        ? `\nRecorded commit status <code>${(0,src/* escapeHtml */.ZD)(commitStatus.context)}</code> on ${commit.html}: <b>${commitStatus.state}</b> — ${(0,src/* escapeMarkdownInline */.E4)(commitStatus.description)}\n`
        : '\nNo commit status recorded (record: false).\n');
    parts.push(`\nReport (JSON, every check and the load figures): <code>${(0,src/* escapeHtml */.ZD)(outcome.reportPath)}</code> — the \`report\` output; upload it with \`actions/upload-artifact\` to keep it.\n`);
    return parts.join('');
}
/** What a dry run would do, for the log and the summary. Sends nothing. */
function dryRunPlan(plan, record) {
    const lines = [`Target ${plan.baseUrl} (${plan.urlSource})`];
    lines.push(`Would wait up to ${(0,src/* formatDuration */.a3)(plan.waitTimeoutMs)} for the first check to pass, ${(0,src/* formatDuration */.a3)(plan.requestTimeoutMs)} per request`);
    for (const check of plan.checks) {
        const latency = check.expect.maxLatencyMs === undefined ? '' : ` within ${(0,src/* formatDuration */.a3)(check.expect.maxLatencyMs)}`;
        lines.push(`Would check '${check.name}': ${check.method} ${check.url} expecting ${(0,probe_src/* describeStatus */.Wn)(check.expect.status)}${latency}`);
    }
    lines.push(plan.load
        ? `Would send ${plan.load.requests} requests to ${plan.load.method ?? 'GET'} ${plan.load.url}, ${plan.load.concurrency} at a time`
        : 'No load burst (load-requests is 0)');
    if (plan.thresholds.length > 0)
        lines.push(`Thresholds: ${plan.thresholds.map((t) => t.expression).join(', ')}`);
    lines.push(record ? `Would record commit status '${record.context}' on ${record.sha}` : 'Would record nothing (record: false)');
    return lines;
}

;// CONCATENATED MODULE: ./packages/smoke/src/smoke-test.ts





/**
 * The smoke-test action's flow: resolve the URL and plan (every input mistake surfaces here,
 * before anything is sent or recorded) → run → record the commit status → write the report.
 */
async function smokeTest(request, deps) {
    // First: a report that cannot be written must fail the step before a status says `success`.
    const report = prepareReport(request.reportPath, request.reportRoots, request.dryRun);
    let opened;
    const records = () => (opened ??= deps.records());
    const plan = planSmoke(request, await resolveBaseUrl(request, records));
    const sha = request.record && !/^[0-9a-f]{40}$/i.test(request.sha) ? (await (await records()).resolveCommit(request.sha)).sha : request.sha;
    if (request.dryRun) {
        return { kind: 'dry-run', plan, lines: dryRunPlan(plan, request.record ? { sha, context: smokeContext(request.environment) } : undefined) };
    }
    const result = await runSmoke(plan, { info: deps.info, signal: deps.signal });
    let commitStatus;
    if (request.record) {
        const status = smokeCommitStatus(request.environment, result, plan.waitTimeoutMs, request.logUrl);
        commitStatus = { ...status, description: deps.redact(status.description) };
        await (await records()).setCommitStatus(sha, commitStatus);
        deps.info(`Recorded ${commitStatus.context}: ${commitStatus.state} on ${sha.slice(0, 7)}`);
    }
    writeReport(report, buildReport(plan, result, sha, commitStatus), deps.redact);
    return { kind: 'ran', plan, result, commitStatus, sha, reportPath: report.path, records: opened && (await opened) };
}
/** The action's outputs (CONTRACT.md); load figures are empty when there was no burst. */
function smokeOutputs(outcome) {
    const { result } = outcome;
    const names = (passed) => result.checks.filter((c) => c.passed === passed).map((c) => c.name);
    const ms = (value) => (value === undefined ? '' : String(Math.round(value * 100) / 100));
    const latency = result.load?.latency;
    return {
        passed: String(result.passed),
        'checks-passed': names(true).join(','),
        'checks-failed': [...names(false), ...result.skipped].join(','),
        requests: String(result.load?.requests ?? 0),
        'error-rate': result.load ? String(result.load.errorRate) : '',
        'p50-ms': ms(latency?.p50Ms),
        'p95-ms': ms(latency?.p95Ms),
        'p99-ms': ms(latency?.p99Ms),
        report: outcome.reportPath,
    };
}

;// CONCATENATED MODULE: ./packages/smoke/src/index.ts












/***/ })

};
