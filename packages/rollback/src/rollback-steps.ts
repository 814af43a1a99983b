import { z } from 'zod';

/**
 * `steps` of a traffic rollback: canary weights, whole percentages, going down and ending at 0
 * (`50,10,0`), so every step gives stable more traffic and the last one gives it all.
 */
export function parseRollbackSteps(text: string): { steps: number[] } | { problem: string } {
  const parts = text.split(',').map((part) => part.trim().replace(/%$/, ''));
  const steps: number[] = [];
  for (const part of parts) {
    const weight = /^\d{1,3}$/.test(part) ? Number(part) : Number.NaN;
    if (!(weight >= 0 && weight <= 100)) return { problem: `must be canary weights from 100 down to 0, like 50,10,0; '${part.slice(0, 20)}' is not a whole percentage` };
    if (steps.length > 0 && weight >= (steps.at(-1) as number)) return { problem: `must go down step by step, like 50,10,0; ${weight} follows ${steps.at(-1)}` };
    steps.push(weight);
  }
  if (steps.at(-1) !== 0) return { problem: `must end at 0 (all traffic back on stable), like 50,10,0; got ${text.slice(0, 40)}` };
  return { steps };
}

/** The zod input for `steps`. */
export const rollbackStepsInput = () =>
  z.string().transform((v, ctx): number[] => {
    const parsed = parseRollbackSteps(v === '' ? '0' : v);
    if ('steps' in parsed) return parsed.steps;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  });
