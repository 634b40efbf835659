import type { NodeStatus } from './status-label.ts';
import { STATUS_LABEL } from './status-label.ts';

/** The colour of each run status, under a graph that shows an execution. */
export function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      {(Object.keys(STATUS_LABEL) as NodeStatus[]).map((status) => (
        <li key={status}>
          <span className={`swatch st-${status}`} />
          {STATUS_LABEL[status]}
        </li>
      ))}
    </ul>
  );
}
