import type { NodeProps } from './state-marks.ts';
import { stateMarks } from './state-marks.ts';

/** The box around a Parallel's or Map's states, or around one Parallel branch. */
export function GraphGroup(props: NodeProps) {
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
        // A click on a state inside the group selects that state, not the group.
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
