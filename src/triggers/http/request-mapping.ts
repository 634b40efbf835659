import { valueAt } from '../rules/input-transformer.ts';

/**
 * An HTTP trigger's request mapping, in the words of API Gateway's request parameter mapping:
 * each entry puts one value of the request into the execution input, at a dotted path. Sources:
 * `method.request.path.NAME`, `method.request.querystring.NAME`,
 * `method.request.multivaluequerystring.NAME`, `method.request.header.NAME`,
 * `method.request.multivalueheader.NAME`, `method.request.body` or `method.request.body.PATH`,
 * `context.requestId`, `context.httpMethod`, `context.resourcePath`, `context.requestTimeEpoch`,
 * `context.identity.sourceIp`, `context.identity.accessKey`, and a static `'text'`.
 */
export type RequestMapping = Readonly<Record<string, string>>;

/** The request as a mapping reads it. */
export interface MappedRequest {
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Header names in lower case, as Node gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: unknown;
  readonly context: Readonly<Record<string, unknown>>;
}

const SOURCE =
  /^(?:method\.request\.(?:path|querystring|multivaluequerystring|header|multivalueheader)\.[^.\s]+|method\.request\.body(?:\.[^\s]+)?|context\.(?:requestId|httpMethod|resourcePath|requestTimeEpoch|identity\.sourceIp|identity\.accessKey)|'[^']*')$/;

/** What is wrong with a mapping (each entry named), empty when it is valid. */
export function mappingProblems(mapping: RequestMapping): string[] {
  const problems: string[] = [];
  for (const [target, source] of Object.entries(mapping)) {
    if (!/^[^.\s]+(\.[^.\s]+)*$/.test(target))
      problems.push(`'${target}' is not a dotted path into the input`);
    if (!SOURCE.test(source))
      problems.push(
        `'${source}' (for '${target}') is not a mapping source: use method.request.{path,querystring,header,body}…, context.… or a 'static' value`,
      );
  }
  return problems;
}

function headerValues(req: MappedRequest, name: string): string[] {
  const v = req.headers[name.toLowerCase()];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

/** The value a source names in the request, undefined when the request has none. */
function valueOf(req: MappedRequest, source: string): unknown {
  if (source.startsWith("'")) return source.slice(1, -1);
  if (source === 'method.request.body') return req.body;
  if (source.startsWith('method.request.body.')) {
    const path = source.slice('method.request.body.'.length);
    return valueAt(req.body, path.startsWith('$') ? path : `$.${path}`);
  }
  if (source.startsWith('context.')) return valueAt(req.context, `$.${source.slice('context.'.length)}`);
  const [, , kind = '', ...rest] = source.split('.');
  const name = rest.join('.');
  switch (kind) {
    case 'path':
      return req.pathParameters[name];
    case 'querystring':
      return req.query.getAll(name).at(-1) ?? undefined;
    case 'multivaluequerystring': {
      const all = req.query.getAll(name);
      return all.length > 0 ? all : undefined;
    }
    case 'header':
      return headerValues(req, name).at(-1);
    case 'multivalueheader': {
      const all = headerValues(req, name).flatMap((v) => v.split(',').map((s) => s.trim()));
      return all.length > 0 ? all : undefined;
    }
    default:
      return undefined;
  }
}

/** The execution input a mapping makes of a request; a value the request lacks is left out. */
export function mapRequest(mapping: RequestMapping, req: MappedRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [target, source] of Object.entries(mapping)) {
    const value = valueOf(req, source);
    if (value === undefined) continue;
    const keys = target.split('.');
    let at = input;
    for (const key of keys.slice(0, -1)) {
      const next = at[key];
      at = (at[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
    }
    at[keys.at(-1)!] = value;
  }
  return input;
}
