import { z } from 'zod';
import { booleanInput, choiceInput, commonInputs, durationInput, integerInput, optionalDurationInput, optionalText } from '@shipgate/core';
import { splitList } from '@shipgate/gate';

const list = () => z.string().transform((v) => splitList(v));

export const stagingGateCheckInputs = z.object({
  sha: optionalText(),
  'source-environment': z.string().refine((v) => v !== '', { message: 'is required: the environment the code must have passed, e.g. staging' }),
  match: choiceInput(['tree', 'sha'] as const),
  'allowed-sources': list(),
  /** undefined: the source environment's smoke-test context. */
  'required-contexts': z.string().transform((v) => (v.trim() === '' ? undefined : v.trim() === 'none' ? [] : splitList(v))),
  'min-soak': durationInput(),
  'max-age': optionalDurationInput(),
  fail: booleanInput(),
  'target-environment': z.string().refine((v) => v !== '', { message: 'is required: the environment where rollbacks are looked up, e.g. production' }),
  'allow-rolled-back': booleanInput(),
  'search-depth': integerInput(1, 1000), // MAX_SEARCH_DEPTH in @shipgate/gate
  ...commonInputs,
});
export type StagingGateCheckInputs = z.output<typeof stagingGateCheckInputs>;
