import { z } from 'zod';
import {
  booleanInput,
  choiceInput,
  commonInputs,
  durationInput,
  integerInput,
  LINE_LIMITS,
  lineListInput,
  MAX_WINDOW_MS,
  optionalDurationInput,
  optionalText,
  requiredText,
} from '@shipgate/core';

export const stagingGateCheckInputs = z.object({
  sha: optionalText(LINE_LIMITS.ref),
  'source-environment': requiredText('the environment the code must have passed, e.g. staging', LINE_LIMITS.environment),
  match: choiceInput(['tree', 'sha'] as const),
  'allowed-sources': lineListInput(),
  /** undefined: the source environment's smoke-test context. */
  'required-contexts': lineListInput().transform((items) => (items.length === 0 ? undefined : items.length === 1 && items[0] === 'none' ? [] : items)),
  'min-soak': durationInput({ max: MAX_WINDOW_MS }),
  'max-age': optionalDurationInput({ max: MAX_WINDOW_MS, positive: true }),
  fail: booleanInput(),
  'target-environment': requiredText('the environment where rollbacks are looked up, e.g. production', LINE_LIMITS.environment),
  'allow-rolled-back': booleanInput(),
  'search-depth': integerInput(1, 1000), // MAX_SEARCH_DEPTH in @shipgate/gate
  ...commonInputs,
});
export type StagingGateCheckInputs = z.output<typeof stagingGateCheckInputs>;
