import type { CommitStatus } from '@shipgate/records';
import type { Evidence, GateCheck } from './types';

/**
 * Every required context's newest status on the validated sha is `success`. Newest decides:
 * a smoke test that passed and then failed on a later run invalidates the commit.
 */
export function checkRequiredContexts(sha: string, required: readonly string[], statusesNewestFirst: readonly CommitStatus[]): GateCheck {
  const short = sha.slice(0, 7);
  if (required.length === 0) {
    return { name: 'required-contexts', passed: true, detail: 'no required contexts configured', evidence: [] };
  }
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  for (const context of required) {
    const latest = statusesNewestFirst.find((status) => status.context === context);
    if (!latest) {
      problems.push(`'${context}' has no status on ${short}`);
      evidence.push({ label: context, text: 'no status' });
      continue;
    }
    evidence.push({
      label: context,
      text: `${latest.state} at ${latest.createdAt}${latest.description ? `: ${latest.description}` : ''}`,
      href: latest.targetUrl,
    });
    if (latest.state !== 'success') {
      problems.push(`'${context}' is ${latest.state} on ${short}${latest.description ? ` (${latest.description})` : ''}`);
    }
  }
  if (problems.length > 0) return { name: 'required-contexts', passed: false, detail: problems.join('; '), evidence };
  return {
    name: 'required-contexts',
    passed: true,
    detail: `${required.map((c) => `'${c}'`).join(', ')} ${required.length === 1 ? 'is' : 'are'} success on ${short}`,
    evidence,
  };
}
