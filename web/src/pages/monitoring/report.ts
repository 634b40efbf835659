// The Monitoring tab's data: POST /monitoring (the server's own read, not an AWS action), signed
// like the API calls when the tab is signed in.
import { signedHeaders } from '../../api/sigv4.ts';
import { signingSession } from '../../api/session.ts';

export type StateOutcome = 'succeeded' | 'recovered' | 'failed' | 'running' | 'stopped';

export interface StateCell {
  readonly outcome: StateOutcome;
  readonly durationMs: number;
  readonly visits: number;
  readonly error?: string;
}

export interface ExecutionSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  /** Epoch milliseconds. */
  readonly startDate: number;
  readonly stopDate?: number;
  readonly durationMs?: number;
  readonly error?: string;
  readonly billedTransitions: number;
  readonly estimatedCostUsd: number;
  readonly states: Readonly<Record<string, StateCell>>;
}

export interface DayTotal {
  readonly day: string;
  readonly executions: number;
  readonly billedTransitions: number;
  readonly billedDurationMs: number;
  readonly estimatedCostUsd: number;
}

export interface MonitoringReport {
  readonly stateMachineArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly prices: { readonly region: string; readonly perTransition: number };
  readonly executions: readonly ExecutionSummary[];
  readonly truncated: boolean;
  readonly days: readonly DayTotal[];
}

export async function loadReport(stateMachineArn: string): Promise<MonitoringReport> {
  const given = new URLSearchParams(window.location.search).get('endpoint');
  const url = new URL('monitoring', given ?? `${window.location.origin}/`);
  const body = JSON.stringify({ stateMachineArn });
  const headers = { 'Content-Type': 'application/json' };
  const session = signingSession();
  const signed = session ? await signedHeaders(url, headers, body, session, session.region) : {};
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body });
  const answer = (await response.json()) as MonitoringReport & { message?: string };
  if (!response.ok) throw new Error(answer.message ?? `HTTP ${response.status}`);
  return answer;
}
