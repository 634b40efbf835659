// The Triggers page's data: one read of the server's `/triggers` overview (schedules with their
// next and last runs, rules, HTTP triggers, deliveries, dead letters), signed like every console
// call when the tab is signed in (DESIGN.md rule 6: web/ talks HTTP only).
import { ApiError } from '../api/client.ts';
import { markRefused, signingSession } from '../api/session.ts';
import { signedHeaders } from '../api/sigv4.ts';

export interface ScheduleRun {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: number;
}

export interface ScheduleView {
  readonly Name: string;
  readonly GroupName: string;
  readonly Arn: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly State: string;
  readonly TargetArn: string;
  readonly DeadLetterArn?: string;
  readonly nextRuns: readonly number[];
  readonly lastRuns: readonly ScheduleRun[];
}

export interface RuleView {
  readonly name: string;
  readonly eventBusName: string;
  readonly eventPattern: Readonly<Record<string, unknown>>;
  readonly stateMachine: string;
}

export interface HttpTriggerView {
  readonly name: string;
  readonly stateMachine: string;
  readonly path: string;
  readonly auth: readonly string[];
}

export interface DeliveryView {
  readonly webhook: string;
  readonly kind: 'webhook' | 'rule';
  readonly url?: string;
  readonly pending: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly lastError?: string;
  readonly lastAttemptAt?: number;
}

export interface DeadLetterView {
  readonly ScheduleArn: string;
  readonly TargetArn: string;
  readonly ScheduledTime: number;
  readonly ExecutionName: string;
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
  readonly RetryAttempts: number;
  readonly ExhaustedRetryCondition?: string;
  readonly QueueArn?: string;
  readonly Delivery: 'SENT' | 'NOT_SENT' | 'NO_QUEUE';
  readonly SendError?: string;
  readonly RecordedAt: number;
}

export interface TriggersOverview {
  readonly now: number;
  readonly schedules: readonly ScheduleView[];
  readonly rules: readonly RuleView[];
  readonly eventBuses: readonly string[];
  readonly httpTriggers: readonly HttpTriggerView[];
  readonly deliveries: readonly DeliveryView[];
  readonly deadLetters: readonly DeadLetterView[];
}

/** The server: `?endpoint=` when the console runs from the vite dev server, as for the API. */
function overviewUrl(): URL {
  const given = new URLSearchParams(window.location.search).get('endpoint');
  return new URL('/triggers', given ?? window.location.origin);
}

export async function loadTriggers(): Promise<TriggersOverview> {
  const url = overviewUrl();
  const body = '{}';
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const session = signingSession();
  const signed = session ? await signedHeaders(url, headers, body, session, session.region) : {};
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown> & {
    readonly Message?: string;
    readonly message?: string;
  };
  if (!response.ok) {
    const type = response.headers.get('x-amzn-errortype') ?? 'UnknownError';
    if (
      /^(MissingAuthenticationToken|UnrecognizedClient|InvalidSignature|IncompleteSignature)Exception$/.test(
        type,
      )
    )
      markRefused();
    throw new ApiError(type, json.Message ?? json.message ?? `HTTP ${response.status}`);
  }
  return json as unknown as TriggersOverview;
}
