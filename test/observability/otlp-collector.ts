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

/** An OTLP/HTTP collector on loopback: keeps the spans exported to POST /v1/traces (JSON). */
export async function collector(): Promise<Listening & { spans: OtlpSpan[]; resources: unknown[] }> {
  const spans: OtlpSpan[] = [];
  const resources: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      assert.equal(req.url, '/v1/traces');
      assert.match(req.headers['content-type'] ?? '', /application\/json/);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: unknown; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const r of body.resourceSpans) {
        resources.push(r.resource);
        for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { ...(await onLoopback(server)), spans, resources };
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
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      assert.equal(req.url, '/v1/logs');
      assert.match(req.headers['content-type'] ?? '', /application\/json/);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceLogs: { resource: unknown; scopeLogs: { logRecords: OtlpLogRecord[] }[] }[];
      };
      for (const r of body.resourceLogs) {
        resources.push(r.resource);
        for (const s of r.scopeLogs) records.push(...s.logRecords);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { ...(await onLoopback(server)), records, resources };
}
