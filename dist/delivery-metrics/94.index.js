export const id = 94;
export const ids = [94,380];
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



/***/ }),

/***/ 1094:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEPLOYMENTS_WITH_TREES_QUERY: () => (/* binding */ DEPLOYMENTS_WITH_TREES_QUERY),
  GitHubRecords: () => (/* binding */ GitHubRecords)
});

// EXTERNAL MODULE: ./packages/core/src/index.ts + 35 modules
var src = __webpack_require__(7421);
// EXTERNAL MODULE: ./packages/core/src/github-client.ts
var github_client = __webpack_require__(380);
// EXTERNAL MODULE: ./packages/records/src/delivery-history.ts
var delivery_history = __webpack_require__(7573);
;// CONCATENATED MODULE: ./packages/records/src/graphql-query.ts
/**
 * One GraphQL request. GitHub answers a refusal or a rate limit inside an HTTP 200 (`errors:
 * [{ type: 'FORBIDDEN' | 'RATE_LIMITED', … }]`); those become the errors a REST 403 or rate
 * limit gives, so the records' call() reports them as the one-line permission or rate-limit
 * failure. Any other error with a partial answer (some objects unreadable) still returns what
 * was found: the caller checks that what it needs is there.
 */
async function graphqlQuery(octokit, query, variables) {
    try {
        return await octokit.graphql(query, variables);
    }
    catch (error) {
        const failure = (error ?? {});
        const types = (failure.errors ?? []).map((e) => e.type);
        const message = failure.errors?.[0]?.message ?? error.message;
        if (types.includes('RATE_LIMITED')) {
            const rateMessage = failure.errors?.find((e) => e.type === 'RATE_LIMITED')?.message ?? message;
            // Same shape as REST's primary limit: 403 with no requests left (and its reset time, when GitHub sent it).
            throw Object.assign(new Error(rateMessage), { status: 403, response: { headers: { ...failure.headers, 'x-ratelimit-remaining': '0' }, data: { message: rateMessage } } });
        }
        if (types.includes('FORBIDDEN') || /not accessible/i.test(message)) {
            const refusal = failure.errors?.find((e) => e.type === 'FORBIDDEN')?.message ?? message;
            throw Object.assign(new Error(refusal), { status: 403, response: { data: { message: refusal } } });
        }
        const partial = failure.data;
        if (partial)
            return partial;
        throw error;
    }
}

;// CONCATENATED MODULE: ./packages/records/src/github-delivery-history.ts



/**
 * The deployments of `environment` created at or after `since`, newest first, with all their
 * statuses, and the older ones on the last page read (context: where the window's first change
 * came from): one GraphQL request per 100 deployments (REST would need one more call per
 * deployment for its statuses). Pages are read newest first and reading stops at the first page
 * that reaches past `since`, so the cost follows the deployments in the window, never the
 * repository's whole history — except that when the older ones read hold no successful change
 * deployment (the base the window's first change is compared with), up to BASE_SEARCH_PAGES
 * more pages are read to find one.
 */
