import type { Json } from '../../../json.ts';
import type { Scope } from '../../scope.ts';

/** What a function sees besides its evaluated arguments. */
export interface CallEnv {
  readonly scope: Scope;
  /** Per argument: the escaped text of a string literal, else undefined (see States.Format). */
  readonly rawStrings: readonly (string | undefined)[];
}

export type IntrinsicFunction = (args: readonly Json[], env: CallEnv) => Json;
