import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRawBody, type GraphResponse, type JsonValue, type RequestLogEntry } from './types';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const SECRET_FORM_FIELDS = new Set(['client_secret', 'client_assertion', 'code', 'refresh_token', 'password']);

export class BodyTooLarge extends Error {}

/** A request as read off the socket, before any endpoint looks at it. */
export interface IncomingRequest {
  method: string;
  path: string;
  search: string;
  query: Map<string, string>;
  headers: Record<string, string>;
  bodyText: string | undefined;
}

/** A request-log entry: everything but the Authorization header, form secrets masked; status filled in later. */
export function requestLogEntry(service: RequestLogEntry['service'], request: Omit<IncomingRequest, 'search'>, batchItem?: string): RequestLogEntry {
  const { authorization: _left, ...headers } = request.headers;
  return {
    at: new Date().toISOString(),
    service,
    method: request.method,
    path: request.path,
    query: Object.fromEntries(request.query),
    headers,
    body: loggedBody(request.bodyText, request.headers['content-type']),
    status: 0,
    ...(batchItem !== undefined ? { batchItem } : {}),
  };
}

export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('Request body too large.');
    chunks.push(buffer);
  }
  return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

export function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Splits `req.url` without normalising it, so percent-encoding in the path survives as sent. */
export function splitUrl(rawUrl: string): { path: string; search: string; query: Map<string, string> } {
  const at = rawUrl.indexOf('?');
  const path = at < 0 ? rawUrl : rawUrl.slice(0, at);
  const search = at < 0 ? '' : rawUrl.slice(at + 1);
  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) if (!query.has(name)) query.set(name, value);
  return { path, search, query };
}

export function writeResponse(res: ServerResponse, response: GraphResponse, jsonType: string): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (isRawBody(response.body)) {
    headers['Content-Type'] = response.body.contentType;
    payload = response.body.raw;
  } else if (response.body !== undefined) {
    headers['Content-Type'] ??= jsonType;
    payload = JSON.stringify(response.body);
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** The body as the request log keeps it: JSON parsed, forms as objects with their secrets masked. */
function loggedBody(bodyText: string | undefined, contentType: string | undefined): JsonValue | undefined {
  if (bodyText === undefined) return undefined;
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const form: Record<string, JsonValue> = {};
    for (const [name, value] of new URLSearchParams(bodyText)) form[name] = SECRET_FORM_FIELDS.has(name) ? '***' : value;
    return form;
  }
  try {
    return JSON.parse(bodyText) as JsonValue;
  } catch {
    return bodyText;
  }
}
