// OTLP/HTTP trace and log collectors on loopback for the tests: a real exporter sends them JSON.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { type Listening, onLoopback } from '../support/loopback.ts';

/** A span as OTLP/HTTP JSON carries it (the fields the test reads). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  events?: {
    name: string;
    attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  }[];
  status?: { code?: number; message?: string };
}

/** An OTLP/HTTP receiver on loopback: each JSON body POSTed to `path` goes to `take`. */
async function receiver(path: string, take: (body: unknown) => void): Promise<Listening> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      assert.equal(req.url, path);
      assert.match(req.headers['content-type'] ?? '', /application\/json/);
      take(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return onLoopback(server);
}

/** An OTLP/HTTP collector on loopback: keeps the spans exported to POST /v1/traces (JSON). */
export async function collector(): Promise<Listening & { spans: OtlpSpan[]; resources: unknown[] }> {
  const spans: OtlpSpan[] = [];
  const resources: unknown[] = [];
  const listening = await receiver('/v1/traces', (body) => {
    const { resourceSpans } = body as {
      resourceSpans: { resource: unknown; scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    for (const r of resourceSpans) {
      resources.push(r.resource);
      for (const s of r.scopeSpans) spans.push(...s.spans);
    }
  });
  return { ...listening, spans, resources };
}

/** A log record as OTLP/HTTP JSON carries it (the fields the test reads). */
export interface OtlpLogRecord {
  body?: { stringValue?: string };
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
}

/** An OTLP/HTTP collector on loopback: keeps the log records exported to POST /v1/logs (JSON). */
export async function logCollector(): Promise<
  Listening & { records: OtlpLogRecord[]; resources: unknown[] }
> {
  const records: OtlpLogRecord[] = [];
  const resources: unknown[] = [];
  const listening = await receiver('/v1/logs', (body) => {
    const { resourceLogs } = body as {
      resourceLogs: { resource: unknown; scopeLogs: { logRecords: OtlpLogRecord[] }[] }[];
    };
    for (const r of resourceLogs) {
      resources.push(r.resource);
      for (const s of r.scopeLogs) records.push(...s.logRecords);
    }
  });
  return { ...listening, records, resources };
}
