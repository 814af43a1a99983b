import { z } from 'zod';
import { isHttpUrl, lineProblem, MAX_URL_LENGTH } from '@shipgate/core';

/**
 * A webhook URL input. The URL is the credential (anyone holding it can post to the channel),
 * so a wrong value is refused without echoing any of it.
 */
export const webhookUrlInput = () =>
  z.string().transform((v, ctx): string | undefined => {
    if (v === '') return undefined;
    // lineProblem: one line, no control character and no unpaired surrogate (which no URL, and no masking of the value, can hold).
    if (lineProblem(v, { max: MAX_URL_LENGTH }) === undefined && isHttpUrl(v)) return v;
    ctx.addIssue({ code: 'custom', message: `must be an http:// or https:// webhook URL on one line, at most ${MAX_URL_LENGTH} characters, without user:password@ (the value is not shown: it is a secret)` });
    return z.NEVER;
  });

/** The two notification inputs staging-deploy, canary-step and rollback take (CONTRACT.md). */
export const notifyInputs = {
  'notify-webhook': webhookUrlInput(),
  'notify-failure-webhook': webhookUrlInput(),
};
