// @ts-expect-error bottleneck/light ships no declarations of its own (bottleneck.d.ts covers the full build).
import BottleneckLight from 'bottleneck/light.js';
import type BottleneckType from 'bottleneck';

const Bottleneck = BottleneckLight as typeof BottleneckType;

type ThrottlingModule = typeof import('@octokit/plugin-throttling');
type Plugin = ThrottlingModule['throttling'];

/**
 * @octokit/plugin-throttling spaces every GitHub write 1 s apart (its `write` group, shared by
 * the whole process). Against a local emulator that is pure waiting, so the in-process fuzz
 * hands the plugin its own write group without the spacing (still one write at a time).
 * Everything else — retries, rate-limit handling, the product's own options — is unchanged.
 */
export function withoutWriteSpacing(original: ThrottlingModule): ThrottlingModule {
  const write = new Bottleneck.Group({ id: 'fuzz-write', maxConcurrent: 1, minTime: 0 });
  const throttling = ((octokit, options) =>
    original.throttling(octokit, { ...options, throttle: { write, ...options.throttle } as typeof options.throttle })) as Plugin;
  Object.assign(throttling, { VERSION: original.throttling.VERSION });
  return { ...original, throttling };
}
