import type { KeyboardEvent } from 'react';
import type { NodeProps } from './state-marks.ts';
import { stateMarks } from './state-marks.ts';
import { STATUS_LABEL } from './status-label.ts';

/** A state's box (or the Start/End terminal): selectable by click or keyboard, with its problems. */
export function GraphNode(props: NodeProps) {
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
            'aria-label': `${name} (${node.stateType ?? ''})${status ? `: ${STATUS_LABEL[status]}` : ''}`,
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
