import { z } from 'zod';
import { commonInputs, integerInput, LINE_LIMITS, optionalText, requiredText } from '@shipgate/core';
import { windowInput } from '@shipgate/delivery';

export const deliveryMetricsInputs = z.object({
  environment: requiredText('the GitHub environment to measure, e.g. production', LINE_LIMITS.environment),
  since: windowInput(),
  report: optionalText({ max: 1024 }),
  'max-comparisons': integerInput(0, 100_000),
  ...commonInputs,
});
export type DeliveryMetricsInputs = z.output<typeof deliveryMetricsInputs>;
