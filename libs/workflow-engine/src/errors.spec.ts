import { WorkflowEngineError, WorkflowEngineErrorCode } from './errors';

describe('WorkflowEngineError', () => {
  it('is an Error with a stable code for the app to map', () => {
    const error = new WorkflowEngineError('STEP_NOT_ACTIVE', "Step 'a' is approved");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WorkflowEngineError');
    expect(error.code).toBe(WorkflowEngineErrorCode.STEP_NOT_ACTIVE);
    expect(error.message).toBe("Step 'a' is approved");
    expect(error.problems).toEqual([]);
  });

  it('lists every code once, each named after itself', () => {
    for (const [name, code] of Object.entries(WorkflowEngineErrorCode)) expect(code).toBe(name);
    expect(Object.keys(WorkflowEngineErrorCode)).toHaveLength(18);
  });
});
