/** Shapes shared by the sandbox's modules. */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A request as the Graph side sees it, whether it came over HTTP or inside a `$batch`. */
export interface GraphRequest {
  method: string;
  /** Raw (still percent-encoded) path including the version, e.g. `/v1.0/users/adele%40contoso.com`. */
  path: string;
  /** Query options, decoded; the first value of a repeated name wins. */
  query: Map<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Raw body text, `undefined` when there is none. */
  bodyText: string | undefined;
  /** Set for items of a `$batch`. */
  batchId?: string;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON body, a raw string (sent as is), or nothing. */
  body?: JsonValue | RawBody;
}

/** A body that is sent exactly as given (used for malformed-JSON faults and plain-text replies). */
export interface RawBody {
  raw: string;
  contentType: string;
}

export function isRawBody(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && 'raw' in body && 'contentType' in body;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface RequestLogEntry {
  at: string;
  service: 'login' | 'graph' | 'imds';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: JsonValue | undefined;
  status: number;
  /** The `$batch` item id, for items dispatched from a batch. */
  batchItem?: string;
}
