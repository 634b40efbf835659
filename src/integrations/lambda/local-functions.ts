import type { Json } from '../../asl/index.ts';

/** A Lambda handler run in-process: `handler(event, context)` as in AWS Lambda's Node runtime. */
export type LocalHandler = (event: Json, context: LambdaContext) => unknown;

export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly awsRequestId: string;
  /**
   * The calling task's trace context (`traceparent`, `X-Amzn-Trace-Id`), when it is traced. Lambda
   * puts the X-Ray header in `_X_AMZN_TRACE_ID`; handlers sharing one process cannot each have
   * their own environment, so Stepwise hands it over here.
   */
  readonly traceHeaders?: Readonly<Record<string, string>>;
}

/** Local functions by name: what `arn:aws:lambda:...:function:NAME` resolves to. */
export class LocalFunctions {
  readonly #handlers = new Map<string, LocalHandler>();

  register(name: string, handler: LocalHandler): void {
    this.#handlers.set(name, handler);
  }

  registerAll(handlers: Readonly<Record<string, LocalHandler>>): void {
    for (const [name, handler] of Object.entries(handlers)) this.register(name, handler);
  }

  get(name: string): LocalHandler | undefined {
    return this.#handlers.get(name);
  }

  names(): string[] {
    return [...this.#handlers.keys()];
  }
}
