// The design canvas: the console's own graph (ELK layout, the viewer's node and edge drawings)
// with drop targets. A palette item dropped on a state goes after it, dropped on an edge (or its
// "+") goes between the two states, dropped in an empty branch becomes its first state; clicking
// a "+" makes it the place the palette adds to. States are moved by dragging them onto the same
// targets, connected by dragging from their handles, and selected by click, shift/ctrl-click or
// a shift+drag rubber band.
import type { DragEvent, MouseEvent, PointerEvent } from 'react';
import { useMemo, useState } from 'react';
import { allEdges, aslGraph } from '../graph/asl-graph.ts';
import { ArrowMarkers, GraphEdge } from '../graph/GraphEdge.tsx';
import { GraphGroup } from '../graph/GraphGroup.tsx';
import { GraphNode } from '../graph/GraphNode.tsx';
import type { PlacedNode } from '../graph/layout.ts';
import { Minimap } from '../graph/Minimap.tsx';
import { useLayout } from '../graph/use-layout.ts';
import { useView } from '../graph/use-view.ts';
import { ZoomTools } from '../graph/ZoomTools.tsx';
import { ConnectHandles } from './ConnectHandles.tsx';
import type { Target } from './drop-target.ts';
import { EMPTY_TARGET, edgeTarget, emptyScopeTargets, midpoint, nodeTarget } from './drop-target.ts';
import { printDefinition } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { stateAt, statesById } from './scope.ts';
import type { Slot } from './transitions.ts';
import { useCanvasGestures } from './use-canvas-gestures.ts';

export const TEMPLATE_MIME = 'application/x-stepwise-template';

export interface StudioCanvasProps {
  readonly definition: JsonObject;
  /** The selected states' names; `primary` is the one the inspector shows (it gets the handles). */
  readonly selection: ReadonlySet<string>;
  readonly primary: string | undefined;
  readonly problems: ReadonlyMap<string, readonly string[]>;
  readonly insertAt: Target | undefined;
  readonly onSelect: (name: string | undefined, toggle: boolean) => void;
  readonly onSelectMany: (names: readonly string[], additive: boolean) => void;
  readonly onDropTemplate: (templateId: string, target: Target) => void;
  readonly onPickInsert: (target: Target) => void;
  readonly onMove: (id: string, target: Target) => void;
  readonly onConnect: (id: string, slot: Slot, target: string) => void;
}

const isGroup = (kind: string): boolean => kind === 'group' || kind === 'branch';

function intersects(p: PlacedNode, box: { x: number; y: number; width: number; height: number }): boolean {
  return (
    p.x < box.x + box.width && p.x + p.width > box.x && p.y < box.y + box.height && p.y + p.height > box.y
  );
}

