import { invalidArguments } from './arguments.ts';
import { parseFormatTemplate, type TemplatePart } from './format-template.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';
import { javaText } from './java-text.ts';

/**
 * States.Format(template, ...values). A literal template keeps its escapes (`\{` is a brace,
 * not a placeholder); a template read from a path is parsed the same way.
 */
export const statesFormat: IntrinsicFunction = (args, env) => {
  const name = 'States.Format';
  const first = args[0];
  if (typeof first !== 'string') return invalidArguments(name);
  const parsed = parsedTemplate(env.rawStrings[0] ?? first);
  if (typeof parsed === 'string') return invalidArguments(name, parsed);
  if (parsed.placeholders !== args.length - 1) {
    invalidArguments(name, 'number of arguments do not match the occurrences of {}.');
  }
  let text = '';
  for (const part of parsed.parts) {
    text += typeof part === 'string' ? part : javaText(args[part.placeholder + 1] ?? null);
  }
  return text;
};

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
    const parts = parseFormatTemplate(template);
    parsed =
      typeof parts === 'string'
        ? parts
        : { parts, placeholders: parts.filter((part) => typeof part !== 'string').length };
    if (parsedTemplates.size >= MAX_PARSED) parsedTemplates.clear();
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}
