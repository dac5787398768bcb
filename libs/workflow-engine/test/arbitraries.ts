import fc from 'fast-check';
import type {
  Assignee,
  AttributeValue,
  Attributes,
  ChainDefinition,
  Condition,
  EscalationTarget,
  Rule,
  StepDefinition,
} from '../src/chain-definition';

const ASSIGNEES: Assignee[] = [
  { agency: 'SRE' },
  { agency: 'CBP' },
  { agency: 'GSA' },
  { agency: 'SEMARNAT' },
  { technicalGroup: 'SON-AZ' },
  { technicalGroup: 'JRZ-ELP' },
  // The project's own group: the property tests start workflows on a BC-CA project.
  { projectGroup: true },
];

const ATTRIBUTE_VALUES: Record<string, AttributeValue[]> = {
  involvesRail: [true, false],
  type: ['bridge', 'rail_crossing', 'expansion'],
  lanes: [2, 4, 6],
};

const attributeValue = (attribute: string) => fc.constantFrom(...ATTRIBUTE_VALUES[attribute]);

/** Project attributes; any of them may be missing. */
export const attributesArbitrary: fc.Arbitrary<Attributes> = fc.record(
  {
    involvesRail: attributeValue('involvesRail'),
    type: attributeValue('type'),
    lanes: attributeValue('lanes'),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Attributes>;

const conditionArbitrary: fc.Arbitrary<Condition> = fc
  .constantFrom(...Object.keys(ATTRIBUTE_VALUES))
  .chain((attribute) =>
    fc.oneof(
      attributeValue(attribute).map((equals) => ({ attribute, equals })),
      attributeValue(attribute).map((notEquals) => ({ attribute, notEquals })),
      fc
        .subarray(ATTRIBUTE_VALUES[attribute], { minLength: 1 })
        .map((values) => ({ attribute, in: values })),
    ),
  );

/** The random parts of one step; the chain decides what they mean once the graph is known. */
const stepPartsArbitrary = fc.record({
  assignees: fc.shuffledSubarray(ASSIGNEES, { minLength: 1, maxLength: 3 }),
  ruleKind: fc.constantFrom('default', 'all', 'any', 'quorum'),
  quorumSeed: fc.nat(),
  condition: fc.option(conditionArbitrary, { nil: undefined, freq: 3 }),
  returns: fc.boolean(),
  returnSeed: fc.nat(),
  // A deadline with up to two reminders and two escalations, each telling some targets.
  timers: fc.option(
    fc.record({
      reminders: fc.integer({ min: 0, max: 2 }),
      escalations: fc.array(
        fc.subarray<EscalationTarget>(['coordinator', 'admin', 'agency', 'group_chairs'], {
          minLength: 1,
        }),
        { maxLength: 2 },
      ),
    }),
    { nil: undefined, freq: 2 },
  ),
});

/**
 * A valid chain of 1–8 steps: a random DAG (each step may depend on any earlier-built step)
 * listed in a random order, with agencies and technical groups, every rule, conditions on
 * the attributes above, `onReject` either `end` or a `returnTo` one of the step's ancestors,
 * and on some steps a deadline with reminders and escalations.
 */
export const chainArbitrary: fc.Arbitrary<ChainDefinition> = fc
  .integer({ min: 1, max: 8 })
  .chain((size) => {
    const indices = Array.from({ length: size }, (_, index) => index);
    return fc.record({
      dependencies: fc.tuple(...indices.map((index) => fc.subarray(indices.slice(0, index)))),
      parts: fc.tuple(...indices.map(() => stepPartsArbitrary)),
      order: fc.shuffledSubarray(indices, { minLength: size, maxLength: size }),
    });
  })
  .map(({ dependencies, parts, order }) => {
    const key = (index: number) => `s${index}`;
    const ancestors = dependencies.map(() => new Set<number>());
    dependencies.forEach((direct, index) => {
      for (const dependency of direct) {
        ancestors[index].add(dependency);
        for (const further of ancestors[dependency]) ancestors[index].add(further);
      }
    });
    const steps = parts.map((part, index): StepDefinition => {
      const rule: Rule | undefined =
        part.ruleKind === 'default'
          ? undefined
          : part.ruleKind === 'quorum'
            ? { quorum: 1 + (part.quorumSeed % part.assignees.length) }
            : part.ruleKind;
      const candidates = [...ancestors[index]].sort((a, b) => a - b);
      const step: StepDefinition = {
        key: key(index),
        name: { en: `Step ${index}`, es: `Paso ${index}` },
        assignees: part.assignees,
      };
      if (rule !== undefined) step.rule = rule;
      if (dependencies[index].length > 0) step.dependsOn = dependencies[index].map(key);
      if (part.condition !== undefined) step.condition = part.condition;
      if (part.timers) {
        step.sla = { duration: 'P2D' };
        if (part.timers.reminders > 0)
          step.reminders = Array.from({ length: part.timers.reminders }, (_, i) => ({
            before: `PT${i + 1}H`,
          }));
        if (part.timers.escalations.length > 0)
          step.escalations = part.timers.escalations.map((notify, i) => ({
            after: `PT${i}H`,
            notify,
          }));
      }
      if (part.returns && candidates.length > 0) {
        step.onReject = { returnTo: key(candidates[part.returnSeed % candidates.length]) };
      }
      return step;
    });
    return { steps: order.map((index) => steps[index]) };
  });