async function listGitHubDeploymentsSince(octokit, owner, name, environment, since) {
    const found = [];
    let after = null;
    let extraPages = 0;
    for (;;) {
        const data = await graphqlQuery(octokit, DEPLOYMENT_HISTORY_QUERY, { owner, name, environment, first: delivery_history/* HISTORY_PAGE_SIZE */.v$, statuses: delivery_history/* STATUSES_PER_DEPLOYMENT */.JZ, after });
        const page = data?.repository?.deployments;
        // "No deployments" is an empty list; a missing one is an answer shipgate cannot read, not zero.
        if (!page || !Array.isArray(page.nodes)) {
            throw new src/* OutsideFailure */.Kr(`GitHub's answer to the deployment history of ${owner}/${name} (${environment}) had no deployment list (${data?.repository ? 'deployments' : 'repository'} was null): the job needs \`permissions: deployments: read\` for its token, and the repository must exist`);
        }
        let reachedStart = false;
        for (const node of page.nodes) {
            if (node?.databaseId == null)
                continue;
            // The older ones on this page are kept: the newest good one is the base of the first comparison.
            if (Date.parse(node.createdAt) < since.getTime())
                reachedStart = true;
            found.push(fromNode(node));
        }
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor)
            return found;
        if (reachedStart) {
            const hasBase = found.some((d) => Date.parse(d.createdAt) < since.getTime() && (0,delivery_history/* isGoodChangeRecord */.ZQ)(d));
            if (hasBase || extraPages >= delivery_history/* BASE_SEARCH_PAGES */.OR)
                return found;
            extraPages++;
        }
        after = page.pageInfo.endCursor;
    }
}
/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`, one call, not paged: GitHub then lists up
 * to 250 commits (COMPARE_COMMIT_LIMIT) — the newest 250: "the last commit in the list is the
 * most recent of the entire comparison" — and says how many there are in `total_commits`.
 * Undefined when GitHub does not know one of the commits (404) or they share no history (422).
 */
async function compareOnGitHub(octokit, owner, repo, base, head) {
    try {
        const { data, headers } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}` });
        const remaining = Number(headers['x-ratelimit-remaining']);
        return {
            ...(headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining) ? { rateLimitRemaining: remaining } : {}),
            commits: data.commits.map((c) => ({ sha: c.sha, committedAt: c.commit.committer?.date ?? c.commit.author?.date ?? '' })).filter((c) => c.committedAt !== ''),
            totalCommits: data.total_commits,
        };
    }
    catch (error) {
        const status = error.status;
        if (status === 404 || status === 422)
            return undefined;
        throw error;
    }
}
/** The GraphQL query behind listGitHubDeploymentsSince (the test emulator answers exactly this one). */
const DEPLOYMENT_HISTORY_QUERY = `query($owner: String!, $name: String!, $environment: String!, $first: Int!, $statuses: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], first: $first, after: $after, orderBy: {field: CREATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId
        commitOid
        createdAt
        payload
        statuses(first: $statuses) { nodes { state description createdAt } }
      }
    }
  }
}`;
function fromNode(node) {
    let payload = {};
    try {
        payload = node.payload ? JSON.parse(node.payload) : {};
    }
    catch {
        payload = {};
    }
    return {
        id: node.databaseId,
        sha: node.commitOid,
        createdAt: node.createdAt,
        payload: (payload && typeof payload === 'object' ? payload : {}),
        // GraphQL spells states in capitals (SUCCESS); REST and shipgate in lower case.
        statuses: (node.statuses?.nodes ?? []).flatMap((s) => (s ? [{ state: s.state.toLowerCase(), createdAt: s.createdAt, description: s.description ?? '' }] : [])),
    };
}

// EXTERNAL MODULE: ./packages/records/src/request-marker.ts
var request_marker = __webpack_require__(5330);
// EXTERNAL MODULE: ./packages/records/src/unknown-ref.ts
var unknown_ref = __webpack_require__(2748);
// EXTERNAL MODULE: ./packages/records/src/types.ts
var types = __webpack_require__(3039);
;// CONCATENATED MODULE: ./packages/records/src/github-records.ts








/**
 * Records kept in GitHub itself: Deployments and their statuses (visible under the
 * repository's Environments) and commit statuses (visible on the commit and usable by branch
 * protection). Every call goes through the retrying, throttled client.
 */
