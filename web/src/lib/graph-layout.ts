/**
 * Layered layout of an approval chain's step graph (steps and their `dependsOn`), for a
 * simple SVG drawing: each step sits in the column after the deepest step it waits on
 * (longest-path layering), and within a column steps are ordered by the mean row of their
 * predecessors (one barycentre pass), which keeps parallel branches from crossing in the
 * usual chains. Arrows are routed around the boxes they pass. Pure: no DOM, no React.
 */
export interface GraphStep {
  key: string;
  dependsOn: readonly string[];
}

export interface PlacedNode {
  key: string;
  /** Column, 0 for steps that wait on nothing. */
  layer: number;
  /** Row within the column, from 0. */
  row: number;
  /** Top-left corner, in the drawing's units. */
  x: number;
  y: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** From the right middle of `from` to the left middle of `to`. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /**
   * The route from (x1, y1) to (x2, y2), drawn by {@link edgePath}: each piece between two
   * points stays inside the rectangle they span, and no such rectangle overlaps a box other
   * than the edge's own two. An arrow to the next column is one piece across the gap; a longer
   * one bends, in the gap after its source, into a lane clear of the boxes of the columns it
   * crosses (its own row when that is clear, else the gap between two rows, else below them
   * all), and out of it in the gap before its target.
   */
  points: Point[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
}

/** Height of one line of a step's name, at 13px. */
export const NAME_LINE_HEIGHT = 16;
/** Lines of a step's name a box shows before the rest is left out. */
export const NAME_LINES = 3;

export const DEFAULT_LAYOUT: LayoutOptions = {
  // Wide enough for the longest statuses, "○ Skipped (does not apply)" and "○ Aguarda etapas
  // previas", at 12px in a wide sans (DejaVu Sans, Debian's default), and for `NAME_LINE`
  // characters of a name at 13px. (A status wider than the box is cut with "…".)
  nodeWidth: 200,
  // One line of name and the status; see `nodeHeight` for longer names.
  nodeHeight: 56,
  columnGap: 40,
  rowGap: 16,
};

/**
 * How tall a box is for a name on `lines` lines (and its status below): 56 for one line, 16
 * more for each further line.
 *
 * @example
 * nodeHeight(3); // 88
 */
export function nodeHeight(lines: number): number {
  return DEFAULT_LAYOUT.nodeHeight + NAME_LINE_HEIGHT * (Math.max(1, lines) - 1);
}

/**
 * The strongly connected components of the graph `deps` (node → the nodes it depends on),
 * by Tarjan's algorithm: each node's component, numbered so that a component comes after
 * every component it depends on. A node in no cycle is a component of its own.
 */
function components(deps: readonly number[][]): number[] {
  const n = deps.length;
  const index: number[] = new Array<number>(n).fill(-1);
  const low: number[] = new Array<number>(n).fill(0);
  const onStack: boolean[] = new Array<boolean>(n).fill(false);
  const component: number[] = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let count = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of deps[v]) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
    }
    if (low[v] !== index[v]) return;
    let w: number;
    do {
      w = stack.pop()!;
      onStack[w] = false;
      component[w] = count;
    } while (w !== v);
    count++;
  };
  for (let v = 0; v < n; v++) if (index[v] === -1) visit(v);
  return component;
}

/**
 * Places `steps` in layers. Dependencies on unknown keys (and on the step itself) are ignored;
 * a step whose key another step already has is placed, but dependencies name the first. The
 * steps of a dependency cycle (which a published chain cannot have; the editor names it as a
 * problem) share one column, the one after the deepest step any of them waits on outside the
 * cycle, and the arrows between them are not drawn.
 */
