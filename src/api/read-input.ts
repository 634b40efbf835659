import type { Json, JsonObject } from '../asl/index.ts';
import { isJsonObject } from '../asl/index.ts';
import { serializationError, validationError } from './errors.ts';
import type { InputOf, Members, Shape } from './shape.ts';

/**
 * Checks a request body against an action's members the way AWS's front end does, before any
 * service logic: a wrong JSON type is a SerializationException (deserialization stops at the
 * first one); then every constraint violation is collected into one ValidationException.
 * Unknown members are ignored and `null` counts as absent, as on AWS.
 */
export function readInput<M extends Members>(members: M, body: JsonObject): InputOf<M> {
  const violations: string[] = [];
  const value = readStructure(members, body, '', violations);
  if (violations.length > 0) throw validationError(violations);
  return value as InputOf<M>;
}

function readStructure(members: Members, body: JsonObject, prefix: string, violations: string[]): JsonObject {
  const out: JsonObject = {};
  // for-in over a members literal uses its cached keys; Object.entries made an array of pairs,
  // and each member's path a string of its own, per request (issue 18). The path is made only
  // for a message.
  for (const name in members) {
    const shape = members[name]!;
    const raw = Object.hasOwn(body, name) ? body[name] : undefined;
    if (raw === undefined || raw === null) {
      if (shape.required)
        violations.push(
          `Value null at '${prefix}${name}' failed to satisfy constraint: Member must not be null`,
        );
      continue;
    }
    out[name] = readValue(shape, raw, prefix, name, violations);
  }
  return out;
}

/** Each model pattern compiled once (a `new RegExp` per request looked up V8's cache each time). */
const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) patterns.set(source, (compiled = new RegExp(source, 'u')));
  return compiled;
}

/**
 * A member's value checked against its shape; `prefix + name` is its path, joined only for a
 * message (a violation's, or a nested member's).
 */
function readValue(shape: Shape, raw: Json, prefix: string, name: string, violations: string[]): Json {
  switch (shape.type) {
    case 'string': {
      if (typeof raw !== 'string') throw mismatch(raw, 'a String');
      // The constraints in AWS's order; a message only for one that fails.
      let failed: string[] | undefined;
      if (shape.enum && !shape.enum.includes(raw))
        (failed ??= []).push(`satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.min !== undefined && raw.length < shape.min)
        (failed ??= []).push(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && raw.length > shape.max)
        (failed ??= []).push(`have length less than or equal to ${shape.max}`);
      if (shape.pattern !== undefined && !patternOf(shape.pattern).test(raw))
        (failed ??= []).push(`satisfy regular expression pattern: ${shape.pattern}`);
      // A string of n UTF-16 units is at most 3n bytes of UTF-8: only a long one is measured.
      const maxBytes = shape.maxBytes;
      if (maxBytes !== undefined && raw.length * 3 > maxBytes && Buffer.byteLength(raw, 'utf8') > maxBytes)
        (failed ??= []).push(`have size less than or equal to ${maxBytes} bytes in UTF-8 encoding`);
      if (failed) {
        const shown = shape.sensitive ? 'Value' : `Value '${raw}'`;
        for (const constraint of failed)
          violations.push(
            `${shown} at '${prefix}${name}' failed to satisfy constraint: Member must ${constraint}`,
          );
      }
      return raw;
    }
    case 'integer':
    case 'long':
    case 'float': {
      // AWS integers are 32-bit; anything else cannot be deserialized.
      const whole = shape.type !== 'float';
      if (
        typeof raw !== 'number' ||
        (whole && !Number.isInteger(raw)) ||
        (shape.type === 'integer' && Math.abs(raw) > 2_147_483_647)
      ) {
        throw mismatch(
          raw,
          shape.type === 'integer' ? 'an Integer' : shape.type === 'long' ? 'a Long' : 'a Float',
        );
      }
      const fail = (constraint: string): void => {
        violations.push(
          `Value '${raw}' at '${prefix}${name}' failed to satisfy constraint: Member must ${constraint}`,
        );
      };
      if (shape.min !== undefined && raw < shape.min)
        fail(`have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && raw > shape.max) fail(`have value less than or equal to ${shape.max}`);
      return raw;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') throw mismatch(raw, 'a Boolean');
      return raw;
    case 'structure':
      if (!isJsonObject(raw)) throw mismatch(raw, 'a Structure');
      return readStructure(shape.members, raw, `${prefix}${name}.`, violations);
    case 'list': {
      if (!Array.isArray(raw)) throw mismatch(raw, 'a List');
      const path = prefix + name;
      if (shape.min !== undefined && raw.length < shape.min) {
        violations.push(
          `Value '[]' at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`,
        );
      }
      if (shape.max !== undefined && raw.length > shape.max) {
        violations.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`,
        );
      }
      // Coral names list items `<list>.<1-based index>.member`.
      return raw.map((item, i) => {
        if (item === null) {
          violations.push(
            `Value null at '${path}.${i + 1}.member' failed to satisfy constraint: Member must not be null`,
          );
          return null;
        }
        return readValue(shape.member, item, `${path}.${i + 1}.`, 'member', violations);
      });
    }
  }
}

/** Jackson-style wording, as AWS's deserializer reports a value of the wrong kind. */
function mismatch(raw: Json, target: string): Error {
  if (Array.isArray(raw)) return serializationError('Start of list found where not expected');
  if (isJsonObject(raw)) return serializationError('Start of structure or map found where not expected.');
  const kind =
    typeof raw === 'string' ? 'STRING_VALUE' : typeof raw === 'number' ? 'NUMBER_VALUE' : 'BOOLEAN_VALUE';
  return serializationError(`${kind} can not be converted to ${target}`);
}
