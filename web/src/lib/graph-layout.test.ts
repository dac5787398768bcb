import { layoutGraph, wrapName, type GraphStep } from './graph-layout';

const opts = { nodeWidth: 100, nodeHeight: 40, columnGap: 20, rowGap: 10 };
const layers = (steps: GraphStep[]) =>
  Object.fromEntries(layoutGraph(steps, opts).nodes.map((n) => [n.key, [n.layer, n.row]]));

describe('layoutGraph', () => {
  it('puts each step one column after the deepest step it waits on', () => {
    // intake → (cbp, gsa in parallel) → permit; permit also waits on intake directly.
    const steps = [
      { key: 'intake', dependsOn: [] },
      { key: 'cbp', dependsOn: ['intake'] },
      { key: 'gsa', dependsOn: ['intake'] },
      { key: 'permit', dependsOn: ['cbp', 'gsa', 'intake'] },
    ];
    expect(layers(steps)).toEqual({ intake: [0, 0], cbp: [1, 0], gsa: [1, 1], permit: [2, 0] });
    const layout = layoutGraph(steps, opts);
    expect(layout.width).toBe(3 * 100 + 2 * 20);
    expect(layout.height).toBe(2 * 40 + 10);
    expect(layout.edges).toHaveLength(5);
    expect(layout.edges.find((e) => e.from === 'gsa' && e.to === 'permit')).toEqual({
      from: 'gsa',
      to: 'permit',
      x1: 100 + 120,
      y1: 50 + 20,
      x2: 240,
      y2: 20,
    });
  });

  it('orders a column by the rows of its predecessors, so branches do not cross', () => {
    const steps = [
      { key: 'a', dependsOn: [] },
      { key: 'b', dependsOn: [] },
      { key: 'after-b', dependsOn: ['b'] },
      { key: 'after-a', dependsOn: ['a'] },
    ];
    expect(layers(steps)).toEqual({ a: [0, 0], b: [0, 1], 'after-a': [1, 0], 'after-b': [1, 1] });
  });

  it('ignores unknown dependencies and survives a cycle without looping', () => {
    expect(layers([{ key: 'x', dependsOn: ['missing'] }])).toEqual({ x: [0, 0] });
    const cyclic = layoutGraph([
      { key: 'p', dependsOn: ['q'] },
      { key: 'q', dependsOn: ['p'] },
    ]);
    expect(cyclic.nodes.map((n) => n.key).sort()).toEqual(['p', 'q']);
    expect(cyclic.edges.every((e) => e.x2 > e.x1)).toBe(true);
  });

  it('draws nothing for no steps', () => {
    expect(layoutGraph([], opts)).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});

describe('wrapName', () => {
  it('keeps a short name on one line', () => {
    expect(wrapName('Rail safety review')).toEqual(['Rail safety review']);
  });

  it('breaks a long name between words, on two lines at most, marking what is left out', () => {
    expect(wrapName('Boundary and river hydraulics review (IBWC)')).toEqual([
      'Boundary and river',
      'hydraulics review (IBWC)',
    ]);
    const lines = wrapName(
      'Regional technical group opinion on the binational crossing and its approaches',
    );
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.length <= 26)).toBe(true);
    expect(lines[1].endsWith('…')).toBe(true);
  });

  it('cuts a word longer than a line across lines', () => {
    expect(wrapName('x'.repeat(30), 26, 3)).toEqual(['x'.repeat(26), 'xxxx']);
    expect(wrapName('Expediente ' + 'y'.repeat(60))[1]).toMatch(/…$/);
  });
});