export function StudioCanvas(props: StudioCanvasProps) {
  const { definition, selection, primary, problems, insertAt, onSelect, onDropTemplate, onPickInsert } =
    props;
  const text = useMemo(() => printDefinition(definition), [definition]);
  const graph = useMemo(() => aslGraph(text), [text]);
  const byId = useMemo(() => statesById(definition), [definition]);
  const { layout, error } = useLayout(graph);
  const { view, frame, size, fit, centerOn, zoom, pan } = useView(layout);
  const [over, setOver] = useState<string>();
  const empty = byId.size === 0;

  /** Every place a state can be dropped (from the palette) or moved to, by its data-drop key. */
  const targets = useMemo(() => {
    const map = new Map<string, Target>();
    if (byId.size === 0) map.set('canvas', EMPTY_TARGET);
    for (const [id, state] of byId) map.set(`node:${id}`, nodeTarget(state));
    for (const [id, target] of emptyScopeTargets(definition, byId)) map.set(`scope:${id}`, target);
    for (const edge of allEdges(graph)) {
      const target =
        edge.kind === 'catch' ? undefined : edgeTarget(definition, byId, edge.source, edge.target);
      if (target) map.set(`edge:${edge.id}`, target);
    }
    return map;
  }, [definition, byId, graph]);

  const gestures = useCanvasGestures(frame, view, {
    onMove: (id, key) => {
      const target = targets.get(key);
      if (target) props.onMove(id, target);
    },
    onConnect: props.onConnect,
    onBand: (box, additive) =>
      props.onSelectMany(
        (layout?.nodes ?? [])
          .filter((p) => p.node.stateName !== undefined && p.node.kind !== 'branch' && intersects(p, box))
          .map((p) => p.node.stateName ?? ''),
        additive,
      ),
  });
  const gesture = gestures.gesture;
  const shownOver = gesture?.kind === 'move' ? gesture.over : over;

  /** Drag-and-drop handlers of one drop target (palette items), and its key for moved states. */
  const dropOn = (key: string) => {
    const target = targets.get(key);
    return {
      'data-drop': target ? key : undefined,
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
    };
  };
  const overClass = (key: string): string => (shownOver === key ? ' drop-over' : '');

  if (error) return <div className="graph-frame error-box">The graph could not be laid out: {error}</div>;
  const marks = {
    statuses: undefined,
    selected: selection,
    onSelect: (name: string) => onSelect(name, false),
  };
  const movable = (id: string, name: string | undefined) => ({
    onPointerDown: (event: PointerEvent) => gestures.pressNode(id, event),
    onClickCapture: (event: MouseEvent) => {
      if (!name || !(event.shiftKey || event.ctrlKey || event.metaKey)) return;
      event.stopPropagation();
      onSelect(name, true);
    },
  });
  const handlesOf = layout?.nodes.find((p) => p.node.stateName === primary && primary !== undefined);
  const handleState = handlesOf && byId.get(handlesOf.node.id);
  const handleJson = handleState && stateAt(definition, handleState.scope, handleState.name);
  const moving = gesture?.kind === 'move' ? layout?.nodes.find((p) => p.node.id === gesture.id) : undefined;

  return (
    <div
      className={`graph-frame studio-canvas${overClass('canvas')}${gesture ? ` gesture-${gesture.kind}` : ''}`}
      ref={frame}
      data-testid="studio-canvas"
      {...dropOn('canvas')}
      onPointerDown={(event) => {
        const onEmpty = !(event.target as Element).closest('[data-node], [data-insert], [data-handle]');
        if (!(onEmpty && gestures.pressCanvas(event))) pan.onPointerDown(event);
      }}
      onPointerMove={(event) => {
        pan.onPointerMove(event);
        gestures.drag(event);
      }}
      onPointerUp={(event) => {
        pan.onPointerUp();
        gestures.release(event);
      }}
      onPointerCancel={gestures.cancel}
      onClickCapture={gestures.swallowClick}
      onClick={(event) => {
        const on = (event.target as Element).closest(
          '[data-node], [data-insert], [data-handle], .minimap, .graph-tools',
        );
        if (!on) onSelect(undefined, false);
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
              .map((placed) => {
                const key = `node:${placed.node.id}`;
                return placed.node.kind === 'branch' ? (
                  <GraphGroup key={placed.node.id} placed={placed} {...marks} />
                ) : (
                  <g
                    key={placed.node.id}
                    className={overClass(key)}
                    {...dropOn(key)}
                    {...movable(placed.node.id, placed.node.stateName)}
                  >
                    <GraphGroup placed={placed} {...marks} />
                  </g>
                );
              })}
            {layout.nodes
              .filter((p) => targets.has(`scope:${p.node.id}`))
              .map((placed) => {
                const key = `scope:${placed.node.id}`;
                const top = placed.node.kind === 'branch' ? 26 : 40;
                return (
                  <g
                    key={key}
                    className={`empty-scope${overClass(key)}`}
                    transform={`translate(${placed.x + 8},${placed.y + top})`}
                    {...dropOn(key)}
                  >
                    <title>{`Drop a state ${targets.get(key)?.label ?? ''}`}</title>
                    <rect
                      width={Math.max(placed.width - 16, 10)}
                      height={Math.max(placed.height - top - 8, 16)}
                      rx={4}
                    />
                    <text x={(placed.width - 16) / 2} y={14} textAnchor="middle">
                      Drop a state here
                    </text>
                  </g>
                );
              })}
            {layout.edges.map((placed) => (
              <GraphEdge key={placed.edge.id} placed={placed} />
            ))}
            {layout.nodes
              .filter((p) => !isGroup(p.node.kind))
              .map((placed) => {
                const key = `node:${placed.node.id}`;
                const dragging = moving?.node.id === placed.node.id ? ' dragging' : '';
                return (
                  <g
                    key={placed.node.id}
                    className={`${overClass(key)}${dragging}`}
                    {...dropOn(key)}
                    {...(byId.has(placed.node.id) ? movable(placed.node.id, placed.node.stateName) : {})}
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
              const key = `edge:${placed.edge.id}`;
              const target = targets.get(key);
              if (!target) return null;
              const point = midpoint(placed.points);
              const picked = insertAt?.label === target.label;
              return (
                <g
                  key={key}
                  className={`insert-point${overClass(key)}${picked ? ' picked' : ''}`}
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
                  {...dropOn(key)}
                >
                  <title>{`Add a state ${target.label}`}</title>
                  <circle r={11} />
                  <text y={4} textAnchor="middle">
                    +
                  </text>
                </g>
              );
            })}
            {handlesOf && handleJson && selection.size === 1 && gesture?.kind !== 'move' && (
              <ConnectHandles
                placed={handlesOf}
                state={handleJson}
                onPress={(slot, from, event) => gestures.pressHandle(handlesOf.node.id, slot, from, event)}
              />
            )}
            {moving && gesture?.kind === 'move' && (
              <rect
                className="move-ghost"
                x={gesture.at.x - moving.width / 2}
                y={gesture.at.y - moving.height / 2}
                width={moving.width}
                height={moving.height}
                rx={6}
              />
            )}
            {gesture?.kind === 'connect' && (
              <line
                className="connect-line"
                x1={gesture.from.x}
                y1={gesture.from.y}
                x2={gesture.at.x}
                y2={gesture.at.y}
              />
            )}
            {gesture?.kind === 'band' && (
              <rect
                className="rubber-band"
                data-testid="rubber-band"
                x={Math.min(gesture.from.x, gesture.at.x)}
                y={Math.min(gesture.from.y, gesture.at.y)}
                width={Math.abs(gesture.at.x - gesture.from.x)}
                height={Math.abs(gesture.at.y - gesture.from.y)}
              />
            )}
          </g>
        </svg>
      )}
      <ZoomTools zoom={zoom} fit={fit} />
      {layout && !empty && <Minimap layout={layout} view={view} size={size} centerOn={centerOn} />}
    </div>
  );
}
