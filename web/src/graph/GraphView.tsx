// The workflow drawn as SVG from the ELK layout, with pan (drag), zoom (wheel, buttons) and fit.
// Nodes carry data-* attributes (state name, type, status) so tests and tools can read the graph.
import { useMemo } from 'react';
import type { RunStatus } from '../execution/state-runs.ts';
import { aslGraph } from './asl-graph.ts';
import { ArrowMarkers, GraphEdge } from './GraphEdge.tsx';
import { GraphGroup } from './GraphGroup.tsx';
import { GraphNode } from './GraphNode.tsx';
import { Legend } from './Legend.tsx';
import { useLayout } from './use-layout.ts';
import { useView } from './use-view.ts';
import { ZoomTools } from './ZoomTools.tsx';

export interface GraphViewProps {
  readonly definition: string;
  /** Status per state name; absent means "not reached" when `statuses` is given. */
  readonly statuses?: ReadonlyMap<string, RunStatus>;
  readonly selected?: string | undefined;
  readonly onSelect?: (stateName: string) => void;
  /** Validation messages per state name, shown as a badge on the node. */
  readonly diagnostics?: ReadonlyMap<string, readonly string[]>;
}

const isGroup = (kind: string): boolean => kind === 'group' || kind === 'branch';

export function GraphView({ definition, statuses, selected, onSelect, diagnostics }: GraphViewProps) {
  const graph = useMemo(() => aslGraph(definition), [definition]);
  const { layout, error } = useLayout(graph);
  const { view, frame, fit, zoom, pan } = useView(layout);

  if (error) return <div className="graph-frame error-box">The graph could not be laid out: {error}</div>;

  const marks = { statuses, selected, onSelect };
  return (
    <div className="graph-wrap">
      <div className="graph-frame" ref={frame} data-testid="graph" {...pan}>
        {!layout && <p className="muted graph-loading">Laying out the graph…</p>}
        {layout && (
          <svg width="100%" height="100%" role="img" aria-label="Workflow graph">
            <ArrowMarkers />
            {/* Groups under edges under states, so that a group never hides what it holds. */}
            <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
              {layout.nodes
                .filter((p) => isGroup(p.node.kind))
                .map((placed) => (
                  <GraphGroup key={placed.node.id} placed={placed} {...marks} />
                ))}
              {layout.edges.map((placed) => (
                <GraphEdge key={placed.edge.id} placed={placed} />
              ))}
              {layout.nodes
                .filter((p) => !isGroup(p.node.kind))
                .map((placed) => (
                  <GraphNode
                    key={placed.node.id}
                    placed={placed}
                    {...marks}
                    problems={placed.node.stateName ? diagnostics?.get(placed.node.stateName) : undefined}
                  />
                ))}
            </g>
          </svg>
        )}
        <ZoomTools zoom={zoom} fit={fit} />
      </div>
      {statuses && <Legend />}
    </div>
  );
}
