export const id = 380;
export const ids = [380];
export const modules = {

/***/ 380:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GITHUB_CALL_LIMITS: () => (/* binding */ GITHUB_CALL_LIMITS),
/* harmony export */   classifyGitHubFailure: () => (/* reexport safe */ _github_failure__WEBPACK_IMPORTED_MODULE_0__.iF),
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient),
/* harmony export */   explainGitHubFailure: () => (/* reexport safe */ _github_failure__WEBPACK_IMPORTED_MODULE_0__.d5)
/* harmony export */ });
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5194);
/* harmony import */ var _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3779);
/* harmony import */ var _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9210);
/* harmony import */ var _cancellable_wait__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5021);
/* harmony import */ var _github_failure__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4541);





// Retries are shipgate's own (below), not @octokit/plugin-retry and plugin-throttling: those
// retry a POST whose answer was lost (a second deployment), sleep a `retry-after: 600` in
// full, and cannot be interrupted when the job is cancelled.
const ShipgateOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_1__/* .Octokit */ .E.plugin(_octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_2__/* .restEndpointMethods */ ._, _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_3__/* .paginateRest */ .ud);
const GITHUB_CALL_LIMITS = {
    attemptTimeoutMs: 6_000,
    maxAttempts: 4,
    backoffMs: [1_000, 2_000, 4_000],
    maxRetryAfterMs: 10_000,
    retryBudgetMs: 20_000,
};
/**
 * Octokit with bounded, cancellable retries for transient 5xx answers, timeouts, lost
 * connections and GitHub's rate limits: a deploy must not fail, or be left half-recorded,
 * because the API hiccuped once — nor hang for minutes when GitHub is down.
 */
function createGitHubClient(options) {
    const limits = { ...GITHUB_CALL_LIMITS, ...options.limits };
    const jobSignal = options.signal;
    const octokit = new ShipgateOctokit({
        auth: options.token,
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        userAgent: 'shipgate',
        request: { fetch: fetchWithLimits(limits.attemptTimeoutMs, jobSignal) },
        log: { debug: () => { }, info: () => { }, warn: options.warn, error: options.warn },
    });
    octokit.hook.wrap('request', async (request, requestOptions) => {
        const started = Date.now();
        const retryUnanswered = requestOptions.request?.retryUnanswered !== false;
        for (let attempt = 1;; attempt++) {
            try {
                return await request(requestOptions);
            }
            catch (error) {
                const failure = (0,_github_failure__WEBPACK_IMPORTED_MODULE_0__/* .classifyGitHubFailure */ .iF)(error);
                const wait = retryWait(failure, attempt, Date.now() - started, limits, retryUnanswered);
                if (wait === undefined || jobSignal?.aborted)
                    throw annotate(error, attempt, failure);
                const { method, url } = octokit.request.endpoint.parse(requestOptions);
                const call = `${method} ${new URL(url).pathname}`;
                options.warn(`GitHub ${failure.summary} on ${call}; retrying in ${(wait / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${limits.maxAttempts})`);
                if (!(await (0,_cancellable_wait__WEBPACK_IMPORTED_MODULE_4__/* .waitUnlessCancelled */ .T)(wait, jobSignal)))
                    throw annotate(error, attempt, failure);
            }
        }
    });
    return octokit;
}
function retryWait(failure, attempt, elapsedMs, limits, retryUnanswered) {
    if (attempt >= limits.maxAttempts)
        return undefined;
    let wait;
    if (failure.kind === 'rate-limit') {
        // GitHub refused before doing anything, so even a create may be repeated.
        if (failure.retryAfterMs > limits.maxRetryAfterMs)
            return undefined;
        wait = failure.retryAfterMs;
    }
    else if (failure.kind === 'server' || failure.kind === 'timeout' || failure.kind === 'unreachable') {
        if (!retryUnanswered)
            return undefined;
        wait = limits.backoffMs[Math.min(attempt - 1, limits.backoffMs.length - 1)] ?? 1_000;
    }
    else {
        return undefined;
    }
    return elapsedMs + wait > limits.retryBudgetMs ? undefined : wait;
}
function annotate(error, attempts, failure) {
    if (error && typeof error === 'object')
        Object.assign(error, { shipgateAttempts: attempts, shipgateFailure: failure });
    return error;
}
/** fetch with a timeout per attempt (headers and body), aborted by the job's cancellation if it was running then. */
function fetchWithLimits(timeoutMs, jobSignal) {
    return async (url, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const cancellable = jobSignal !== undefined && !jobSignal.aborted;
        const signals = [timeout, ...(init?.signal ? [init.signal] : []), ...(cancellable ? [jobSignal] : [])];
        try {
            const response = await fetch(url, { ...init, signal: AbortSignal.any(signals) });
            // The whole answer within the attempt's time: a body that stalls must fail the attempt,
            // not reach Octokit, which would read it as an empty answer.
            const body = await response.arrayBuffer();
            const whole = new Response(response.status === 204 || response.status === 304 ? null : body, {
                status: response.status,
                statusText: response.statusText,
                headers: response.headers,
            });
            return Object.defineProperty(whole, 'url', { value: response.url });
        }
        catch (error) {
            if (cancellable && jobSignal.aborted)
                throw new _github_failure__WEBPACK_IMPORTED_MODULE_0__/* .GitHubCallCancelled */ .f9();
            if (timeout.aborted)
                throw new _github_failure__WEBPACK_IMPORTED_MODULE_0__/* .GitHubCallTimedOut */ .tL(timeoutMs);
            throw error;
        }
    };
}



/***/ })

};
