import { isJsonObject, type Json } from '../../json.ts';
import type { PathFunctionName } from './segments.ts';

/**
 * Jayway's path functions (`$.items.length()`), applied to the value the path selected.
 * Returns undefined where Jayway raises an error (e.g. an aggregate over no numbers).
 */
export function applyPathFunction(name: PathFunctionName, value: Json): Json | undefined {
  switch (name) {
    case 'length':
    case 'size':
      if (Array.isArray(value)) return value.length;
      if (isJsonObject(value)) return Object.keys(value).length;
      // Jayway's Length and KeySetFunction return null for anything else.
      return null;
    case 'keys':
      return isJsonObject(value) ? Object.keys(value) : null;
    case 'first':
      return Array.isArray(value) ? value[0] : undefined;
    case 'last':
      return Array.isArray(value) ? value.at(-1) : undefined;
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
    case 'stddev':
      return aggregate(name, value);
  }
}

function aggregate(name: 'min' | 'max' | 'avg' | 'sum' | 'stddev', value: Json): number | undefined {
  if (!Array.isArray(value)) return undefined;
  const numbers = value.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return undefined;
  const sum = numbers.reduce((a, b) => a + b, 0);
  const mean = sum / numbers.length;
  switch (name) {
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'sum':
      return sum;
    case 'avg':
      return mean;
    case 'stddev':
      return Math.sqrt(numbers.reduce((a, n) => a + (n - mean) ** 2, 0) / numbers.length);
  }
}
