// The workflow drawn as SVG from the ELK layout, with pan (drag), zoom (wheel, buttons) and fit.
// Nodes carry data-* attributes (state name, type, status) so tests and tools can read the graph.
import type { KeyboardEvent } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RunStatus } from '../execution/state-runs.ts';
import { aslGraph } from './asl-graph.ts';
import type { Layout, PlacedEdge, PlacedNode } from './layout.ts';
import { layoutGraph } from './layout.ts';

export interface GraphViewProps {
  readonly definition: string;
  /** Status per state name; absent means "not reached" when `statuses` is given. */
  readonly statuses?: ReadonlyMap<string, RunStatus>;
  readonly selected?: string | undefined;
  readonly onSelect?: (stateName: string) => void;
  /** Validation messages per state name, shown as a badge on the node. */
  readonly diagnostics?: ReadonlyMap<string, readonly string[]>;
}

interface View {
  x: number;
  y: number;
  k: number;
}

/** Below this scale node names are too small to read. */
const MIN_READABLE = 0.45;

const STATUS_LABEL: Record<RunStatus | 'not-reached', string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  caught: 'Caught error',
  running: 'In progress',
  cancelled: 'Cancelled',
  'not-reached': 'Not reached',
};

function edgePath(points: PlacedEdge['points']): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

