import {
  edgePath,
  layoutGraph,
  nodeHeight,
  wrapName,
  type GraphLayout,
  type GraphStep,
} from './graph-layout';

const opts = { nodeWidth: 100, nodeHeight: 40, columnGap: 20, rowGap: 10 };
const layers = (steps: GraphStep[]) =>
  Object.fromEntries(layoutGraph(steps, opts).nodes.map((n) => [n.key, [n.layer, n.row]]));

/**
 * The boxes each piece of each edge's route may cross into: none but its own two. A piece is
 * drawn inside the rectangle its two points span (a line, or a curve with horizontal
 * tangents), so a rectangle clear of a box's inside is a piece clear of it.
 */
function crossings(layout: GraphLayout, { nodeWidth, nodeHeight: h } = opts): string[] {
  const found: string[] = [];
  for (const e of layout.edges)
    e.points.slice(1).forEach((b, i) => {
      const a = e.points[i];
      const [left, right] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
      const [top, bottom] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
      for (const n of layout.nodes) {
        if (n.key === e.from || n.key === e.to) continue;
        const inside = left < n.x + nodeWidth && right > n.x && top < n.y + h && bottom > n.y;
        // A horizontal piece (zero height) through a box's inside.
        const through =
          top === bottom && left < n.x + nodeWidth && right > n.x && top > n.y && top < n.y + h;
        if (inside || through) found.push(`${e.from}→${e.to} through ${n.key}`);
      }
    });
  return found;
}

