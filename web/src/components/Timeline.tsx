// The execution as a Gantt chart: one bar per state run, from entry to exit (or now), coloured by
// status; retries show as ticks where each attempt was scheduled.
import type { StateRun } from '../execution/state-runs.ts';
import { formatDuration } from '../format.ts';

export function Timeline({
  runs,
  start,
  end,
  onSelect,
}: {
  runs: readonly StateRun[];
  start: number;
  end: number;
  onSelect: (name: string) => void;
}) {
  const span = Math.max(end - start, 0.001);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-axis">
        <span className="timeline-name" />
        <div className="timeline-track">
          {ticks.map((t) => (
            <span key={t} className="tick" style={{ left: `${t * 100}%` }}>
              {formatDuration(span * t)}
            </span>
          ))}
        </div>
      </div>
      {runs.map((run, i) => {
        // Instant states still get a visible sliver, kept inside the track at the very end.
        const width = Math.min(100, Math.max((((run.exitedAt ?? end) - run.enteredAt) / span) * 100, 0.6));
        const left = Math.min(Math.max(((run.enteredAt - start) / span) * 100, 0), 100 - width);
        return (
          <div key={i} className="timeline-row clickable" onClick={() => onSelect(run.name)}>
            <span
              className="timeline-name"
              title={run.iteration ? `${run.name} (${run.iteration})` : run.name}
            >
              {run.name}
              {run.iteration && <span className="muted"> {run.iteration.split(' › ').pop()}</span>}
            </span>
            <div className="timeline-track">
              <span
                className={`bar st-${run.status}`}
                style={{ left: `${left}%`, width: `${width}%` }}
                title={`${run.name}: ${formatDuration((run.exitedAt ?? end) - run.enteredAt)}`}
              />
              {run.attempts.slice(1).map((attempt, j) => (
                <span
                  key={j}
                  className="retry-tick"
                  style={{ left: `${((attempt.scheduledAt - start) / span) * 100}%` }}
                  title="Retry"
                />
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
