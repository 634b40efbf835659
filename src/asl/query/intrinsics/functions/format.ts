import type { Json } from '../../../json.ts';
import { invalidArguments } from './arguments.ts';
import { parseFormatTemplate, type TemplatePart } from './format-template.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { javaText } from './java-text.ts';

const NAME = 'States.Format';

/**
 * States.Format(template, ...values). A literal template keeps its escapes (`\{` is a brace,
 * not a placeholder); a template read from a path is parsed the same way.
 */
export const statesFormat: IntrinsicFunction = (args, env) => {
  const first = args[0];
  if (typeof first !== 'string') return invalidArguments(NAME);
  return formatWith(parsedTemplate(env.rawStrings[0] ?? first), args);
};

/**
 * States.Format for a call whose template is the literal `raw` (its escaped text): parsed once,
 * when the call is compiled, not looked up at every call.
 */
export function literalFormat(raw: string): IntrinsicFunction {
  const parsed = parseTemplate(raw);
  return (args) => formatWith(parsed, args);
}

function formatWith(parsed: Parsed | string, args: readonly Json[]): string {
  if (typeof parsed === 'string') return invalidArguments(NAME, parsed);
  if (parsed.placeholders !== args.length - 1) {
    invalidArguments(NAME, 'number of arguments do not match the occurrences of {}.');
  }
  let text = '';
  for (const part of parsed.parts) {
    text += typeof part === 'string' ? part : javaText(args[part.placeholder + 1] ?? null);
  }
  return text;
}

interface Parsed {
  readonly parts: readonly TemplatePart[];
  readonly placeholders: number;
}

/**
 * Templates parsed so far: a template is mostly a literal, formatted at every visit of its state.
 * Bounded (cleared when full) for templates read from the input, which may all differ.
 */
const parsedTemplates = new Map<string, Parsed | string>();
const MAX_PARSED = 1000;

function parsedTemplate(template: string): Parsed | string {
  let parsed = parsedTemplates.get(template);
  if (parsed === undefined) {
    parsed = parseTemplate(template);
    if (parsedTemplates.size >= MAX_PARSED) parsedTemplates.clear();
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}

function parseTemplate(template: string): Parsed | string {
  const parts = parseFormatTemplate(template);
  return typeof parts === 'string'
    ? parts
    : { parts, placeholders: parts.filter((part) => typeof part !== 'string').length };
}
