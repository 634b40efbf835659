// The design canvas: the console's own graph (ELK layout, the viewer's node and edge drawings)
// with drop targets. A palette item dropped on a state goes after it, dropped on an edge (or its
// "+") goes between the two states; clicking a "+" makes it the place the palette adds to.
import type { DragEvent } from 'react';
import { useMemo, useState } from 'react';
import { aslGraph } from '../graph/asl-graph.ts';
import { ArrowMarkers, GraphEdge } from '../graph/GraphEdge.tsx';
import { GraphGroup } from '../graph/GraphGroup.tsx';
import { GraphNode } from '../graph/GraphNode.tsx';
import { useLayout } from '../graph/use-layout.ts';
import { useView } from '../graph/use-view.ts';
import { ZoomTools } from '../graph/ZoomTools.tsx';
import type { Target } from './drop-target.ts';
import { EMPTY_TARGET, edgeTarget, midpoint, nodeTarget } from './drop-target.ts';
import { printDefinition } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { statesById } from './scope.ts';

export const TEMPLATE_MIME = 'application/x-stepwise-template';

export interface StudioCanvasProps {
  readonly definition: JsonObject;
  readonly selected: string | undefined;
  readonly problems: ReadonlyMap<string, readonly string[]>;
  readonly insertAt: Target | undefined;
  readonly onSelect: (name: string | undefined) => void;
  readonly onDropTemplate: (templateId: string, target: Target) => void;
  readonly onPickInsert: (target: Target) => void;
}

const isGroup = (kind: string): boolean => kind === 'group' || kind === 'branch';

export function StudioCanvas(props: StudioCanvasProps) {
  const { definition, selected, problems, insertAt, onSelect, onDropTemplate, onPickInsert } = props;
  const text = useMemo(() => printDefinition(definition), [definition]);
  const graph = useMemo(() => aslGraph(text), [text]);
  const byId = useMemo(() => statesById(definition), [definition]);
  const { layout, error } = useLayout(graph);
  const { view, frame, fit, zoom, pan } = useView(layout);
  const [over, setOver] = useState<string>();
  const empty = byId.size === 0;

  /** Drag-and-drop handlers of one drop target. */
  const dropOn = (key: string, target: Target | undefined) => ({
    onDragOver: (event: DragEvent) => {
      if (!target || !event.dataTransfer.types.includes(TEMPLATE_MIME)) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = 'copy';
      if (over !== key) setOver(key);
    },
    onDragLeave: () => setOver((current) => (current === key ? undefined : current)),
    onDrop: (event: DragEvent) => {
      const id = event.dataTransfer.getData(TEMPLATE_MIME);
      if (!target || !id) return;
      event.preventDefault();
      event.stopPropagation();
      setOver(undefined);
      onDropTemplate(id, target);
    },
  });

  if (error) return <div className="graph-frame error-box">The graph could not be laid out: {error}</div>;
  const marks = { statuses: undefined, selected, onSelect };
  return (
    <div
      className={`graph-frame studio-canvas${over === 'canvas' ? ' drop-over' : ''}`}
      ref={frame}
      data-testid="studio-canvas"
      {...pan}
      {...dropOn('canvas', empty ? EMPTY_TARGET : undefined)}
      onClick={(event) => {
        if (!(event.target as Element).closest('[data-node], [data-insert]')) onSelect(undefined);
      }}
    >
      {empty && (
        <p className="canvas-empty" data-testid="empty-canvas">
          Drag a state from the palette here, or click one to add it.
        </p>
      )}
      {layout && !empty && (
        <svg width="100%" height="100%" role="group" aria-label="Workflow design canvas">
          <ArrowMarkers />
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
              .map((placed) => {
                const state = byId.get(placed.node.id);
                const key = `node:${placed.node.id}`;
                return (
                  <g
                    key={placed.node.id}
                    className={over === key ? 'drop-over' : undefined}
                    {...dropOn(key, state ? nodeTarget(state) : undefined)}
                  >
                    <GraphNode
                      placed={placed}
                      {...marks}
                      problems={placed.node.stateName ? problems.get(placed.node.stateName) : undefined}
                    />
                  </g>
                );
              })}
            {layout.edges.map((placed) => {
              const target =
                placed.kind === 'catch'
                  ? undefined
                  : edgeTarget(definition, byId, placed.edge.source, placed.edge.target);
              if (!target) return null;
              const key = `edge:${placed.edge.id}`;
              const point = midpoint(placed.points);
              const picked = insertAt?.label === target.label;
              return (
                <g
                  key={key}
                  className={`insert-point${over === key ? ' drop-over' : ''}${picked ? ' picked' : ''}`}
                  transform={`translate(${point.x},${point.y})`}
                  data-insert={target.label}
                  role="button"
                  tabIndex={0}
                  aria-label={`Add a state ${target.label}`}
                  aria-pressed={picked}
                  onClick={() => onPickInsert(target)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      onPickInsert(target);
                    }
                  }}
                  {...dropOn(key, target)}
                >
                  <title>{`Add a state ${target.label}`}</title>
                  <circle r={11} />
                  <text y={4} textAnchor="middle">
                    +
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      )}
      <ZoomTools zoom={zoom} fit={fit} />
    </div>
  );
}
