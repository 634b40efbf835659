import { Fragment, useState } from 'react';
import type { HistoryEvent } from '../api/shapes.ts';
import { formatDate } from '../format.ts';
import { EventDetails } from './EventDetails.tsx';

function detailsOf(event: HistoryEvent): Record<string, unknown> | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      return value as Record<string, unknown>;
    }
  }
  return undefined;
}

const FAILURE = /(Failed|TimedOut|Aborted)$/;

/** The event history as GetExecutionHistory returns it, one row per event; a row opens its details. */
/** Rows drawn at first: a history can hold 25,000 events. */
const PAGE = 500;

export function EventsTable({
  events,
  copiedThrough,
}: {
  events: readonly HistoryEvent[];
  /** A fork's last event copied from its source (Stepwise extension): those rows are marked. */
  copiedThrough?: number | undefined;
}) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [shown, setShown] = useState(PAGE);
  const start = events[0]?.timestamp ?? 0;
  const toggle = (id: number): void =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="table-scroll">
      <table className="table events" data-testid="events">
        <thead>
          <tr>
            <th>ID</th>
            <th>Type</th>
            <th>Step</th>
            <th className="wide-only">Resource</th>
            <th>Started after</th>
            <th className="wide-only">Timestamp</th>
          </tr>
        </thead>
        <tbody>
          {events.slice(0, shown).map((event) => {
            const details = detailsOf(event);
            const step = typeof details?.name === 'string' ? details.name : '';
            const resource =
              typeof details?.resource === 'string'
                ? `${typeof details.resourceType === 'string' ? `${details.resourceType}:` : ''}${details.resource}`
                : '';
            return (
              <Fragment key={event.id}>
                <tr
                  className={`clickable${FAILURE.test(event.type) ? ' row-failed' : ''}`}
                  onClick={() => toggle(event.id)}
                  data-type={event.type}
                >
                  <td>{event.id}</td>
                  <td>
                    <span className="caret">{open.has(event.id) ? '▾' : '▸'}</span> {event.type}
                    {copiedThrough !== undefined && event.id <= copiedThrough && (
                      <span
                        className="chip copied"
                        title="Copied from the execution this one was forked from"
                      >
                        copied
                      </span>
                    )}
                  </td>
                  <td>{step}</td>
                  <td className="arn wide-only">{resource}</td>
                  <td>{Math.round((event.timestamp - start) * 1000)} ms</td>
                  <td className="wide-only">{formatDate(event.timestamp)}</td>
                </tr>
                {open.has(event.id) && (
                  <tr className="event-details">
                    <td colSpan={6}>
                      <EventDetails event={event} details={details} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {events.length > shown && (
        <button type="button" className="btn more" onClick={() => setShown((n) => n + PAGE * 4)}>
          Show more events ({events.length - shown} not shown)
        </button>
      )}
    </div>
  );
}
