export const id = 380;
export const ids = [380];
export const modules = {

/***/ 380:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4730);
/* harmony import */ var _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3779);
/* harmony import */ var _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9210);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6856);





const ShipgateOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_0__/* .Octokit */ .E.plugin(_octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_1__/* .restEndpointMethods */ ._, _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_2__/* .paginateRest */ .ud, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
/**
 * Octokit with retries for transient 5xx answers and GitHub's primary/secondary rate limits:
 * a deploy must not fail, or be left half-recorded, because the API hiccuped once.
 */
function createGitHubClient(options) {
    const maxRetries = options.rateLimitRetries ?? 3;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        if (retryCount >= maxRetries) {
            options.warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}; giving up after ${retryCount} retries`);
            return false;
        }
        options.warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
        return true;
    };
    return new ShipgateOctokit({
        auth: options.token,
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        userAgent: 'shipgate',
        throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
        log: { debug: () => { }, info: () => { }, warn: options.warn, error: options.warn },
    });
}


/***/ })

};
