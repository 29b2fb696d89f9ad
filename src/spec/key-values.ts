import { UserInputError } from '../errors';
import { splitList } from './args';
import userPropertyTypes from './user-property-types.json';

/** A Graph user property type as `reference/graph-v1-subset.json` names it. */
export type UserPropertyType = 'string' | 'date-time' | 'boolean' | 'integer' | 'array<string>' | 'object' | 'array<object>';

// Graph matches property names ignoring case, so the lookup does too.
const typeByLowerName = new Map(
  Object.entries(userPropertyTypes as Record<string, UserPropertyType>).map(([name, type]) => [name.toLowerCase(), type]),
);

/** The schema type of a user property; names not in the schema (extension attributes) are strings. */
export function userPropertyType(name: string): UserPropertyType {
  return typeByLowerName.get(name.toLowerCase()) ?? 'string';
}

/**
 * Sets `key` on `record`, first removing a key that differs from it only in case: Graph treats
 * the two as one property, so the later one wins and is sent as typed.
 */
export function setIgnoringCase(record: Record<string, unknown>, key: string, value: unknown): void {
  const lower = key.toLowerCase();
  for (const existing of Object.keys(record)) {
    if (existing !== key && existing.toLowerCase() === lower) delete record[existing];
  }
  record[key] = value;
}

/**
 * Parses a key=value list (`updated_fields`, `other_properties`) into a Graph user body, as
 * SPEC.md §1.2 describes: a literal delimiter, the first `=` splits, values typed by the schema.
 */
export function parseUserKeyValues(text: string, delimiter: string, argName: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const rawPiece of text.split(delimiter)) {
    const piece = rawPiece.trim();
    if (piece === '') continue;
    const at = piece.indexOf('=');
    const key = at < 0 ? '' : piece.slice(0, at).trim();
    if (key === '') throw new UserInputError(`Invalid ${argName} entry '${piece}': expected key=value.`);
    setIgnoringCase(fields, key, coerceUserValue(key, piece.slice(at + 1).trim(), argName));
  }
  return fields;
}

/** One value typed by its property's schema type; an empty value clears the property. */
export function coerceUserValue(key: string, value: string, argName: string): unknown {
  if (value === '') return null;
  const invalid = (expected: string) =>
    new UserInputError(`Invalid value for ${key} in ${argName}: expected ${expected}.`);
  switch (userPropertyType(key)) {
    case 'boolean': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalid(`true or false, got '${value}'`);
      return lower === 'true';
    }
    case 'integer':
      if (!/^[+-]?\d+$/.test(value)) throw invalid(`a whole number, got '${value}'`);
      return Number(value);
    case 'array<string>':
      return splitList(value);
    case 'object': {
      const parsed = parseJson(value);
      if (!isPlainObject(parsed)) throw invalid('a JSON object');
      return parsed;
    }
    case 'array<object>': {
      // Not covered by the SPEC table: a list of objects only makes sense as JSON-array text.
      const parsed = parseJson(value);
      if (!Array.isArray(parsed)) throw invalid('a JSON array');
      return parsed;
    }
    default:
      return value;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
