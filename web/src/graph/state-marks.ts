import type { RunStatus } from '../execution/state-runs.ts';
import type { PlacedNode } from './layout.ts';
import type { NodeStatus } from './status-label.ts';

/** What a node box is drawn from: its place, the run statuses, the selection. */
export interface NodeProps {
  readonly placed: PlacedNode;
  readonly statuses: ReadonlyMap<string, RunStatus> | undefined;
  /** The selected state, or several (the studio's multi-select). */
  readonly selected: string | ReadonlySet<string> | undefined;
  readonly onSelect: ((stateName: string) => void) | undefined;
  readonly problems?: readonly string[] | undefined;
}

/** A state's status when the graph shows an execution: absent from `statuses` is not reached. */
function statusOf(
  placed: PlacedNode,
  statuses: ReadonlyMap<string, RunStatus> | undefined,
): NodeStatus | undefined {
  if (!statuses || !placed.node.stateName) return undefined;
  return statuses.get(placed.node.stateName) ?? 'not-reached';
}

/**
 * What a state's box and a group's box (Parallel, Map) both carry: its name, status and marks.
 * The data-* attributes let tests and tools read the graph.
 */
export function stateMarks(kind: 'state' | 'group', { placed, statuses, selected, onSelect }: NodeProps) {
  const { node, x, y } = placed;
  const status = statusOf(placed, statuses);
  const name = node.stateName ?? node.label;
  const isSelected = typeof selected === 'string' ? selected === name : (selected?.has(name) ?? false);
  return {
    name,
    status,
    attributes: {
      className: `${kind} st-${status ?? 'plain'}${isSelected ? ' selected' : ''}${onSelect ? ' clickable' : ''}`,
      'data-node': kind,
      'data-state-name': name,
      'data-state-type': node.stateType,
      'data-status': status,
      transform: `translate(${x},${y})`,
    },
  };
}
