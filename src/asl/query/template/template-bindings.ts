import { isJsonObject, type Json } from '../../json.ts';
import { intrinsicSyntaxError, isIntrinsicCall } from '../intrinsics/index.ts';
import { pathSyntaxError } from '../jsonpath/index.ts';

/** A `"key.$": value` entry of a template, located by a JSON Pointer relative to the template. */
export interface TemplateBinding {
  /** JSON Pointer (RFC 6901) of the `.$` key, e.g. "/parts/first.$". */
  readonly pointer: string;
  readonly key: string;
  /** The bound value; a string unless the template is invalid. */
  readonly value: Json;
}

/** A problem of a template, for a validation diagnostic at `pointer` (relative to the template). */
export interface TemplateProblem {
  readonly pointer: string;
  readonly message: string;
}

/** Every `.$` entry of a template, at any depth, arrays included, in document order. */
export function templateBindings(template: Json): TemplateBinding[] {
  const out: TemplateBinding[] = [];
  collect(template, '', out);
  return out;
}

function collect(node: Json, pointer: string, out: TemplateBinding[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => collect(item, `${pointer}/${i}`, out));
  } else if (isJsonObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${escapePointer(key)}`;
      if (key.endsWith('.$')) out.push({ pointer: here, key, value });
      else collect(value, here, out);
    }
  }
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The syntax problems of a template's `.$` entries: a value that is not a string, not a path
 * (`$`, `$$`, `$name`) and not a well-formed intrinsic call.
 */
export function templateProblems(template: Json): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const { pointer, key, value } of templateBindings(template)) {
    const message = bindingProblem(key, value);
    if (message !== undefined) problems.push({ pointer, message });
  }
  return problems;
}

function bindingProblem(key: string, value: Json): string | undefined {
  if (typeof value !== 'string') {
    return `The value for the field '${key}' must be a STRING that contains a JSONPath or an intrinsic function call`;
  }
  if (isIntrinsicCall(value)) return intrinsicSyntaxError(value);
  const error = pathSyntaxError(value);
  return error === undefined
    ? undefined
    : `The value for the field '${key}' must be a valid JSONPath: ${error}`;
}
