import { problemToFields, toProblem } from './problem';

describe('problem+json to form fields', () => {
  it('puts each error on the field its path starts with, and the rest at the top', () => {
    const problem = toProblem(400, {
      type: 'urn:puentes:problem:validation-failed',
      status: 400,
      detail: 'Validation failed',
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'comment', message: 'comment is required to reject or request changes' },
        { field: 'steps[2].sla.duration', message: 'must be an ISO 8601 duration' },
        { field: 'agenda.items[0]', message: 'unknown' },
        { field: 'extra', message: 'property extra should not exist' },
      ],
    });
    const { byField, general } = problemToFields(problem, ['comment', 'steps'] as const);
    expect(byField).toEqual({
      comment: ['comment is required to reject or request changes'],
      steps: ['must be an ISO 8601 duration'],
    });
    expect(general).toEqual(['unknown', 'property extra should not exist']);
  });

  it('keeps a problem without errors as one general message', () => {
    const problem = toProblem(409, {
      status: 409,
      detail: 'Step is not active',
      code: 'WORKFLOW.ALREADY_DECIDED',
    });
    expect(problem.code).toBe('WORKFLOW.ALREADY_DECIDED');
    expect(problemToFields(problem, ['comment'])).toEqual({
      byField: {},
      general: ['Step is not active'],
    });
  });

  it('survives bodies that are not problems', () => {
    expect(toProblem(502, 'Bad gateway')).toEqual({ status: 502 });
    expect(
      toProblem(400, { errors: [{ field: 1 }, null, { field: 'a', message: 'b' }] }).errors,
    ).toEqual([{ field: 'a', message: 'b' }]);
  });
});
