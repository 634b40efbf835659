/**
 * EventBridge event patterns (AWS "Creating event patterns"): a pattern mirrors the event's
 * structure; each leaf is an array of what the value may be — a literal (string, number, null)
 * or a content filter ({prefix}, {suffix}, {anything-but}, {numeric}, {exists},
 * {equals-ignore-case}, {wildcard}). A field of the event that is an array matches when any of
 * its elements does. Fields the pattern does not name are not looked at.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) return false;
  return Object.entries(pattern).every(([key, sub]) => {
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(sub)) return matchesLeaf(sub, value);
    if (isObject(sub)) return isObject(value) && matchesPattern(sub, value);
    return false;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matchesLeaf(allowed: readonly unknown[], value: unknown): boolean {
  // `exists: false` is about the field as a whole, and matches when it is missing.
  for (const a of allowed) if (isObject(a) && 'exists' in a) return a['exists'] === (value !== undefined);
  if (value === undefined) return false;
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.some((v) => allowed.some((a) => matchesOne(a, v)));
}

function wildcard(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return re.test(text);
}

function numeric(conditions: readonly unknown[], v: unknown): boolean {
  if (typeof v !== 'number') return false;
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const [op, bound] = [conditions[i], conditions[i + 1] as number];
    const ok =
      op === '='
        ? v === bound
        : op === '<'
          ? v < bound
          : op === '<='
            ? v <= bound
            : op === '>'
              ? v > bound
              : op === '>='
                ? v >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function matchesOne(a: unknown, v: unknown): boolean {
  if (!isObject(a)) return a === v;
  if ('prefix' in a) {
    const p = a['prefix'];
    if (isObject(p))
      return (
        typeof v === 'string' && v.toLowerCase().startsWith(String(p['equals-ignore-case']).toLowerCase())
      );
    return typeof v === 'string' && v.startsWith(String(p));
  }
  if ('suffix' in a) {
    const s = a['suffix'];
    if (isObject(s))
      return typeof v === 'string' && v.toLowerCase().endsWith(String(s['equals-ignore-case']).toLowerCase());
    return typeof v === 'string' && v.endsWith(String(s));
  }
  if ('equals-ignore-case' in a)
    return typeof v === 'string' && v.toLowerCase() === String(a['equals-ignore-case']).toLowerCase();
  if ('wildcard' in a) return typeof v === 'string' && wildcard(String(a['wildcard']), v);
  if ('numeric' in a && Array.isArray(a['numeric'])) return numeric(a['numeric'] as unknown[], v);
  if ('anything-but' in a) {
    const but = a['anything-but'];
    if (Array.isArray(but)) return !but.includes(v);
    if (isObject(but)) return !matchesOne(but, v);
    return v !== but;
  }
  return false;
}