class GitHubRecords {
    octokit;
    owner;
    repo;
    signal;
    backend = 'github';
    location;
    constructor(octokit, owner, repo, serverUrl, 
    /** The job's cancellation: a create is not tried again after it. */
    signal) {
        this.octokit = octokit;
        this.owner = owner;
        this.repo = repo;
        this.signal = signal;
        this.location = `${serverUrl}/${owner}/${repo}/deployments`;
    }
    async resolveCommit(ref) {
        (0,unknown_ref/* refusePathRef */.bU)(ref);
        return this.call(`read the commit ${ref}`, 'contents: read', async () => {
            try {
                const { data } = await this.octokit.rest.repos.getCommit({ owner: this.owner, repo: this.repo, ref, per_page: 1 });
                return { sha: data.sha, tree: data.commit.tree.sha, parents: data.parents.map((p) => p.sha) };
            }
            catch (error) {
                const status = error.status;
                if (status === 404 || status === 422) {
                    throw new unknown_ref/* UnknownRefError */.AD(ref, `was not found in ${this.owner}/${this.repo}`);
                }
                throw error;
            }
        });
    }
    /**
     * A create is never repeated blindly: its answer may have been lost after GitHub made the
     * deployment. Before each new attempt the request's marker is looked up, and a deployment
     * already made by this request is adopted.
     */
    async createDeployment(input) {
        const marker = typeof input.payload.request === 'string' ? input.payload.request : undefined;
        return this.call(`create a deployment in ${input.environment}`, 'deployments: write', async () => {
            const started = Date.now();
            for (let attempt = 1;; attempt++) {
                try {
                    return await this.createOnce(input);
                }
                catch (error) {
                    const failure = (0,github_client.classifyGitHubFailure)(error);
                    const unanswered = failure.kind === 'server' || failure.kind === 'timeout' || failure.kind === 'unreachable';
                    const wait = github_client.GITHUB_CALL_LIMITS.backoffMs[attempt - 1];
                    const retry = marker && unanswered && wait !== undefined && Date.now() - started + wait <= github_client.GITHUB_CALL_LIMITS.retryBudgetMs;
                    if (!retry || !(await (0,src/* waitUnlessCancelled */.Tj)(wait, this.signal)))
                        throw Object.assign(error, { shipgateAttempts: attempt });
                    const made = await (0,request_marker/* findRequestedDeployment */.R)(this, { marker, environment: input.environment, sha: input.sha });
                    if (made)
                        return made;
                }
            }
        });
    }
    async createOnce(input) {
        const response = await this.octokit.rest.repos.createDeployment({
            owner: this.owner,
            repo: this.repo,
            // The resolved sha, not a branch: the record must name exactly the code deployed.
            ref: input.sha,
            task: 'deploy',
            environment: input.environment,
            description: input.description,
            payload: { shipgate: input.payload },
            // GitHub's defaults would merge the default branch into the ref, or refuse with 409
            // until every status check passed; shipgate does its own gating.
            auto_merge: false,
            required_contexts: [],
            production_environment: input.productionEnvironment,
            transient_environment: input.transientEnvironment,
            request: { retryUnanswered: false },
        });
        // 202 is GitHub's "I merged instead of deploying": no deployment exists.
        if (response.status === 202 || typeof response.data !== 'object' || response.data === null || !('id' in response.data)) {
            const message = response.data?.message ?? 'no deployment was created';
            throw new src/* ShipgateError */.Yu(`GitHub did not create a deployment for ${input.sha.slice(0, 7)}: ${message}`);
        }
        return toDeployment(response.data);
    }
    async addStatus(deploymentId, status) {
        return this.call(`add a status to deployment ${deploymentId}`, 'deployments: write', async () => {
            const { data } = await this.octokit.rest.repos.createDeploymentStatus({
                owner: this.owner,
                repo: this.repo,
                deployment_id: deploymentId,
                state: status.state,
                description: (0,types/* fitDescription */.Am)(status.description),
                ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
                ...(status.logUrl ? { log_url: status.logUrl } : {}),
                auto_inactive: true,
            });
            return toStatus(data);
        });
    }
    async getDeployment(id) {
        return this.call(`read deployment ${id}`, 'deployments: read', async () => {
            try {
                const { data } = await this.octokit.rest.repos.getDeployment({ owner: this.owner, repo: this.repo, deployment_id: id });
                return toDeployment(data);
            }
            catch (error) {
                if (error.status === 404)
                    return undefined;
                throw error;
            }
        });
    }
    async listDeployments(query) {
        return this.call(`list the deployments of ${query.environment}`, 'deployments: read', async () => {
            const limit = query.limit ?? 100;
            const found = [];
            for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listDeployments, {
                owner: this.owner,
                repo: this.repo,
                environment: query.environment,
                ...(query.sha ? { sha: query.sha } : {}),
                per_page: Math.min(limit, 100),
            })) {
                for (const item of page.data) {
                    found.push(toDeployment(item));
                    if (found.length >= limit)
                        return found;
                }
            }
            return found;
        });
    }
    async listStatuses(deploymentId) {
        return this.call(`read the statuses of deployment ${deploymentId}`, 'deployments: read', async () => {
            // Newest first; one page of 100 covers every deployment shipgate writes (a canary adds ~10).
            const { data } = await this.octokit.rest.repos.listDeploymentStatuses({
                owner: this.owner,
                repo: this.repo,
                deployment_id: deploymentId,
                per_page: 100,
            });
            return data.map(toStatus);
        });
    }
    async setCommitStatus(sha, status) {
        return this.call(`set the commit status ${status.context}`, 'statuses: write', async () => {
            await this.octokit.rest.repos.createCommitStatus({
                owner: this.owner,
                repo: this.repo,
                sha,
                context: status.context,
                state: status.state,
                description: (0,types/* fitDescription */.Am)(status.description),
                ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
            });
        });
    }
    async listCommitStatuses(sha) {
        return this.call(`read the commit statuses of ${sha.slice(0, 7)}`, 'statuses: read', async () => {
            const { data } = await this.octokit.rest.repos.listCommitStatusesForRef({ owner: this.owner, repo: this.repo, ref: sha, per_page: 100 });
            return data.map((s) => ({
                context: s.context,
                state: s.state,
                description: s.description ?? undefined,
                targetUrl: s.target_url ?? undefined,
                createdAt: s.created_at,
            }));
        });
    }
    async commitHistory(ref, limit) {
        (0,unknown_ref/* refusePathRef */.bU)(ref);
        return this.call(`read the history of '${ref}'`, 'contents: read', async () => {
            try {
                // One call: the list endpoint gives each commit's tree and parents, newest first.
                const { data } = await this.octokit.rest.repos.listCommits({ owner: this.owner, repo: this.repo, sha: ref, per_page: Math.min(Math.max(limit, 1), 100) });
                if (data.length === 0)
                    throw new unknown_ref/* UnknownRefError */.AD(ref, `was not found in ${this.owner}/${this.repo}`);
                return data.map((c) => ({ sha: c.sha, tree: c.commit.tree.sha, parents: c.parents.map((p) => p.sha) }));
            }
            catch (error) {
                const status = error.status;
                if (status === 404 || status === 422 || status === 409)
                    throw new unknown_ref/* UnknownRefError */.AD(ref, `was not found in ${this.owner}/${this.repo}`);
                throw error;
            }
        });
    }
    async treesOf(shas) {
        const trees = new Map();
        // Only full shas are written into the query; anything else cannot be a commit id anyway.
        const wanted = [...new Set(shas.map((sha) => sha.toLowerCase()))].filter((sha) => /^[0-9a-f]{40}$/.test(sha));
        for (let start = 0; start < wanted.length; start += types/* TREES_PER_LOOKUP */.vN) {
            const chunk = wanted.slice(start, start + types/* TREES_PER_LOOKUP */.vN);
            // REST has no "trees of these commits" call; GraphQL answers all of them in one request.
            const fields = chunk.map((sha, n) => `c${n}: object(oid: "${sha}") { ... on Commit { oid tree { oid } } }`).join('\n    ');
            const query = `query($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
            const data = await this.call(`read the trees of ${chunk.length} commit(s)`, 'contents: read', () => graphqlQuery(this.octokit, query, { owner: this.owner, name: this.repo }));
            for (const found of Object.values(data.repository ?? {})) {
                if (found?.oid && found.tree?.oid)
                    trees.set(found.oid, found.tree.oid);
            }
        }
        return trees;
    }
    async listDeploymentsWithTrees(environment, limit) {
        return this.call(`list the deployments of ${environment} with their trees`, 'deployments: read and contents: read', async () => {
            // REST would need a call per deployment for its statuses and per commit for its tree.
            const data = await graphqlQuery(this.octokit, DEPLOYMENTS_WITH_TREES_QUERY, {
                owner: this.owner,
                name: this.repo,
                environment,
                limit: Math.min(Math.max(limit, 1), 100),
            });
            return (data.repository?.deployments.nodes ?? []).flatMap((node) => (node?.databaseId == null ? [] : [fromGraphDeployment(node, environment)]));
        });
    }
    async listDeploymentsSince(environment, since) {
        return this.call(`list the deployments of ${environment} since ${since.toISOString()}`, 'deployments: read', () => listGitHubDeploymentsSince(this.octokit, this.owner, this.repo, environment, since));
    }
    async compareCommits(base, head) {
        return this.call(`compare ${base.slice(0, 7)}...${head.slice(0, 7)}`, 'contents: read', () => compareOnGitHub(this.octokit, this.owner, this.repo, base, head));
    }
    /**
     * Every records call goes through here: GitHub down, answering 5xx, rate-limiting or
     * refusing the token is an outside failure, reported as one line saying what failed, what
     * to do and how long was spent — not a bug with a stack.
     */
    async call(what, permission, run) {
        const started = Date.now();
        try {
            return await run();
        }
        catch (error) {
            const apiUrl = this.octokit.request.endpoint.DEFAULTS.baseUrl;
            throw (0,github_client.explainGitHubFailure)(error, { what, permission, apiUrl }, Date.now() - started) ?? error;
        }
    }
}
/** The GraphQL query behind listDeploymentsWithTrees (the test emulator answers exactly this one). */
const DEPLOYMENTS_WITH_TREES_QUERY = `query($owner: String!, $name: String!, $environment: String!, $limit: Int!) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], first: $limit, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes {
        databaseId
        commitOid
        commit { tree { oid } }
        createdAt
        payload
        latestStatus { state description createdAt logUrl }
      }
    }
  }
}`;
function fromGraphDeployment(node, environment) {
    const payload = node.payload ? safeJson(node.payload) : {};
    return {
        id: node.databaseId,
        sha: node.commitOid,
        environment,
        createdAt: node.createdAt,
        payload: (payload && typeof payload === 'object' ? payload : {}),
        tree: node.commit?.tree.oid,
        // GraphQL spells states in capitals (SUCCESS); REST and shipgate in lower case.
        latestStatus: node.latestStatus
            ? {
                state: node.latestStatus.state.toLowerCase(),
                description: node.latestStatus.description ?? '',
                createdAt: node.latestStatus.createdAt,
                logUrl: node.latestStatus.logUrl || undefined,
            }
            : undefined,
    };
}
function toDeployment(data) {
    const payload = typeof data.payload === 'string' ? safeJson(data.payload) : data.payload;
    return {
        id: data.id,
        sha: data.sha,
        ref: data.ref,
        environment: data.environment,
        createdAt: data.created_at,
        description: data.description ?? undefined,
        payload: (payload && typeof payload === 'object' ? payload : {}),
        productionEnvironment: data.production_environment ?? false,
        transientEnvironment: data.transient_environment ?? false,
    };
}
function toStatus(data) {
    return {
        id: Number(data.id),
        state: data.state,
        description: data.description ?? '',
        environmentUrl: data.environment_url || undefined,
        logUrl: data.log_url || undefined,
        createdAt: data.created_at,
    };
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return {};
    }
}


/***/ })

};
