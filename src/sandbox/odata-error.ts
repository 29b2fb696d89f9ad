import type { JsonObject } from './types';

/** A Graph error reply, thrown by handlers and turned into Graph's error body by the router. */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ODataError(400, 'Request_BadRequest', message);
export const unsupportedQuery = (message: string) => new ODataError(400, 'Request_UnsupportedQuery', message);
export const resourceNotFound = (name: string) =>
  new ODataError(404, 'Request_ResourceNotFound', `Resource '${name}' does not exist or one of its queried reference-property objects are not present.`);
export const noProperty = (name: string, type: string) => badRequest(`Could not find a property named '${name}' on type '${type}'.`);

/** Graph's timestamp format inside innerError: no fraction, no zone. */
export function innerErrorDate(now = new Date()): string {
  return now.toISOString().slice(0, 19);
}

export function errorBody(code: string, message: string, requestId: string, clientRequestId: string): JsonObject {
  return { error: { code, message, innerError: { date: innerErrorDate(), 'request-id': requestId, 'client-request-id': clientRequestId } } };
}
