import { isJsonObject, type Json } from '../../json.ts';
import { testFilter } from './evaluate-filter.ts';
import { normalizedPath, rootText, segmentText } from './normalized-path.ts';
import { applyPathFunction } from './path-functions.ts';
import { isDefiniteSegment, type ParsedPath, type PathRoot, type Segment } from './segments.ts';

/** A parsed path with what evaluation needs precomputed once. */
export interface PathPlan {
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  readonly definite: boolean;
  readonly normalized: string;
  /** upstreamDefinite[i]: every token before i is definite (Jayway's isUpstreamDefinite). */
  readonly upstreamDefinite: readonly boolean[];
}

/** The outcome of a selection: the matches, or Jayway's PathNotFoundException message. */
export interface Evaluation {
  readonly values: Json[];
  readonly failure: string | undefined;
}

/** Gives the value a root stands for (`$`, `$$`, `$name`); undefined for an unknown variable. */
export type ResolveRoot = (root: PathRoot) => Json | undefined;

const plans = new WeakMap<ParsedPath, PathPlan>();

export function planPath(parsed: ParsedPath): PathPlan {
  const cached = plans.get(parsed);
  if (cached !== undefined) return cached;
  const { root, segments } = parsed;
  const upstreamDefinite: boolean[] = [];
  let definite = true;
  segments.forEach((segment, i) => {
    upstreamDefinite.push(definite);
    definite &&= isDefiniteSegment(segment, i === segments.length - 1);
  });
  const plan = { root, segments, definite, upstreamDefinite, normalized: normalizedPath(root, segments) };
  plans.set(parsed, plan);
  return plan;
}

/** Path so far as a linked list: the text is only built when a message needs it. */
interface Trail {
  readonly parent: Trail | undefined;
  readonly text: string;
}

function trailText(trail: Trail): string {
  let text = '';
  for (let t: Trail | undefined = trail; t !== undefined; t = t.parent) text = t.text + text;
  return text;
}

interface Run {
  readonly plan: PathPlan;
  readonly resolveRoot: ResolveRoot;
  readonly out: Json[];
  failure: string | undefined;
}

/**
 * Evaluates a path the way Jayway JsonPath (default options, as AWS uses it) does: a missing
 * leaf yields no result, a missing or mistyped step on a definite stretch of the path fails.
 * `current` is the `@` item when the path is inside a filter.
 */
export function evaluatePath(plan: PathPlan, resolveRoot: ResolveRoot, current?: Json): Evaluation {
  const start = plan.root.kind === 'current' ? current : resolveRoot(plan.root);
  if (start === undefined) {
    // An undefined variable; the caller reports it in AWS's words.
    return { values: [], failure: `No results for path: ${plan.normalized}` };
  }
  const run: Run = { plan, resolveRoot, out: [], failure: undefined };
  visit(run, 0, start, { parent: undefined, text: rootText(plan.root) });
  if (run.failure === undefined && plan.definite && run.out.length === 0) {
    run.failure = `No results for path: ${plan.normalized}`;
  }
  return { values: run.out, failure: run.failure };
}

