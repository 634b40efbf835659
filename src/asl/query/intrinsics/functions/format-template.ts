/** A States.Format template: literal text and `{}` placeholders. */
export type TemplatePart = string | { readonly placeholder: number };

/**
 * Parses a template written with the literal's escapes still in place: `\{`, `\}`, `\'` and
 * `\\` stand for the character itself, `{}` is a placeholder, any other brace is an error.
 * Returns the error text instead of throwing, so the caller words the failure.
 */
export function parseFormatTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let text = '';
  let placeholders = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template.charAt(i);
    if (c === '\\' && i + 1 < template.length) {
      text += template.charAt(++i);
    } else if (c === '{') {
      if (template.charAt(i + 1) !== '}') return "matching '}' not found for '{'.";
      if (text !== '') parts.push(text);
      parts.push({ placeholder: placeholders++ });
      text = '';
      i++;
    } else if (c === '}') {
      return "matching '{' not found for '}'.";
    } else {
      text += c;
    }
  }
  if (text !== '') parts.push(text);
  return parts;
}
