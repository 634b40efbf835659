// A Map Run's progress as the console draws it: one bar segment per item state, sized by its
// share of the items (DescribeMapRun's itemCounts), finished states first.
import type { MapRunCounts, MapRunDescription } from '../api/shapes.ts';

export type ProgressKey = 'succeeded' | 'failed' | 'timedOut' | 'aborted' | 'running' | 'pending';

export interface ProgressSegment {
  readonly key: ProgressKey;
  readonly label: string;
  readonly count: number;
  /** Share of all items, 0–100. */
  readonly percent: number;
}

/** Every item state in the order the bar and the counts show them. */
export const PROGRESS_ORDER: readonly (readonly [ProgressKey, string])[] = [
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['timedOut', 'Timed out'],
  ['aborted', 'Aborted'],
  ['running', 'Running'],
  ['pending', 'Pending'],
];

/** The bar's segments: the non-empty item states. */
export function progressSegments(counts: MapRunCounts): ProgressSegment[] {
  const total = counts.total;
  return PROGRESS_ORDER.filter(([key]) => counts[key] > 0).map(([key, label]) => ({
    key,
    label,
    count: counts[key],
    percent: total > 0 ? (counts[key] / total) * 100 : 0,
  }));
}

/** Items that ended, whatever their end. */
export function finishedItems(counts: MapRunCounts): number {
  return counts.succeeded + counts.failed + counts.timedOut + counts.aborted;
}

/**
 * The run's failure tolerance in words: AWS fails a Map Run when failed items exceed either
 * threshold; both 0 (the default) tolerate none (AWS guide, "Setting failure thresholds").
 */
export function toleranceText(
  run: Pick<MapRunDescription, 'toleratedFailureCount' | 'toleratedFailurePercentage'>,
): string {
  const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = run;
  if (count === 0 && percentage === 0) return 'None: any failed item fails the Map Run';
  const parts = [];
  if (count > 0) parts.push(`${count} item${count === 1 ? '' : 's'}`);
  if (percentage > 0) parts.push(`${percentage}% of items`);
  return `Up to ${parts.join(' or ')}`;
}
