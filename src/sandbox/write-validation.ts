import { badRequest } from './odata-error';
import type { GraphReference, PropertyInfo } from './openapi-check';
import { isJsonObject, type JsonObject, type JsonValue } from './types';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface WriteOptions {
  /** `extension_<app>_<name>` properties are accepted (directory extensions on users). */
  extensions?: boolean;
}

/**
 * Checks a write body against a reference schema the way Graph's OData reader does: every name must
 * be a property of the type (case ignored), read-only ones are refused, and nothing is coerced.
 * Returns the body with property names in their schema spelling.
 */
export function validateWrite(reference: GraphReference, schemaName: string, body: JsonValue | undefined, options: WriteOptions = {}): JsonObject {
  if (!isJsonObject(body)) throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  const schema = reference.schema(schemaName);
  if (!schema) return body;
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.')) continue;
    if (options.extensions && /^extension_[0-9a-f]{32}_\w+$/i.test(name)) {
      if (isJsonObject(value) || Array.isArray(value)) throw unconvertible(value, 'Edm.String');
      out[name] = value;
      continue;
    }
    const info = schema.get(name.toLowerCase());
    if (!info) {
      throw badRequest(`Property '${name}' does not exist on type '${schemaName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    if (info.readOnly) throw badRequest(`Property '${info.name}' is read-only and cannot be set.`);
    out[info.name] = checkValue(reference, info, value);
  }
  return out;
}

function checkValue(reference: GraphReference, info: PropertyInfo, value: JsonValue): JsonValue {
  if (value === null) return null;
  switch (info.type) {
    case 'string':
      if (typeof value !== 'string') throw unconvertible(value, 'Edm.String');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw unconvertible(value, 'Edm.Boolean');
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw unconvertible(value, 'Edm.Int32');
      return value;
    case 'date-time':
      if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value) || Number.isNaN(Date.parse(value))) throw unconvertible(value, 'Edm.DateTimeOffset');
      return value;
    case 'array<string>':
      if (!Array.isArray(value)) throw nodeKind('StartArray');
      for (const item of value) if (typeof item !== 'string') throw unconvertible(item, 'Edm.String');
      return value;
    case 'array<object>':
      if (!Array.isArray(value)) throw nodeKind('StartArray');
      for (const item of value) if (!isJsonObject(item)) throw nodeKind('StartObject');
      return value;
    case 'object':
      if (!isJsonObject(value)) throw nodeKind('StartObject');
      return info.ref && reference.schema(info.ref) ? validateWrite(reference, info.ref, value) : value;
  }
}

function unconvertible(value: JsonValue, edm: string) {
  if (isJsonObject(value)) return nodeKind('PrimitiveValue', 'StartObject');
  if (Array.isArray(value)) return nodeKind('PrimitiveValue', 'StartArray');
  return badRequest(`Cannot convert the literal '${String(value)}' to the expected type '${edm}'.`);
}

function nodeKind(expected: string, found = 'PrimitiveValue') {
  return badRequest(`An unexpected '${found}' node was found when reading from the JSON reader. A '${expected}' node was expected.`);
}
