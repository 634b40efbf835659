// The selected state's connect handles, beside its box: one per transition it holds (Next, each
// Choice rule, Default, each Catch, and "+ Catch" for a new one). Dragging one to a state points
// that transition there.
import type { PointerEvent } from 'react';
import type { PlacedNode } from '../graph/layout.ts';
import type { JsonObject } from './json-edit.ts';
import type { Point } from './use-canvas-gestures.ts';
import type { Slot } from './transitions.ts';
import { slotLabel, slotsOf } from './transitions.ts';

const ROW = 17;

export function ConnectHandles({
  placed,
  state,
  onPress,
}: {
  placed: PlacedNode;
  state: JsonObject;
  onPress: (slot: Slot, from: Point, event: PointerEvent) => void;
}) {
  const name = placed.node.stateName ?? placed.node.label;
  const x = placed.x + placed.width + 8;
  return (
    <g className="connect-handles" data-handles-of={name}>
      {slotsOf(state).map((slot, index) => {
        const label = slotLabel(state, slot);
        const y = placed.y + 8 + index * ROW;
        return (
          <g
            key={label}
            className={`connect-handle handle-${slot.kind}`}
            data-handle={label}
            transform={`translate(${x},${y})`}
            role="button"
            aria-label={`Connect ${label} of ${name}: drag to a state`}
            onPointerDown={(event) => onPress(slot, { x: x + 6, y }, event)}
          >
            <title>{`Drag to a state: ${label} of ${name} goes there`}</title>
            <rect x={-2} y={-8} width={label.length * 6.5 + 22} height={16} rx={8} />
            <circle cx={6} r={4.5} />
            <text x={15} y={4}>
              {label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
