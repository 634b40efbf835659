// Metrics, execution logs and traces (DESIGN.md): fed by the engine's observers
// (Engine.observe), seeing the engine through its public face only. server/ wires them in.
export { Metrics } from './metrics/metrics.ts';
export { ExecutionLogs } from './logs/execution-logs.ts';
export type { Tracing } from './traces/tracing.ts';
export { openTracing } from './traces/open-tracing.ts';
export { withTraceContext } from './traces/trace-context.ts';
export { ExpressBilling } from './cost/express-billing.ts';
export { MonitoringReports } from './cost/monitoring-report.ts';
