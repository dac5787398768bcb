import { useMemo } from 'react';
import type { Schemas } from '../api/client';
import { useT, type MessageId } from '../i18n/i18n';
import { DEFAULT_LAYOUT, layoutGraph, type GraphStep } from '../lib/graph-layout';
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
 * The steps as a picture: columns in the order they run, an arrow for each dependency.
 * It is a picture only (role img, with a summary); the step list beside it says everything
 * it shows, for screen readers and keyboards.
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
  const layout = useMemo(
    () =>
      layoutGraph(
        steps.map((s): GraphStep => ({ key: s.key, dependsOn: dependsOn.get(s.key) ?? [] })),
      ),
    [steps, dependsOn],
  );
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const { nodeWidth: w, nodeHeight: h } = DEFAULT_LAYOUT;
  const pad = 8;
  const clip = (text: string, max: number) =>
    text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return (
    // Focusable: a keyboard user can scroll a wide chain sideways.
    <figure className="graph" tabIndex={0}>
      <svg
        role="img"
        aria-label={label ?? t('workflow.graph.label', { count: steps.length })}
        width={layout.width + 2 * pad}
        height={layout.height + 2 * pad}
        viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
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
        {layout.edges.map((e) => {
          const mid = (e.x1 + e.x2) / 2;
          return (
            <path
              key={`${e.from}->${e.to}`}
              className="edge"
              d={`M ${e.x1} ${e.y1} C ${mid} ${e.y1}, ${mid} ${e.y2}, ${e.x2} ${e.y2}`}
              markerEnd="url(#arrow)"
            />
          );
        })}
        {layout.nodes.map((n) => {
          const step = byKey.get(n.key)!;
          return (
            <g
              key={n.key}
              className={`node node--${step.status ?? 'draft'}${step.invalid ? ' node--invalid' : ''}`}
              transform={`translate(${n.x} ${n.y})`}
            >
              <rect width={w} height={h} rx={4} strokeWidth={selected === n.key ? 4 : undefined} />
              <text x={10} y={22}>
                {clip(bi(step.name), 26)}
              </text>
              <text x={10} y={42} className="node__status">
                {step.status
                  ? `${STATUS_MARK[step.status] ?? ''} ${clip(t(`step.status.${step.status}` as MessageId), 26)}`
                  : clip(step.note ?? '', 28)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">{t('workflow.graph.caption')}</figcaption>
    </figure>
  );
}
