import { useMemo } from 'react';
import type { Schemas } from '../api/client';
import { useT, type MessageId } from '../i18n/i18n';
import {
  DEFAULT_LAYOUT,
  NAME_LINE,
  NAME_LINE_HEIGHT,
  edgePath,
  layoutGraph,
  nodeHeight,
  wrapName,
  type GraphStep,
  type Measure,
} from '../lib/graph-layout';
import { useBi } from './bits';

const STATUS_MARK: Record<string, string> = {
  approved: '✓',
  rejected: '✗',
  changes_requested: '↺',
  active: '●',
  pending: '○',
  skipped: '–',
  cancelled: '–',
};

/** Room for text in a box: its width less 10 on each side. */
const TEXT_WIDTH = DEFAULT_LAYOUT.nodeWidth - 20;

let canvas: CanvasRenderingContext2D | null | undefined;
let family = 'sans-serif';
/**
 * How wide a text is drawn at `size` px in the graph's font (`.graph text`), measured on a
 * canvas; without one, estimated from its characters (`NAME_LINE` of them fill a line at 13px).
 */
function measureAt(size: number): Measure {
  if (canvas === undefined) {
    canvas = document.createElement('canvas').getContext('2d');
    family =
      getComputedStyle(document.documentElement).getPropertyValue('--font-sans').trim() || family;
  }
  const context = canvas;
  if (!context) return (text) => (text.length * TEXT_WIDTH * size) / (NAME_LINE * 13);
  const font = `${size}px ${family}`;
  return (text) => {
    context.font = font;
    return context.measureText(text).width;
  };
}

/** A step as the graph draws it: a workflow's step (with its status) or a chain's draft step. */
export interface GraphNode {
  key: string;
  name: Schemas['BilingualDto'];
  status?: Schemas['StepView']['status'];
  /** Shown instead of the status (a draft chain's step has none): "Only when …", "2 problems". */
  note?: string;
  /** Drawn as needing attention (a draft step with validation problems). */
  invalid?: boolean;
}

/**
 * The steps as a picture: columns in the order they run, an arrow for each dependency, routed
 * around the boxes it passes. Each step is an image named by its whole name and its status (a
 * long name wraps on up to three lines, every box as tall as the tallest, and its tooltip
 * gives it whole); the step list beside it says everything the picture shows, for screen
 * readers and keyboards. The picture shrinks to the width of the page, down to three
 * quarters of its size, and scrolls sideways (by keyboard too) beyond that.
 */
export function WorkflowGraph({
  steps,
  dependsOn,
  selected,
  label,
}: {
  steps: GraphNode[];
  dependsOn: Map<string, string[]>;
  selected?: string;
  /** The accessible name of the picture; by default "graph of N steps" of a workflow. */
  label?: string;
}) {
  const t = useT();
  const bi = useBi();
  const nameWidth = measureAt(13);
  const statusWidth = measureAt(12);
  const names = new Map(
    steps.map((s) => [s.key, wrapName(bi(s.name), TEXT_WIDTH, undefined, nameWidth)]),
  );
  // Every box as tall as the longest name needs (up to three lines).
  const h = nodeHeight(Math.max(1, ...[...names.values()].map((lines) => lines.length)));
  const layout = useMemo(
    () =>
      layoutGraph(
        steps.map((s): GraphStep => ({ key: s.key, dependsOn: dependsOn.get(s.key) ?? [] })),
        { ...DEFAULT_LAYOUT, nodeHeight: h },
      ),
    [steps, dependsOn, h],
  );
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const w = DEFAULT_LAYOUT.nodeWidth;
  const pad = 8;
  /** One line of status or note, cut with "…" when wider than the box. */
  const clip = (text: string) => wrapName(text, TEXT_WIDTH, 1, statusWidth)[0] ?? '';
  const width = layout.width + 2 * pad;
  return (
    // Focusable: a keyboard user can scroll a wide chain sideways.
    <figure className="graph" tabIndex={0}>
      <svg
        role="group"
        aria-label={label ?? t('workflow.graph.label', { count: steps.length })}
        width={width}
        height={layout.height + 2 * pad}
        viewBox={`${-pad} ${-pad} ${width} ${layout.height + 2 * pad}`}
        style={{ minWidth: Math.round(width * 0.75) }}
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#71767a" />
          </marker>
        </defs>
        {layout.edges.map((e) => (
          <path
            key={`${e.from}->${e.to}`}
            className="edge"
            d={edgePath(e.points)}
            markerEnd="url(#arrow)"
          />
        ))}
        {layout.nodes.map((n) => {
          const step = byKey.get(n.key)!;
          const name = bi(step.name);
          const status = step.status ? t(`step.status.${step.status}` as MessageId) : step.note;
          return (
            <g
              key={n.key}
              role="img"
              aria-label={status ? `${name}: ${status}` : name}
              className={`node node--${step.status ?? 'draft'}${step.invalid ? ' node--invalid' : ''}`}
              transform={`translate(${n.x} ${n.y})`}
            >
              <title>{name}</title>
              <rect width={w} height={h} rx={4} strokeWidth={selected === n.key ? 4 : undefined} />
              {names.get(n.key)!.map((line, i) => (
                <text key={i} x={10} y={20 + NAME_LINE_HEIGHT * i}>
                  {line}
                </text>
              ))}
              <text x={10} y={h - 14} className="node__status">
                {clip(
                  step.status
                    ? `${STATUS_MARK[step.status] ?? ''} ${status ?? ''}`
                    : (step.note ?? ''),
                )}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">{t('workflow.graph.caption')}</figcaption>
    </figure>
  );
}
