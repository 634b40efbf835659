import type { Json } from '../../json.ts';
import { parseTimestamp } from '../../timestamp.ts';

/**
 * The `Is*` operators other than IsPresent, as predicates on the selected value. The rule holds
 * when the predicate equals the operator's boolean, so `"IsNull": false` is "is not null".
 * Recorded on AWS: `false` is a boolean, not numeric; `0.0` and `1.1` are numeric; an
 * offset-less `2012-10-09T19:00:55` is a string, not a timestamp.
 */
export const typeTests: Readonly<Record<string, (value: Json) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => typeof value === 'string' && parseTimestamp(value) !== undefined,
};
