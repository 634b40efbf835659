/**
 * A resource path with parameters, as API Gateway writes them (`/orders/{orderId}`, and a greedy
 * last `{proxy+}`); `match` gives the parameters of a path, decoded, or undefined.
 */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/').filter((s) => s !== '');
  const got = path.split('/').filter((s) => s !== '');
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const greedy = /^\{(\w+)\+\}$/.exec(segment);
    if (greedy && i === want.length - 1) {
      if (got.length <= i) return undefined;
      params[greedy[1]!] = got.slice(i).map(decode).join('/');
      return params;
    }
    const value = got[i];
    if (value === undefined) return undefined;
    const param = /^\{(\w+)\}$/.exec(segment);
    if (param) params[param[1]!] = decode(value);
    else if (segment !== decode(value)) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Why a template is not valid, or undefined. */
export function pathTemplateProblem(template: string): string | undefined {
  const segments = template.split('/').filter((s) => s !== '');
  for (const [i, segment] of segments.entries()) {
    if (/^\{\w+\+\}$/.test(segment) && i !== segments.length - 1)
      return `a greedy parameter (${segment}) must be the last segment`;
    if (/[{}]/.test(segment) && !/^\{\w+\+?\}$/.test(segment))
      return `the segment '${segment}' must be a whole {parameter} or plain text`;
  }
  return undefined;
}
