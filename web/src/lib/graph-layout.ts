/**
 * Layered layout of an approval chain's step graph (steps and their `dependsOn`), for a
 * simple SVG drawing: each step sits in the column after the deepest step it waits on
 * (longest-path layering), and within a column steps are ordered by the mean row of their
 * predecessors (one barycentre pass), which keeps parallel branches from crossing in the
 * usual chains. Pure: no DOM, no React.
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

export interface PlacedEdge {
  from: string;
  to: string;
  /** From the right middle of `from` to the left middle of `to`. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
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

export const DEFAULT_LAYOUT: LayoutOptions = {
  // Wide enough for the longest status, "○ En espera de etapas previas", at 12px, and for
  // `NAME_LINE` characters of a name at 13px.
  nodeWidth: 200,
  // One line of name and the status; a graph with a name on two lines is drawn 72 high.
  nodeHeight: 56,
  columnGap: 40,
  rowGap: 16,
};

/**
 * Places `steps` in layers. Dependencies on unknown keys are ignored; a cycle (which a
 * published chain cannot have) does not loop: its steps are placed as if the closing edge
 * were absent.
 */
export function layoutGraph(
  steps: readonly GraphStep[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): GraphLayout {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const layer = new Map<string, number>();
  const visiting = new Set<string>();

  const depth = (key: string): number => {
    const known = layer.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) return 0;
    visiting.add(key);
    const step = byKey.get(key)!;
    let d = 0;
    for (const dep of step.dependsOn)
      if (byKey.has(dep) && dep !== key) d = Math.max(d, depth(dep) + 1);
    visiting.delete(key);
    layer.set(key, d);
    return d;
  };
  steps.forEach((s) => depth(s.key));

  const columns: string[][] = [];
  steps.forEach((s) => (columns[layer.get(s.key)!] ??= []).push(s.key));
  const row = new Map<string, number>();
  columns.forEach((column, index) => {
    if (index > 0) {
      const original = new Map(column.map((k, i) => [k, i]));
      const centre = (key: string) => {
        const parents = byKey.get(key)!.dependsOn.filter((d) => row.has(d));
        return parents.length === 0
          ? Number.POSITIVE_INFINITY
          : parents.reduce((sum, p) => sum + row.get(p)!, 0) / parents.length;
      };
      column.sort((a, b) => centre(a) - centre(b) || original.get(a)! - original.get(b)!);
    }
    column.forEach((key, i) => row.set(key, i));
  });

  const { nodeWidth, nodeHeight, columnGap, rowGap } = options;
  const nodes: PlacedNode[] = steps.map((s) => {
    const l = layer.get(s.key)!;
    const r = row.get(s.key)!;
    return {
      key: s.key,
      layer: l,
      row: r,
      x: l * (nodeWidth + columnGap),
      y: r * (nodeHeight + rowGap),
    };
  });
  const at = new Map(nodes.map((n) => [n.key, n]));
  const edges: PlacedEdge[] = [];
  for (const s of steps) {
    for (const dep of s.dependsOn) {
      const from = at.get(dep);
      const to = at.get(s.key)!;
      if (!from || from.layer >= to.layer) continue;
      edges.push({
        from: dep,
        to: s.key,
        x1: from.x + nodeWidth,
        y1: from.y + nodeHeight / 2,
        x2: to.x,
        y2: to.y + nodeHeight / 2,
      });
    }
  }
  const layers = columns.length;
  const rows = Math.max(0, ...columns.map((c) => c.length));
  return {
    nodes,
    edges,
    width: layers === 0 ? 0 : layers * nodeWidth + (layers - 1) * columnGap,
    height: rows === 0 ? 0 : rows * nodeHeight + (rows - 1) * rowGap,
  };
}

/** Characters of a step's name that fit on one line of a node, at 13px. */
export const NAME_LINE = 26;

/**
 * A step's name on at most `lines` lines of about `width` characters, broken between words
 * (a word longer than a line is cut across lines); what does not fit ends with "…". The whole
 * name stays in the node's accessible name and tooltip.
 *
 * @example
 * wrapName('Boundary and river hydraulics review (IBWC)', 26);
 * // ['Boundary and river', 'hydraulics review (IBWC)']
 */
export function wrapName(name: string, width = NAME_LINE, lines = 2): string[] {
  const words = name.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (let word of words) {
    while (word.length > width) {
      if (line) out.push(line);
      out.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1];
  kept[lines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}