function visit(run: Run, i: number, value: Json, trail: Trail): void {
  const { segments, upstreamDefinite } = run.plan;
  const segment = segments[i];
  if (segment === undefined) {
    run.out.push(value);
    return;
  }
  const leaf = i === segments.length - 1;
  const strict = upstreamDefinite[i] === true;
  switch (segment.kind) {
    case 'property': {
      if (!isJsonObject(value)) {
        if (strict) run.failure = notAnObject(segment, trail, value);
        return;
      }
      if (segment.names.length > 1 && leaf) {
        // Jayway merges a leaf `['a','b']` into one object of the properties present.
        const merged: [string, Json][] = [];
        for (const name of segment.names) if (Object.hasOwn(value, name)) merged.push([name, value[name]!]);
        run.out.push(Object.fromEntries(merged));
        return;
      }
      const tokenDefinite = segment.names.length === 1;
      for (const name of segment.names) {
        const next: Trail = { parent: trail, text: `['${name}']` };
        if (!Object.hasOwn(value, name)) {
          if (!leaf && strict && tokenDefinite) {
            run.failure = `Missing property in path ${trailText(next)}`;
            return;
          }
          continue;
        }
        visit(run, i + 1, value[name]!, next);
        if (run.failure !== undefined) return;
      }
      return;
    }
    case 'index': {
      if (!Array.isArray(value)) {
        if (strict) run.failure = notAnArray(segment, trail, value);
        return;
      }
      for (const index of segment.indices) {
        const item = value[index < 0 ? value.length + index : index];
        if (item === undefined) continue;
        visit(run, i + 1, item, { parent: trail, text: `[${index}]` });
        if (run.failure !== undefined) return;
      }
      return;
    }
    case 'fromEnd': {
      if (!Array.isArray(value)) {
        if (strict) run.failure = notAnArray(segment, trail, value);
        return;
      }
      const index = value.length - segment.count;
      const item = index >= 0 ? value[index] : undefined;
      if (item !== undefined) visit(run, i + 1, item, { parent: trail, text: `[${index}]` });
      return;
    }
    case 'slice': {
      if (!Array.isArray(value)) {
        if (strict) run.failure = notAnArray(segment, trail, value);
        return;
      }
      const length = value.length;
      const from =
        segment.from === undefined ? 0 : segment.from < 0 ? Math.max(0, length + segment.from) : segment.from;
      const to =
        segment.to === undefined
          ? length
          : segment.to < 0
            ? length + segment.to
            : Math.min(segment.to, length);
      for (let k = from; k < to; k++) visit(run, i + 1, value[k]!, { parent: trail, text: `[${k}]` });
      return;
    }
    case 'wildcard': {
      if (Array.isArray(value)) {
        value.forEach((item, k) => visit(run, i + 1, item, { parent: trail, text: `[${k}]` }));
      } else if (isJsonObject(value)) {
        for (const [key, item] of Object.entries(value))
          visit(run, i + 1, item, { parent: trail, text: `['${key}']` });
      }
      return;
    }
    case 'filter': {
      const resolve = (path: ParsedPath, item: Json): Json | undefined => filterOperand(run, path, item);
      if (Array.isArray(value)) {
        value.forEach((item, k) => {
          if (testFilter(segment.predicate, item, resolve))
            visit(run, i + 1, item, { parent: trail, text: `[${k}]` });
        });
      } else if (isJsonObject(value)) {
        if (testFilter(segment.predicate, value, resolve)) visit(run, i + 1, value, trail);
      } else if (strict) {
        run.failure = `Filter: ${segmentText(segment)} can not be applied to primitives. Current context is: ${show(value)}`;
      }
      return;
    }
    case 'scan':
      scan(run, i + 1, value, trail);
      return;
    case 'function': {
      const result = applyPathFunction(segment.name, value);
      if (result === undefined) {
        if (strict) run.failure = `Function ${segment.name}() can not be applied to ${show(value)}`;
        return;
      }
      visit(run, i + 1, result, { parent: trail, text: segmentText(segment) });
      return;
    }
  }
}

/**
 * `..`: applies the next token to every container, pre-order from the current one (Jayway's
 * ScanPathToken walk). A property token only sees objects that have its properties.
 */
function scan(run: Run, next: number, value: Json, trail: Trail): void {
  const segment = run.plan.segments[next];
  if (segment === undefined) return;
  if (scanMatches(run, segment, value)) visit(run, next, value, trail);
  if (Array.isArray(value)) {
    value.forEach((item, k) => {
      if (typeof item === 'object' && item !== null) scan(run, next, item, { parent: trail, text: `[${k}]` });
    });
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'object' && item !== null)
        scan(run, next, item, { parent: trail, text: `['${key}']` });
    }
  }
}

function scanMatches(run: Run, segment: Segment, value: Json): boolean {
  switch (segment.kind) {
    case 'property':
      return isJsonObject(value) && (segment.names.length > 1 || Object.hasOwn(value, segment.names[0]!));
    case 'index':
    case 'fromEnd':
    case 'slice':
      return Array.isArray(value);
    case 'wildcard':
      return typeof value === 'object' && value !== null;
    case 'filter':
      return testFilter(segment.predicate, value, (path, item) => filterOperand(run, path, item));
    case 'scan':
    case 'function':
      return false;
  }
}

/** A path inside a filter: a definite one gives its value, an indefinite one the list of matches. */
function filterOperand(run: Run, path: ParsedPath, item: Json): Json | undefined {
  const plan = planPath(path);
  const { values, failure } = evaluatePath(plan, run.resolveRoot, item);
  if (failure !== undefined) return undefined;
  return plan.definite ? values[0] : values;
}

function notAnObject(segment: Segment, trail: Trail, value: Json): string {
  return (
    `Expected to find an object with property ${segmentText(segment)} in path ${trailText(trail)} ` +
    `but found '${javaClass(value)}'. This is not a json object according to the JsonProvider: ` +
    `'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.`
  );
}

function notAnArray(segment: Segment, trail: Trail, value: Json): string {
  if (value === null) return `The path ${trailText(trail)} is null`;
  return `Filter: ${segmentText(segment)} can only be applied to arrays. Current context is: ${show(value)}`;
}

/** The Java class Jayway's json-smart provider would hold for the value, as its message names it. */
function javaClass(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
    default:
      return Array.isArray(value) ? 'net.minidev.json.JSONArray' : 'net.minidev.json.JSONObject';
  }
}

function show(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
