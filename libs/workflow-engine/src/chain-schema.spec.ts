import { Value } from '@sinclair/typebox/value';
import { BORDER_CROSSING_PERMIT } from '../test/fixtures/border-crossing-permit';
import { ChainDefinitionSchema, StepSchema, checkShape } from './chain-schema';

const shapeProblems = (value: unknown) => {
  const found: [string, string][] = [];
  const ok = checkShape(StepSchema, value, 'step', (field, message) =>
    found.push([field, message]),
  );
  return { ok, found };
};

const valid = {
  key: 'cbp-review',
  name: { en: 'CBP review', es: 'Revisión de CBP' },
  assignees: [{ agency: 'CBP' }, { technicalGroup: 'SON-AZ' }],
  rule: { quorum: 1 },
  dependsOn: ['intake'],
  condition: { attribute: 'involvesRail', in: [true, 'yes', 2] },
  sla: { businessDays: 10, calendar: 'US' },
  reminders: [{ before: 'P3D' }],
  escalations: [{ after: 'PT0S', notify: ['coordinator', 'admin'] }],
  onReject: { returnTo: 'intake' },
};

describe('the chain schema', () => {
  it('accepts the chains the engine runs', () => {
    expect(Value.Check(ChainDefinitionSchema, BORDER_CROSSING_PERMIT)).toBe(true);
    for (const step of BORDER_CROSSING_PERMIT.steps)
      expect(shapeProblems(step)).toEqual({ ok: true, found: [] });
    expect(shapeProblems(valid)).toEqual({ ok: true, found: [] });
  });

  // The validator walks the schema itself; TypeBox's own checker is the reference it must
  // agree with on what has the right shape.
  it.each([
    ['a missing name', { ...valid, name: undefined }],
    ['an unknown field', { ...valid, deadline: 'P1D' }],
    ['an assignee of both kinds', { ...valid, assignees: [{ agency: 'A', technicalGroup: 'B' }] }],
    ['no assignee', { ...valid, assignees: [] }],
    ['a rule by name only', { ...valid, rule: 'majority' }],
    ['a quorum beside another key', { ...valid, rule: { quorum: 1, of: 2 } }],
    ['an object condition value', { ...valid, condition: { attribute: 'a', equals: {} } }],
    ['both SLA forms', { ...valid, sla: { businessDays: 1, calendar: 'MX', duration: 'P1D' } }],
    ['too many business days', { ...valid, sla: { businessDays: 1001, calendar: 'MX' } }],
    ['an unknown escalation target', { ...valid, escalations: [{ after: 'P1D', notify: ['x'] }] }],
    ['an empty name', { ...valid, name: { en: ' ', es: 'x' } }],
    ['onReject by another word', { ...valid, onReject: 'restart' }],
  ])('refuses %s, as TypeBox does, naming where', (_, step) => {
    expect(Value.Check(StepSchema, step)).toBe(false);
    const { ok, found } = shapeProblems(step);
    expect(ok).toBe(false);
    expect(found.length).toBeGreaterThan(0);
    for (const [field] of found) expect(field).toMatch(/^step(\.|$)/);
  });
});
