import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateExpression, evaluateTemplate, type ExpressionContext } from './workflow-expressions';

const contexts = {
  inputs: { rollout: 'canary', 'setup-command': '', force: false, 'smoke-load-requests': 0, to: '' },
  secrets: { DEPLOY_ENV: 'TOKEN=x', SHIPGATE_TOKEN: '' },
  github: { sha: 'abc123', token: 'ghs_token', run_id: '42' },
  steps: {
    canary: { outputs: { decision: 'promoted', 'deployment-id': '7' }, outcome: 'success' },
    deploy: { outputs: {}, outcome: 'skipped' },
  },
  needs: { release: { result: 'failure', outputs: { 'rolled-back-to': '' } } },
  job: { workflow_sha: 'f'.repeat(40) },
};
const at = (status?: { success: boolean; failure: boolean }): ExpressionContext => ({
  contexts,
  status: status && { success: () => status.success, failure: () => status.failure, cancelled: () => false },
});

describe('workflow expressions', () => {
  it('reads contexts with hyphenated names and index syntax, missing properties as null', () => {
    expect(evaluateExpression("steps.canary.outputs.deployment-id", at())).toBe('7');
    expect(evaluateExpression("steps['canary'].outputs['decision']", at())).toBe('promoted');
    expect(evaluateExpression('steps.deploy.outputs.status', at())).toBeNull();
    expect(evaluateExpression('steps.nope.outputs.status', at())).toBeNull();
  });

  it('|| and && return an operand, with GitHub truthiness', () => {
    expect(evaluateExpression('secrets.SHIPGATE_TOKEN || github.token', at())).toBe('ghs_token');
    expect(evaluateExpression("inputs.to || 'previous'", at())).toBe('previous');
    expect(evaluateExpression('steps.canary.outputs.decision || steps.deploy.outputs.status', at())).toBe('promoted');
    expect(evaluateExpression("inputs.force && 'yes'", at())).toBe(false);
    expect(evaluateExpression('inputs.smoke-load-requests || 10', at())).toBe(10);
  });

  it('compares strings case-insensitively and mixed types as numbers', () => {
    expect(evaluateExpression("inputs.rollout == 'CANARY'", at())).toBe(true);
    expect(evaluateExpression("inputs.rollout != 'direct' && inputs.rollout != 'canary'", at())).toBe(false);
    expect(evaluateExpression("steps.deploy.outputs.status == 'success'", at())).toBe(false);
    expect(evaluateExpression("needs.release.outputs.rolled-back-to == ''", at())).toBe(true);
    expect(evaluateExpression("null == ''", at())).toBe(true);
    expect(evaluateExpression("'1' == 1", at())).toBe(true);
    expect(evaluateExpression("'abc' == 0", at())).toBe(false);
    expect(evaluateExpression('!(inputs.force) && (1 < 2)', at())).toBe(true);
  });

  it('an if: without a status function means success() && (…), and status functions see the caller', () => {
    const failed = at({ success: false, failure: true });
    const passed = at({ success: true, failure: false });
    expect(evaluateCondition("inputs.rollout == 'canary'", passed)).toBe(true);
    expect(evaluateCondition("inputs.rollout == 'canary'", failed)).toBe(false);
    expect(evaluateCondition(undefined, failed)).toBe(false);
    expect(evaluateCondition("always() && needs.release.result == 'failure' && needs.release.outputs.rolled-back-to == ''", failed)).toBe(true);
    expect(evaluateCondition("${{ failure() }}", failed)).toBe(true);
    expect(evaluateCondition('failure()', passed)).toBe(false);
  });

  it('templates keep the type of a whole expression and interpolate text otherwise', () => {
    expect(evaluateTemplate('${{ inputs.force }}', at())).toBe(false);
    expect(evaluateTemplate('shipgate-${{ inputs.rollout }}', at())).toBe('shipgate-canary');
    expect(evaluateTemplate('release of ${{ github.sha }} failed (run ${{ github.run_id }})', at())).toBe(
      'release of abc123 failed (run 42)',
    );
    expect(evaluateTemplate("${{ format('{0}-{1} {{x}}', inputs.rollout, 3) }}", at())).toBe('canary-3 {x}');
    expect(evaluateTemplate("${{ contains('10,25,100', '25') && fromJSON('{\"a\":[1]}').a[0] }}", at())).toBe(1);
  });

  it('refuses what it does not implement, instead of guessing', () => {
    expect(() => evaluateExpression('hashFiles(\'**/package-lock.json\')', at())).toThrow(/walker: unsupported expression.*hashFiles/);
    expect(() => evaluateExpression('steps.*.outcome', at())).toThrow(/walker: unsupported expression/);
    expect(() => evaluateExpression('matrix.node', at())).toThrow(/context 'matrix' is not available/);
    expect(() => evaluateExpression("inputs.rollout == 'x", at())).toThrow(/unterminated string/);
    expect(() => evaluateExpression('success()', at())).toThrow(/only available in if:/);
    expect(() => evaluateCondition('x ${{ inputs.force }}', at({ success: true, failure: false }))).toThrow(/walker: unsupported/);
  });
});
