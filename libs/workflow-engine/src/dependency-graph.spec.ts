import { chainOf, stepDef } from '../test/helpers';
import { ancestorsOf, dependencyGraph, downstreamOf, findCycles } from './dependency-graph';

describe('dependency graph', () => {
  const graph = dependencyGraph(
    chainOf(
      stepDef('intake'),
      stepDef('mx-file', { dependsOn: ['intake'] }),
      stepDef('us-views', { dependsOn: ['intake', 'ghost'] }),
      stepDef('environment', { dependsOn: ['mx-file', 'us-views'] }),
      stepDef('outreach'),
    ),
  );

  it('drops dependencies on steps that do not exist', () => {
    expect(graph.get('us-views')).toEqual(['intake']);
  });

  it('finds every ancestor and every downstream step', () => {
    expect(ancestorsOf(graph, 'environment')).toEqual(new Set(['mx-file', 'us-views', 'intake']));
    expect(ancestorsOf(graph, 'intake')).toEqual(new Set());
    expect(downstreamOf(graph, 'intake')).toEqual(new Set(['mx-file', 'us-views', 'environment']));
    expect(downstreamOf(graph, 'mx-file')).toEqual(new Set(['environment']));
    expect(downstreamOf(graph, 'outreach')).toEqual(new Set());
  });

  it('finds no cycle in a DAG and each cycle once otherwise, from its earliest step', () => {
    expect(findCycles(graph, [...graph.keys()])).toEqual([]);
    const cyclic = new Map([
      ['a', ['c']],
      ['b', ['a']],
      ['c', ['b']],
      ['d', ['d']],
    ]);
    expect(findCycles(cyclic, ['b', 'a', 'c', 'd'])).toEqual([['b', 'a', 'c'], ['d']]);
    expect(ancestorsOf(cyclic, 'a')).toEqual(new Set(['a', 'b', 'c']));
  });
});
