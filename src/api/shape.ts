/**
 * Request members as AWS's service model declares them (botocore stepfunctions service-2.json):
 * JSON type, `required`, length / value ranges and enums. `InputOf` gives the typed input an
 * action receives once `readInput` has checked a body against its members.
 */
export interface StringShape {
  readonly type: 'string';
  readonly required?: true;
  readonly min?: number;
  readonly max?: number;
  /** Payload quotas count UTF-8 bytes, not characters. */
  readonly maxBytes?: number;
  /** Sensitive members are never echoed in validation messages, as on AWS. */
  readonly sensitive?: true;
  readonly enum?: readonly string[];
  /** The model's regular expression, printed as-is in the violation message. */
  readonly pattern?: string;
}

export interface IntegerShape {
  /** `integer` is 32-bit; `long` and `float` are any JSON number (whole for `long`). */
  readonly type: 'integer' | 'long' | 'float';
  readonly required?: true;
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly type: 'boolean';
  readonly required?: true;
}

export interface StructureShape {
  readonly type: 'structure';
  readonly required?: true;
  readonly members: Members;
}

export interface ListShape {
  readonly type: 'list';
  readonly required?: true;
  readonly member: Shape;
  readonly min?: number;
  readonly max?: number;
}

export type Shape = StringShape | IntegerShape | BooleanShape | StructureShape | ListShape;
export type Members = { readonly [name: string]: Shape };

type ValueOf<S extends Shape> = S extends StringShape
  ? S['enum'] extends readonly (infer E)[]
    ? E
    : string
  : S extends IntegerShape
    ? number
    : S extends BooleanShape
      ? boolean
      : S extends StructureShape
        ? InputOf<S['members']>
        : S extends ListShape
          ? ValueOf<S['member']>[]
          : never;

type RequiredKeys<M extends Members> = {
  [K in keyof M]: M[K] extends { required: true } ? K : never;
}[keyof M];

export type InputOf<M extends Members> = { [K in RequiredKeys<M>]: ValueOf<M[K]> } & {
  [K in Exclude<keyof M, RequiredKeys<M>>]?: ValueOf<M[K]> | undefined;
};
