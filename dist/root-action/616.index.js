export const id = 616;
export const ids = [616];
export const modules = {

/***/ 4616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubRecords: () => (/* binding */ GitHubRecords)
/* harmony export */ });
/* harmony import */ var _shipgate_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2945);
/* harmony import */ var _types__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3039);


/**
 * Records kept in GitHub itself: Deployments and their statuses (visible under the
 * repository's Environments) and commit statuses (visible on the commit and usable by branch
 * protection). Every call goes through the retrying, throttled client.
 */
class GitHubRecords {
    octokit;
    owner;
    repo;
    backend = 'github';
    location;
    constructor(octokit, owner, repo, serverUrl) {
        this.octokit = octokit;
        this.owner = owner;
        this.repo = repo;
        this.location = `${serverUrl}/${owner}/${repo}/deployments`;
    }
    async resolveCommit(ref) {
        try {
            const { data } = await this.octokit.rest.repos.getCommit({ owner: this.owner, repo: this.repo, ref, per_page: 1 });
            return { sha: data.sha, tree: data.commit.tree.sha, parents: data.parents.map((p) => p.sha) };
        }
        catch (error) {
            const status = error.status;
            if (status === 404 || status === 422) {
                throw new _shipgate_core__WEBPACK_IMPORTED_MODULE_0__/* .ShipgateError */ .Yu(`ref '${ref}' was not found in ${this.owner}/${this.repo}`);
            }
            throw error;
        }
    }
    async createDeployment(input) {
        return explained(`create a deployment in ${input.environment}`, 'deployments: write', async () => {
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
            });
            // 202 is GitHub's "I merged instead of deploying": no deployment exists.
            if (response.status === 202 || !('id' in response.data)) {
                const message = response.data.message ?? 'no deployment was created';
                throw new _shipgate_core__WEBPACK_IMPORTED_MODULE_0__/* .ShipgateError */ .Yu(`GitHub did not create a deployment for ${input.sha.slice(0, 7)}: ${message}`);
            }
            return toDeployment(response.data);
        });
    }
    async addStatus(deploymentId, status) {
        return explained(`add a status to deployment ${deploymentId}`, 'deployments: write', async () => {
            const { data } = await this.octokit.rest.repos.createDeploymentStatus({
                owner: this.owner,
                repo: this.repo,
                deployment_id: deploymentId,
                state: status.state,
                description: (0,_types__WEBPACK_IMPORTED_MODULE_1__/* .fitDescription */ .A)(status.description),
                ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
                ...(status.logUrl ? { log_url: status.logUrl } : {}),
                auto_inactive: true,
            });
            return toStatus(data);
        });
    }
    async getDeployment(id) {
        try {
            const { data } = await this.octokit.rest.repos.getDeployment({ owner: this.owner, repo: this.repo, deployment_id: id });
            return toDeployment(data);
        }
        catch (error) {
            if (error.status === 404)
                return undefined;
            throw error;
        }
    }
    async listDeployments(query) {
        return explained(`list the deployments of ${query.environment}`, 'deployments: read', async () => {
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
        return explained(`read the statuses of deployment ${deploymentId}`, 'deployments: read', async () => {
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
        return explained(`set the commit status ${status.context}`, 'statuses: write', async () => {
            await this.octokit.rest.repos.createCommitStatus({
                owner: this.owner,
                repo: this.repo,
                sha,
                context: status.context,
                state: status.state,
                description: (0,_types__WEBPACK_IMPORTED_MODULE_1__/* .fitDescription */ .A)(status.description),
                ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
            });
        });
    }
    async listCommitStatuses(sha) {
        return explained(`read the commit statuses of ${sha.slice(0, 7)}`, 'statuses: read', async () => {
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
}
/**
 * Runs one API call; a refusal is usually the workflow's `permissions:` or the token, not a
 * bug, so a 401/403 becomes one line naming the permission `call` needs, not a stack trace.
 */
async function explained(what, permission, call) {
    try {
        return await call();
    }
    catch (error) {
        const status = error.status;
        const message = error.response?.data?.message ?? error.message;
        if (status === 401)
            throw new _shipgate_core__WEBPACK_IMPORTED_MODULE_0__/* .ShipgateError */ .Yu(`was refused by GitHub while trying to ${what} (401 ${message}); pass a valid token`, 'github-token');
        if (status === 403 && !/rate limit/i.test(message)) {
            throw new _shipgate_core__WEBPACK_IMPORTED_MODULE_0__/* .ShipgateError */ .Yu(`GitHub refused to ${what} (403 ${message}): the job needs \`permissions: ${permission}\` for its token`);
        }
        throw error;
    }
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
