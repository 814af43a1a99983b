type ThrottlingModule = typeof import('@octokit/plugin-throttling');
type Plugin = ThrottlingModule['throttling'];

/**
 * For the in-process fuzz only: @octokit/plugin-throttling turned off. Against a local emulator
 * that injects no rate limit its only effect is waiting — 1 s between writes and ~10 ms of
 * scheduling per request — which would make 1,000 deploys take minutes. Retries, timeouts and the
 * product's own client options are unchanged; the bundle sample runs the real, throttled client,
 * and rate limits are the fault scenarios' business.
 */
export function withoutThrottling(original: ThrottlingModule): ThrottlingModule {
  const throttling = ((octokit, options) => original.throttling(octokit, { ...options, throttle: { ...options.throttle, enabled: false } as typeof options.throttle })) as Plugin;
  Object.assign(throttling, { VERSION: original.throttling.VERSION });
  return { ...original, throttling };
}
