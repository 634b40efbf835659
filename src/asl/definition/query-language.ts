import type { Json, JsonObject } from '../json.ts';
import { isJsonObject } from '../json.ts';

// Fields whose meaning exists only in JSONata (AWS guide, "Transforming data with JSONata").
const JSONATA_FIELDS = ['Arguments', 'Output', 'Assign', 'Items'];

/** A JSONata state that would run differently under JSONPath rules. */
function usesJsonataFeatures(state: JsonObject): boolean {
  if (JSONATA_FIELDS.some((f) => f in state)) return true;
  const choices = state['Choices'];
  if (Array.isArray(choices) && choices.some((c) => isJsonObject(c) && 'Condition' in c)) return true;
  return JSON.stringify(state).includes('{%');
}

/**
 * Whether a definition needs JSONata evaluation: a state in JSONata mode (its own QueryLanguage,
 * else its machine's; nested machines inherit the top level's) that uses a JSONata feature.
 */
export function usesJsonata(definition: Json, inherited: Json = 'JSONPath'): boolean {
  if (!isJsonObject(definition)) return false;
  const language = definition['QueryLanguage'] ?? inherited;
  const states = definition['States'];
  if (!isJsonObject(states)) return false;
  return Object.values(states).some((state) => {
    if (!isJsonObject(state)) return false;
    const own = state['QueryLanguage'] ?? language;
    const nested = [
      ...(Array.isArray(state['Branches']) ? state['Branches'] : []),
      state['ItemProcessor'] ?? null,
    ];
    if (
      own === 'JSONata' &&
      usesJsonataFeatures({ ...state, Branches: null, ItemProcessor: null, Iterator: null })
    ) {
      return true;
    }
    return [...nested, state['Iterator'] ?? null].some((m) => usesJsonata(m, language));
  });
}