export function layoutGraph(
  steps: readonly GraphStep[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): GraphLayout {
  const first = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!first.has(s.key)) first.set(s.key, i);
  });
  const deps = steps.map((s, i) => [
    ...new Set(
      s.dependsOn
        .map((key) => first.get(key))
        .filter((d): d is number => d !== undefined && d !== i),
    ),
  ]);

  // Longest-path layering of the graph of components: a cycle is one node of it.
  const component = components(deps);
  const members: number[][] = [];
  component.forEach((c, v) => (members[c] ??= []).push(v));
  const componentLayer: number[] = [];
  members.forEach((nodes, c) => {
    let l = 0;
    for (const v of nodes)
      for (const w of deps[v])
        if (component[w] !== c) l = Math.max(l, componentLayer[component[w]] + 1);
    componentLayer[c] = l;
  });
  const layer = component.map((c) => componentLayer[c]);

  // Every column from 0 to the last holds a step: each step after column 0 waits on one in
  // the column before.
  const columns: number[][] = [];
  steps.forEach((_, v) => (columns[layer[v]] ??= []).push(v));
  const row: number[] = new Array<number>(steps.length).fill(-1);
  columns.forEach((column, index) => {
    if (index > 0) {
      const original = new Map(column.map((v, i) => [v, i]));
      const centre = (v: number) => {
        const parents = deps[v].filter((d) => row[d] >= 0);
        return parents.length === 0
          ? Number.POSITIVE_INFINITY
          : parents.reduce((sum, p) => sum + row[p], 0) / parents.length;
      };
      column.sort((a, b) => centre(a) - centre(b) || original.get(a)! - original.get(b)!);
    }
    column.forEach((v, i) => (row[v] = i));
  });

  const { nodeWidth, nodeHeight: boxHeight, columnGap, rowGap } = options;
  const nodes: PlacedNode[] = steps.map((s, v) => ({
    key: s.key,
    layer: layer[v],
    row: row[v],
    x: layer[v] * (nodeWidth + columnGap),
    y: row[v] * (boxHeight + rowGap),
  }));
  const rows = Math.max(0, ...columns.map((c) => c.length));

  const edges: PlacedEdge[] = [];
  deps.forEach((dependencies, v) => {
    for (const d of dependencies) {
      const from = nodes[d];
      const to = nodes[v];
      if (from.layer >= to.layer) continue; // within a cycle
      const x1 = from.x + nodeWidth;
      const y1 = from.y + boxHeight / 2;
      const x2 = to.x;
      const y2 = to.y + boxHeight / 2;
      let points: Point[] = [
        { x: x1, y: y1 },
        { x: x2, y: y2 },
      ];
      if (to.layer > from.layer + 1) {
        const crossed = nodes.filter((n) => n.layer > from.layer && n.layer < to.layer);
        const clear = (y: number) => crossed.every((n) => y <= n.y || y >= n.y + boxHeight);
        // Its own row, the target's, the middle of each gap between rows, below the last row.
        const lanes = [y1, y2];
        for (let r = 1; r <= rows; r++) lanes.push(r * (boxHeight + rowGap) - rowGap / 2);
        const cost = (y: number) => Math.abs(y - y1) + Math.abs(y - y2);
        const lane = lanes.filter(clear).reduce((best, y) => (cost(y) < cost(best) ? y : best));
        points = simplify([
          { x: x1, y: y1 },
          { x: x1 + columnGap, y: lane },
          { x: x2 - columnGap, y: lane },
          { x: x2, y: y2 },
        ]);
      }
      edges.push({ from: from.key, to: to.key, x1, y1, x2, y2, points });
    }
  });

  const layers = columns.length;
  const boxesHeight = rows === 0 ? 0 : rows * boxHeight + (rows - 1) * rowGap;
  // A lane below the last row needs its gap inside the drawing.
  const lowest = Math.max(0, ...edges.flatMap((e) => e.points.map((p) => p.y)));
  return {
    nodes,
    edges,
    width: layers === 0 ? 0 : layers * nodeWidth + (layers - 1) * columnGap,
    height: Math.max(boxesHeight, lowest > boxesHeight ? lowest + rowGap / 2 : 0),
  };
}

/** Drops the middle point of three at the same height: one straight piece, not two. */
function simplify(points: Point[]): Point[] {
  return points.filter(
    (p, i) =>
      i === 0 || i === points.length - 1 || points[i - 1].y !== p.y || points[i + 1].y !== p.y,
  );
}

/**
 * The SVG path of an edge's route: a straight line between two points at the same height,
 * else a curve leaving and arriving horizontally (its control points halfway across), which
 * stays inside the rectangle the two points span.
 *
 * @example
 * edgePath([{ x: 0, y: 10 }, { x: 40, y: 30 }]);
 * // 'M 0 10 C 20 10, 20 30, 40 30'
 */
export function edgePath(points: readonly Point[]): string {
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const mid = (a.x + b.x) / 2;
    d += a.y === b.y ? ` L ${b.x} ${b.y}` : ` C ${mid} ${a.y}, ${mid} ${b.y}, ${b.x} ${b.y}`;
  }
  return d;
}

/** Characters of a step's name that fit on one line of a node, at 13px. */
export const NAME_LINE = 26;

/** How wide a text is, in the units of a line's width (by default, characters). */
export type Measure = (text: string) => number;
const characters: Measure = (text) => text.length;

/**
 * A step's name on at most `lines` lines no wider than `width` (as `measure` counts: by
 * default characters), broken between words (a word longer than a line is cut across lines);
 * what does not fit ends with "…". The whole name stays in the node's accessible name.
 *
 * @example
 * wrapName('Technical review by the Ministry of Infrastructure, Communications and Transport', 26);
 * // ['Technical review by the', 'Ministry of', 'Infrastructure,…']
 */
export function wrapName(
  name: string,
  width = NAME_LINE,
  lines = NAME_LINES,
  measure: Measure = characters,
): string[] {
  const fits = (text: string) => measure(text) <= width;
  const words = name.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (let word of words) {
    while (!fits(word)) {
      if (line) out.push(line);
      line = '';
      // The longest start of the word that fits; at least one character.
      let cut = 1;
      while (cut < word.length && fits(word.slice(0, cut + 1))) cut++;
      out.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (!line) line = word;
    else if (fits(`${line} ${word}`)) line = `${line} ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  let last = kept[lines - 1];
  while (last.length > 0 && !fits(`${last}…`)) last = last.slice(0, -1);
  kept[lines - 1] = `${last.trimEnd()}…`;
  return kept;
}