/** Every number of a layout is a finite number: nothing for the drawing to write as NaN. */
const finite = (layout: GraphLayout) =>
  [
    layout.width,
    layout.height,
    ...layout.nodes.flatMap((n) => [n.x, n.y, n.layer, n.row]),
    ...layout.edges.flatMap((e) => [
      e.x1,
      e.y1,
      e.x2,
      e.y2,
      ...e.points.flatMap((p) => [p.x, p.y]),
    ]),
  ].every(Number.isFinite);

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
      points: [
        { x: 220, y: 70 },
        { x: 240, y: 20 },
      ],
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

  it('ignores unknown dependencies and survives a two-step cycle without looping', () => {
    expect(layers([{ key: 'x', dependsOn: ['missing', 'x'] }])).toEqual({ x: [0, 0] });
    const cyclic = layoutGraph([
      { key: 'p', dependsOn: ['q'] },
      { key: 'q', dependsOn: ['p'] },
    ]);
    expect(cyclic.nodes.map((n) => [n.key, n.layer, n.row])).toEqual([
      ['p', 0, 0],
      ['q', 0, 1],
    ]);
    expect(cyclic.edges).toEqual([]);
    expect(finite(cyclic)).toBe(true);
  });

  it('places a cycle in the column after what its steps wait on outside it, every column filled', () => {
    // a → b → c → a, closed in the editor by making a wait on c; d waits on start, e on b.
    const steps = [
      { key: 'start', dependsOn: [] },
      { key: 'a', dependsOn: ['start', 'c'] },
      { key: 'b', dependsOn: ['a'] },
      { key: 'c', dependsOn: ['b'] },
      { key: 'e', dependsOn: ['b'] },
    ];
    expect(layers(steps)).toEqual({
      start: [0, 0],
      a: [1, 0],
      b: [1, 1],
      c: [1, 2],
      e: [2, 0],
    });
    const layout = layoutGraph(steps, opts);
    expect(finite(layout)).toBe(true);
    expect(layout.width).toBe(3 * 100 + 2 * 20);
    expect(layout.height).toBe(3 * 40 + 2 * 10);
    // The arrows into and out of the cycle; none between its own steps.
    expect(layout.edges.map((e) => `${e.from}→${e.to}`).sort()).toEqual(['b→e', 'start→a']);
    // Boxes do not overlap, and each lies inside the drawing.
    const spots = layout.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    for (const n of layout.nodes) {
      expect(n.x + 100).toBeLessThanOrEqual(layout.width);
      expect(n.y + 40).toBeLessThanOrEqual(layout.height);
    }
  });

  it('lays out a cycle with no step outside it, and one that every step is in', () => {
    // The report: three steps in a row, then the first made to wait on the last.
    const layout = layoutGraph(
      [
        { key: 'a', dependsOn: ['c'] },
        { key: 'b', dependsOn: ['a'] },
        { key: 'c', dependsOn: ['b'] },
      ],
      opts,
    );
    expect(finite(layout)).toBe(true);
    expect(layout.nodes.map((n) => n.layer)).toEqual([0, 0, 0]);
    expect(layout.height).toBe(3 * 40 + 2 * 10);
    expect(layout.width).toBe(100);
  });

  it('places two steps of the same key apart (a draft can have them)', () => {
    const layout = layoutGraph(
      [
        { key: 'k', dependsOn: [] },
        { key: 'k', dependsOn: [] },
        { key: 'z', dependsOn: ['k'] },
      ],
      opts,
    );
    expect(layout.nodes.map((n) => [n.layer, n.row])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(finite(layout)).toBe(true);
  });

  it('routes an arrow past a later step around the boxes between, never through them', () => {
    // a → b → c → d, and d also waits on a: the straight line a→d would run under b and c.
    const chain = [
      { key: 'a', dependsOn: [] },
      { key: 'b', dependsOn: ['a'] },
      { key: 'c', dependsOn: ['b'] },
      { key: 'd', dependsOn: ['c', 'a'] },
    ];
    const layout = layoutGraph(chain, opts);
    expect(crossings(layout)).toEqual([]);
    const long = layout.edges.find((e) => e.from === 'a' && e.to === 'd')!;
    // Into the gap below row 0 after a, along it past b and c, back up before d.
    expect(long.points).toEqual([
      { x: 100, y: 20 },
      { x: 120, y: 45 },
      { x: 340, y: 45 },
      { x: 360, y: 20 },
    ]);
    // The lane lies below the last row: the drawing grows to hold it.
    expect(layout.height).toBe(40 + 10);
    expect(edgePath(long.points)).toBe(
      'M 100 20 C 110 20, 110 45, 120 45 L 340 45 C 350 45, 350 20, 360 20',
    );
  });

  it('keeps a long arrow straight along its own row while that row is clear', () => {
    const steps = [
      { key: 'top', dependsOn: [] },
      { key: 'a', dependsOn: [] },
      { key: 'mid', dependsOn: ['top'] },
      { key: 'end', dependsOn: ['mid', 'a'] },
    ];
    const layout = layoutGraph(steps, opts);
    expect(layers(steps)).toEqual({ top: [0, 0], a: [0, 1], mid: [1, 0], end: [2, 0] });
    expect(crossings(layout)).toEqual([]);
    // Straight along row 1 (nothing there in column 1), up to end's row in the last gap.
    expect(layout.edges.find((e) => e.from === 'a' && e.to === 'end')!.points).toEqual([
      { x: 100, y: 70 },
      { x: 220, y: 70 },
      { x: 240, y: 20 },
    ]);
  });

  it('routes no edge through a box in larger graphs, parallel branches and skips included', () => {
    const graphs: GraphStep[][] = [
      [
        { key: 'intake', dependsOn: [] },
        { key: 'sre', dependsOn: ['intake'] },
        { key: 'cbp', dependsOn: ['intake'] },
        { key: 'gsa', dependsOn: ['intake'] },
        { key: 'ibwc', dependsOn: ['sre'] },
        { key: 'rail', dependsOn: ['cbp', 'ibwc'] },
        { key: 'chairs', dependsOn: ['rail', 'gsa', 'intake', 'sre'] },
        { key: 'permit', dependsOn: ['chairs', 'intake', 'cbp'] },
      ],
      // A ladder: every step waits on every earlier one.
      Array.from({ length: 6 }, (_, i) => ({
        key: `s${i}`,
        dependsOn: Array.from({ length: i }, (__, j) => `s${j}`),
      })),
      // Two long chains side by side, crossing over at the end.
      [
        { key: 'x0', dependsOn: [] },
        { key: 'y0', dependsOn: [] },
        { key: 'x1', dependsOn: ['x0'] },
        { key: 'y1', dependsOn: ['y0'] },
        { key: 'x2', dependsOn: ['x1'] },
        { key: 'y2', dependsOn: ['y1'] },
        { key: 'x3', dependsOn: ['x2', 'y0'] },
        { key: 'y3', dependsOn: ['y2', 'x0'] },
      ],
    ];
    for (const steps of graphs) {
      const layout = layoutGraph(steps, opts);
      expect(crossings(layout)).toEqual([]);
      expect(finite(layout)).toBe(true);
      for (const e of layout.edges) {
        expect(e.points[0]).toEqual({ x: e.x1, y: e.y1 });
        expect(e.points.at(-1)).toEqual({ x: e.x2, y: e.y2 });
        // Every piece inside the drawing.
        for (const p of e.points) {
          expect(p.y).toBeGreaterThanOrEqual(0);
          expect(p.y).toBeLessThanOrEqual(layout.height);
        }
      }
    }
  });

  it('draws nothing for no steps', () => {
    expect(layoutGraph([], opts)).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});

describe('edgePath', () => {
  it('joins points at one height with a line, others with a curve leaving horizontally', () => {
    expect(
      edgePath([
        { x: 0, y: 10 },
        { x: 40, y: 30 },
      ]),
    ).toBe('M 0 10 C 20 10, 20 30, 40 30');
    expect(
      edgePath([
        { x: 0, y: 10 },
        { x: 40, y: 10 },
      ]),
    ).toBe('M 0 10 L 40 10');
  });
});

describe('nodeHeight', () => {
  it('grows a box by a line for each line of name after the first', () => {
    expect([nodeHeight(0), nodeHeight(1), nodeHeight(2), nodeHeight(3)]).toEqual([56, 56, 72, 88]);
  });
});

describe('wrapName', () => {
  it('keeps a short name on one line', () => {
    expect(wrapName('Rail safety review')).toEqual(['Rail safety review']);
  });

  it('breaks a long name between words, on three lines at most, marking what is left out', () => {
    expect(wrapName('Boundary and river hydraulics review (IBWC)')).toEqual([
      'Boundary and river',
      'hydraulics review (IBWC)',
    ]);
    // The names the report cut after two lines fit whole on three.
    expect(wrapName('Revisión técnica de la Secretaría de Infraestructura')).toEqual([
      'Revisión técnica de la',
      'Secretaría de',
      'Infraestructura',
    ]);
    expect(wrapName('Technical review by the Ministry of Infrastructure and Transport')).toEqual([
      'Technical review by the',
      'Ministry of Infrastructure',
      'and Transport',
    ]);
    const lines = wrapName(
      'Regional technical group opinion on the binational crossing, its approaches and its customs facilities',
    );
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.length <= 26)).toBe(true);
    expect(lines[2].endsWith('…')).toBe(true);
    expect(lines.slice(0, 2).some((line) => line.endsWith('…'))).toBe(false);
  });

  it('cuts a word longer than a line across lines', () => {
    expect(wrapName('x'.repeat(30), 26, 3)).toEqual(['x'.repeat(26), 'xxxx']);
    const cut = wrapName('Expediente ' + 'y'.repeat(60));
    expect(cut).toEqual(['Expediente', 'y'.repeat(26), `${'y'.repeat(25)}…`]);
  });

  it('measures lines as it is told: the width of the text as drawn, not its characters', () => {
    // Capitals twice as wide as other letters.
    const measure = (text: string) =>
      [...text].reduce((w, c) => w + (c >= 'A' && c <= 'Z' ? 2 : 1), 0);
    expect(wrapName('ABCDE fghij', 10, 3, measure)).toEqual(['ABCDE', 'fghij']);
    expect(wrapName('abcde fghij', 11, 3, measure)).toEqual(['abcde fghij']);
    expect(wrapName('AAAAAAAA', 10, 3, measure)).toEqual(['AAAAA', 'AAA']);
    expect(wrapName('AAAA BBBB CCCC DDDD', 8, 3, measure)).toEqual(['AAAA', 'BBBB', 'CCC…']);
  });
});
