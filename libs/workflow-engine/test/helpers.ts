import type { Assignee, ChainDefinition, StepDefinition } from '../src/chain-definition';
import { WorkflowEngineError } from '../src/errors';
import type { WorkflowEngineErrorCode } from '../src/errors';

/** A step with a generated bilingual name and, unless given, one agency assignee. */
export function stepDef(
  key: string,
  rest: Partial<Omit<StepDefinition, 'key' | 'name'>> = {},
): StepDefinition {
  return {
    key,
    name: { en: `Step ${key}`, es: `Paso ${key}` },
    assignees: [{ agency: 'SRE' }],
    ...rest,
  };
}

export function chainOf(...steps: StepDefinition[]): ChainDefinition {
  return { steps };
}

export const agency = (code: string): Assignee => ({ agency: code });
export const group = (code: string): Assignee => ({ technicalGroup: code });

/** Freezes a value deeply, so a test fails if the engine mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Runs `action` and returns the WorkflowEngineError it throws; fails the test otherwise. */
export function engineError(action: () => unknown): WorkflowEngineError {
  try {
    action();
  } catch (error) {
    if (error instanceof WorkflowEngineError) return error;
    throw error;
  }
  throw new Error('expected a WorkflowEngineError, but nothing was thrown');
}

export function expectCode(action: () => unknown, code: WorkflowEngineErrorCode): void {
  expect(engineError(action).code).toBe(code);
}
