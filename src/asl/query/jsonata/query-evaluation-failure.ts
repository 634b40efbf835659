import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';

/**
 * States.QueryEvaluationError: a JSONata expression failed or gave a value its field cannot take.
 * AWS records these as an `EvaluationFailed` history event naming the field (`location`), so the
 * failure carries it.
 */
export class QueryEvaluationFailure extends AslFailure {
  readonly location: string | undefined;
  constructor(cause: string, location?: string) {
    super(StatesErrors.QueryEvaluationError, cause);
    this.location = location;
  }
}
