// The whole drawing in small, with the part the frame shows outlined: a click or a drag on it
// pans the canvas there (AWS Workflow Studio has the same overview).
import type { PointerEvent } from 'react';
import { useRef } from 'react';
import type { Layout } from './layout.ts';
import type { View } from './use-view.ts';

const WIDTH = 168;
const HEIGHT = 120;

export interface MinimapProps {
  readonly layout: Layout;
  readonly view: View;
  readonly size: { readonly width: number; readonly height: number };
  readonly centerOn: (x: number, y: number) => void;
}

export function Minimap({ layout, view, size, centerOn }: MinimapProps) {
  const dragging = useRef(false);
  if (layout.width === 0 || layout.height === 0) return null;
  const scale = Math.min(WIDTH / layout.width, HEIGHT / layout.height);
  const width = layout.width * scale;
  const height = layout.height * scale;
  const seen = {
    x: (-view.x / view.k) * scale,
    y: (-view.y / view.k) * scale,
    width: (size.width / view.k) * scale,
    height: (size.height / view.k) * scale,
  };
  const panTo = (event: PointerEvent<SVGSVGElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    centerOn((event.clientX - box.left) / scale, (event.clientY - box.top) / scale);
  };
  return (
    <svg
      className="minimap"
      data-testid="minimap"
      width={width}
      height={height}
      role="img"
      aria-label="Minimap: click to pan the canvas there"
      onPointerDown={(event) => {
        event.stopPropagation();
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        panTo(event);
      }}
      onPointerMove={(event) => {
        if (dragging.current) panTo(event);
      }}
      onPointerUp={() => {
        dragging.current = false;
      }}
    >
      {layout.nodes.map(({ node, x, y, width: w, height: h }) => (
        <rect
          key={node.id}
          className={`minimap-${node.kind}`}
          x={x * scale}
          y={y * scale}
          width={Math.max(w * scale, 1)}
          height={Math.max(h * scale, 1)}
        />
      ))}
      <rect className="minimap-view" data-testid="minimap-view" {...seen} />
    </svg>
  );
}
