// One history event opened in the events table: its plain fields as facts, and the JSON texts it
// carries (a task's parameters and output, a state's input, a cause) as JSON, not escaped strings.
import type { HistoryEvent } from '../api/shapes.ts';
import { JsonView } from './JsonView.tsx';
import './task-call.css';

/** Fields that hold JSON as text in AWS's history events. */
const JSON_TEXT = new Set(['input', 'output', 'parameters', 'cause']);

/** What a Task's payloads are, said beside AWS's field names. */
function label(field: string, type: string): string {
  if (!type.startsWith('Task')) return field;
  if (field === 'parameters') return 'parameters — the request sent';
  if (field === 'output' && type === 'TaskSubmitted')
    return "output — the service's answer; the task now waits";
  if (field === 'output') return "output — the service's response";
  return field;
}

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export function EventDetails({
  event,
  details,
}: {
  event: HistoryEvent;
  details: Record<string, unknown> | undefined;
}) {
  const facts: [string, string][] = [];
  const payloads: [string, string][] = [];
  for (const [field, value] of Object.entries(details ?? {})) {
    if (typeof value === 'string' && JSON_TEXT.has(field)) payloads.push([field, value]);
    else if (isScalar(value)) facts.push([field, String(value)]);
    else if (value && typeof value === 'object' && Object.values(value).every(isScalar)) {
      // `inputDetails: {truncated: false}` reads best as one fact per member.
      const members = Object.entries(value as Record<string, string | number | boolean>);
      if (field.endsWith('Details')) for (const [k, v] of members) facts.push([`${field}.${k}`, String(v)]);
      else payloads.push([field, JSON.stringify(value)]);
    } else if (value !== undefined) payloads.push([field, JSON.stringify(value)]);
  }
  if (facts.length === 0 && payloads.length === 0) return <p className="muted">No details</p>;
  return (
    <div className="event-fields" data-testid="event-details">
      {facts.length > 0 && (
        <dl className="facts compact">
          {facts.map(([field, value]) => (
            <div key={field}>
              <dt>{field}</dt>
              <dd className={field === 'resource' || field === 'resourceType' ? 'arn' : undefined}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {payloads.map(([field, text]) => (
        <div key={field} data-testid={`event-field-${field}`}>
          <h5>{label(field, event.type)}</h5>
          <JsonView text={text} />
        </div>
      ))}
    </div>
  );
}
