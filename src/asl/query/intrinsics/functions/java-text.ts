import { isJsonObject, type Json } from '../../../json.ts';

/**
 * How States.Format prints a non-string argument: Java's toString of the decoded value, so
 * objects read `{Arg1=1, Arg2=[]}`, strings inside them are unquoted and null is "null"
 * (conformance: test_format_2.7, test_context_json_path.0, test_format_1.3).
 */
export function javaText(value: Json): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumber(value);
  if (value === null || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaText(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Integers print all their digits; other numbers follow Double.toString (1.0E-7, 1.5E21). */
function javaNumber(value: number): string {
  // String() prints a safe integer's digits (and -0 as "0") without a BigInt; larger ones need it.
  if (Number.isSafeInteger(value)) return String(value);
  if (Number.isInteger(value)) return BigInt(value).toString();
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${exponent.replace('+', '')}`;
}
