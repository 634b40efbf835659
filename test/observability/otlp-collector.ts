// An OTLP/HTTP trace collector on loopback for the tests: a real exporter sends it JSON.
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
