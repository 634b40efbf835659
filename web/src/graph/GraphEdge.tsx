import type { PlacedEdge } from './layout.ts';

function edgePath(points: PlacedEdge['points']): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

/** The arrowheads the edges end with: one for transitions, one for Catch. */
export function ArrowMarkers() {
  return (
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
  );
}

/** A transition (Next, Choice rule, Default, Catch) with its label, if any. */
export function GraphEdge({ placed }: { placed: PlacedEdge }) {
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
