import type { ExecutionStatus } from '../api/shapes.ts';

const LABELS: Record<string, string> = {
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMED_OUT: 'Timed out',
  ABORTED: 'Aborted',
  PENDING_REDRIVE: 'Pending redrive',
};

export function StatusBadge({ status }: { status: ExecutionStatus | undefined }) {
  if (status === undefined) return <span className="muted">—</span>;
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      <span className="dot" aria-hidden="true" />
      {LABELS[status] ?? status}
    </span>
  );
}
