/** EventBridge's input transformer: values picked from the event, placed into a template. */
export interface InputTransformer {
  /** Variable -> JSON path into the event (`$.detail.name`). */
  readonly InputPathsMap?: Readonly<Record<string, string>>;
  /** Text with `<variable>` placeholders; `<aws.events.event.json>` is the whole event. */
  readonly InputTemplate: string;
}

/** `$`, `$.a.b`, `$.a[0]`: the value at a simple JSON path, or undefined. */
export function valueAt(event: unknown, path: string): unknown {
  if (path === '$') return event;
  const steps = path.replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let v: unknown = event;
  for (const step of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/**
 * The template with its placeholders filled: inside a JSON string (`"Hello <name>"`) a value
 * goes in as text; elsewhere as JSON (a string keeps its quotes), as EventBridge does.
 */
export function transformInput(transformer: InputTransformer, event: unknown, ruleName: string): string {
  const vars = new Map<string, unknown>(
    Object.entries(transformer.InputPathsMap ?? {}).map(([name, path]) => [name, valueAt(event, path)]),
  );
  vars.set('aws.events.event', event);
  vars.set('aws.events.event.json', event);
  vars.set('aws.events.rule-name', ruleName);
  const template = transformer.InputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i] ?? '';
    if (c === '"' && template[i - 1] !== '\\') inString = !inString;
    if (c === '<') {
      const end = template.indexOf('>', i);
      const name = end > i ? template.slice(i + 1, end) : '';
      if (vars.has(name)) {
        const v = vars.get(name);
        out += inString
          ? typeof v === 'string'
            ? JSON.stringify(v).slice(1, -1)
            : JSON.stringify(JSON.stringify(v ?? null)).slice(1, -1)
          : JSON.stringify(v ?? null);
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}
