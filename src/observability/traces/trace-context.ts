import { AsyncLocalStorage } from 'node:async_hooks';
import type { SpanContext } from '@opentelemetry/api';
import { isSpanContextValid, TraceFlags } from '@opentelemetry/api';

/** A trace context a request brought, until the execution it starts claims it. */
interface Incoming {
  readonly context: SpanContext;
  claimed: boolean;
}

const incoming = new AsyncLocalStorage<Incoming | undefined>();

/** W3C Trace Context `traceparent`: version 00, trace id, parent span id, flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** X-Ray's `Root=1-<8 hex epoch>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>` (any order, more keys allowed). */
const XRAY_ROOT = /(?:^|;)\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})\s*(?:;|$)/i;
const XRAY_PARENT = /(?:^|;)\s*Parent=([0-9a-f]{16})\s*(?:;|$)/i;
const XRAY_SAMPLED = /(?:^|;)\s*Sampled=([01])\s*(?:;|$)/i;

function valid(context: SpanContext): SpanContext | undefined {
  return isSpanContextValid(context) ? context : undefined;
}

/** The remote parent of a `traceparent` header, if well formed. */
function fromTraceparent(value: string): SpanContext | undefined {
  const m = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m) return undefined;
  return valid({
    traceId: m[1] ?? '',
    spanId: m[2] ?? '',
    traceFlags: parseInt(m[3] ?? '0', 16),
    isRemote: true,
  });
}

/**
 * The remote parent of an `X-Amzn-Trace-Id` (X-Ray) header: its root is the trace id (the epoch
 * and the random part side by side, as OpenTelemetry's X-Ray propagator maps it) and its Parent
 * the span. A header without Parent names no span to continue.
 */
export function fromXrayHeader(value: string): SpanContext | undefined {
  const root = XRAY_ROOT.exec(value);
  const parent = XRAY_PARENT.exec(value);
  if (!root || !parent) return undefined;
  const sampled = XRAY_SAMPLED.exec(value)?.[1] === '1';
  return valid({
    traceId: `${root[1]}${root[2]}`.toLowerCase(),
    spanId: (parent[1] ?? '').toLowerCase(),
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/** The X-Ray header naming the same trace and span as a span context. */
export function xrayHeader(context: SpanContext): string {
  const { traceId, spanId, traceFlags } = context;
  const sampled = (traceFlags & 1) === 1 ? 1 : 0; // TraceFlags.SAMPLED
  return `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${spanId};Sampled=${sampled}`;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** The trace context of request headers (lower-case names): W3C first, then X-Ray's. */
function traceContextOf(headers: Headers): SpanContext | undefined {
  const w3c = first(headers['traceparent']);
  const context = w3c === undefined ? undefined : fromTraceparent(w3c);
  if (context) return context;
  const xray = first(headers['x-amzn-trace-id']);
  return xray === undefined ? undefined : fromXrayHeader(xray);
}

/**
 * Runs `work` (a StartExecution request, a nested execution's start) with the trace context of
 * `headers`: the first execution started inside continues that trace. Without one, `work` runs
 * with none, so a context of an outer request already used is never taken again.
 */
export function withTraceContext<T>(headers: Headers, work: () => T): T {
  const context = traceContextOf(headers);
  return incoming.run(context ? { context, claimed: false } : undefined, work);
}

/** The trace context an execution starting now continues, once (see withTraceContext). */
export function claimTraceContext(): SpanContext | undefined {
  const found = incoming.getStore();
  if (!found || found.claimed) return undefined;
  found.claimed = true;
  return found.context;
}
