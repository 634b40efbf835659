import { invalidArguments } from './arguments.ts';
import { parseFormatTemplate } from './format-template.ts';
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
  const parts = parseFormatTemplate(env.rawStrings[0] ?? first);
  if (typeof parts === 'string') invalidArguments(name, parts);
  const values = args.slice(1);
  const placeholders = parts.filter((part) => typeof part !== 'string').length;
  if (placeholders !== values.length) {
    invalidArguments(name, 'number of arguments do not match the occurrences of {}.');
  }
  return parts
    .map((part) => (typeof part === 'string' ? part : javaText(values[part.placeholder] ?? null)))
    .join('');
};
