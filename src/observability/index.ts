// Metrics, execution logs and traces (DESIGN.md): fed by the engine's observers
// (Engine.observe), seeing the engine through its public face only. server/ wires them in.
export type { Scrape } from './metrics/metrics.ts';
export { Metrics } from './metrics/metrics.ts';
export type { ExecutionLogsOptions, LogDestination } from './logs/execution-logs.ts';
export { ExecutionLogs } from './logs/execution-logs.ts';
export type { ExecutionLogRecord } from './logs/log-record.ts';
export type { TracingOptions } from './traces/tracing.ts';
export { Tracing } from './traces/tracing.ts';