export function GraphView({ definition, statuses, selected, onSelect, diagnostics }: GraphViewProps) {
  const graph = useMemo(() => aslGraph(definition), [definition]);
  const [layout, setLayout] = useState<Layout>();
  const [layoutError, setLayoutError] = useState<string>();
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const frame = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; view: View } | undefined>(undefined);

  useEffect(() => {
    let live = true;
    layoutGraph(graph).then(
      (result) => {
        if (live) setLayout(result);
      },
      (error: unknown) => {
        if (live) setLayoutError(String(error));
      },
    );
    return () => {
      live = false;
    };
  }, [graph]);

  const fit = useCallback(() => {
    const box = frame.current?.getBoundingClientRect();
    if (!layout || !box || layout.width === 0) return;
    const k = Math.min(box.width / layout.width, box.height / layout.height, 1.2);
    setView({
      k,
      x: (box.width - layout.width * k) / 2,
      y: Math.max(0, (box.height - layout.height * k) / 2),
    });
  }, [layout]);

  // A big workflow (100+ states) would shrink to dots if fitted whole: it opens readable at the
  // Start node instead, and Fit shows all of it.
  useEffect(() => {
    const box = frame.current?.getBoundingClientRect();
    if (!layout || !box || layout.width === 0) return;
    const k = Math.min(box.width / layout.width, box.height / layout.height, 1.2);
    if (k >= MIN_READABLE) return fit();
    const readable = Math.min(0.8, box.width / layout.width);
    setView({ k: readable, x: Math.max(0, (box.width - layout.width * readable) / 2), y: 0 });
  }, [layout, fit]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    // A non-passive listener, so the page does not scroll while the graph zooms.
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const px = event.clientX - box.left;
      const py = event.clientY - box.top;
      setView((v) => {
        const k = Math.min(4, Math.max(0.1, v.k * Math.exp(-event.deltaY * 0.0015)));
        return { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const zoom = (factor: number): void => {
    const box = frame.current?.getBoundingClientRect();
    const cx = (box?.width ?? 0) / 2;
    const cy = (box?.height ?? 0) / 2;
    setView((v) => {
      const k = Math.min(4, Math.max(0.1, v.k * factor));
      return { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    });
  };

  if (layoutError)
    return <div className="graph-frame error-box">The graph could not be laid out: {layoutError}</div>;

  return (
    <div className="graph-wrap">
      <div
        className="graph-frame"
        ref={frame}
        data-testid="graph"
        onPointerDown={(event) => {
          if ((event.target as Element).closest('[data-node]')) return;
          drag.current = { x: event.clientX, y: event.clientY, view };
          (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          const start = drag.current;
          if (!start) return;
          setView({
            ...start.view,
            x: start.view.x + event.clientX - start.x,
            y: start.view.y + event.clientY - start.y,
          });
        }}
        onPointerUp={() => {
          drag.current = undefined;
        }}
      >
        {!layout && <p className="muted graph-loading">Laying out the graph…</p>}
        {layout && (
          <svg width="100%" height="100%" role="img" aria-label="Workflow graph">
            <defs>
              {['next', 'catch'].map((kind) => (
                <marker
                  key={kind}
                  id={`arrow-${kind}`}
                  viewBox="0 0 10 10"
                  refX="9"
                  refY="5"
                  markerWidth="7"
                  markerHeight="7"
                  orient="auto-start-reverse"
                >
                  <path d="M0,0 L10,5 L0,10 z" className={`arrow arrow-${kind}`} />
                </marker>
              ))}
            </defs>
            <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
              {layout.nodes
                .filter((p) => p.node.kind === 'group' || p.node.kind === 'branch')
                .map((placed) => (
                  <GroupBox
                    key={placed.node.id}
                    placed={placed}
                    statuses={statuses}
                    selected={selected}
                    onSelect={onSelect}
                  />
                ))}
              {layout.edges.map((placed) => (
                <EdgeLine key={placed.edge.id} placed={placed} />
              ))}
              {layout.nodes
                .filter((p) => p.node.kind !== 'group' && p.node.kind !== 'branch')
                .map((placed) => (
                  <NodeBox
                    key={placed.node.id}
                    placed={placed}
                    statuses={statuses}
                    selected={selected}
                    onSelect={onSelect}
                    problems={placed.node.stateName ? diagnostics?.get(placed.node.stateName) : undefined}
                  />
                ))}
            </g>
          </svg>
        )}
        <div className="graph-tools">
          <button type="button" title="Zoom in" aria-label="Zoom in" onClick={() => zoom(1.25)}>
            +
          </button>
          <button type="button" title="Zoom out" aria-label="Zoom out" onClick={() => zoom(0.8)}>
            −
          </button>
          <button type="button" title="Fit to view" onClick={fit}>
            Fit
          </button>
        </div>
      </div>
      {statuses && (
        <ul className="legend" aria-label="Legend">
          {(Object.keys(STATUS_LABEL) as (RunStatus | 'not-reached')[]).map((status) => (
            <li key={status}>
              <span className={`swatch st-${status}`} />
              {STATUS_LABEL[status]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function statusOf(
  placed: PlacedNode,
  statuses: ReadonlyMap<string, RunStatus> | undefined,
): string | undefined {
  if (!statuses || !placed.node.stateName) return undefined;
  return statuses.get(placed.node.stateName) ?? 'not-reached';
}

interface NodeProps {
  readonly placed: PlacedNode;
  readonly statuses: ReadonlyMap<string, RunStatus> | undefined;
  readonly selected: string | undefined;
  readonly onSelect: ((stateName: string) => void) | undefined;
  readonly problems?: readonly string[] | undefined;
}

/** What a state's box and a group's box (Parallel, Map) both carry: its name, status and marks. */
function stateMarks(kind: 'state' | 'group', { placed, statuses, selected, onSelect }: NodeProps) {
  const { node, x, y } = placed;
  const status = statusOf(placed, statuses);
  const name = node.stateName ?? node.label;
  return {
    name,
    status,
    attributes: {
      className: `${kind} st-${status ?? 'plain'}${selected === name ? ' selected' : ''}${onSelect ? ' clickable' : ''}`,
      'data-node': kind,
      'data-state-name': name,
      'data-state-type': node.stateType,
      'data-status': status,
      transform: `translate(${x},${y})`,
    },
  };
}

function NodeBox(props: NodeProps) {
  const { placed, onSelect, problems } = props;
  const { node, x, y, width, height } = placed;
  if (node.kind === 'start' || node.kind === 'end') {
    return (
      <g className="terminal" data-node={node.kind} transform={`translate(${x},${y})`}>
        <rect width={width} height={height} rx={height / 2} />
        <text x={width / 2} y={height / 2 + 4} textAnchor="middle">
          {node.label}
        </text>
      </g>
    );
  }
  const { name, status, attributes } = stateMarks('state', props);
  return (
    <g
      {...attributes}
      onClick={() => onSelect?.(name)}
      {...(onSelect
        ? {
            role: 'button',
            tabIndex: 0,
            'aria-label': `${name} (${node.stateType ?? ''})${status ? `: ${STATUS_LABEL[status as RunStatus] ?? status}` : ''}`,
            onKeyDown: (event: KeyboardEvent<SVGGElement>) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                onSelect(name);
              }
            },
          }
        : {})}
    >
      <title>{`${name} (${node.stateType ?? ''})${problems ? `\n${problems.join('\n')}` : ''}`}</title>
      <rect width={width} height={height} rx={6} />
      <text className="state-name" x={width / 2} y={21} textAnchor="middle">
        {node.label}
      </text>
      <text className="state-type" x={width / 2} y={38} textAnchor="middle">
        {node.stateType}
      </text>
      {problems && problems.length > 0 && (
        <g className="problem" transform={`translate(${width - 10},-6)`} data-testid="diagnostic-badge">
          <circle r={9} />
          <text y={4} textAnchor="middle">
            !
          </text>
        </g>
      )}
    </g>
  );
}

function GroupBox(props: NodeProps) {
  const { placed, onSelect } = props;
  const { node, x, y, width, height } = placed;
  if (node.kind === 'branch') {
    return (
      <g className="branch" transform={`translate(${x},${y})`}>
        <rect width={width} height={height} rx={6} />
        <text x={10} y={18}>
          {node.label}
        </text>
      </g>
    );
  }
  const { name, attributes } = stateMarks('group', props);
  return (
    <g
      {...attributes}
      onClick={(event) => {
        if ((event.target as Element).closest('[data-node="state"]')) return;
        onSelect?.(name);
      }}
    >
      <rect width={width} height={height} rx={8} />
      <text className="state-name" x={12} y={20}>
        {node.label}
      </text>
      <text className="state-type" x={12} y={33}>
        {node.stateType === 'Map' ? 'Map · item processor' : node.stateType}
      </text>
    </g>
  );
}

function EdgeLine({ placed }: { placed: PlacedEdge }) {
  const marker = placed.kind === 'catch' ? 'catch' : 'next';
  return (
    <g
      className={`edge edge-${placed.kind}`}
      data-edge={placed.kind}
      data-source={placed.edge.source}
      data-target={placed.edge.target}
    >
      <path d={edgePath(placed.points)} markerEnd={`url(#arrow-${marker})`} />
      {placed.label && (
        <g transform={`translate(${placed.label.x},${placed.label.y})`} className="edge-label">
          <rect width={placed.label.width} height={placed.label.height} rx={3} />
          <text x={placed.label.width / 2} y={placed.label.height / 2 + 4} textAnchor="middle">
            {placed.label.text}
          </text>
        </g>
      )}
    </g>
  );
}
