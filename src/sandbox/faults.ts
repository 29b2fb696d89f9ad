import { entraErrorBody } from './login';
import { errorBody } from './odata-error';
import { isJsonObject, type GraphResponse, type JsonValue } from './types';

interface FaultTarget {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** An exact path (with or without the `/v1.0` prefix, encoded or not) or a pattern tested on the path. */
  path: string | RegExp;
  /** How many requests the fault hits before it is spent; default 1, `Infinity` (or -1) for every request. */
  times?: number;
  /** Hit only every Nth matching request (the Nth, 2Nth, …): a steady share of faults. Default 1. */
  every?: number;
}

export type FaultKind =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'malformed-json' }
  | { kind: 'expire-token' };

export type FaultSpec = FaultTarget & FaultKind;

export interface ThrottleOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: how many requests may pass at once. */
  burst: number;
  /** A fixed Retry-After (seconds); otherwise the time until the next token. */
  retryAfter?: number;
}

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  remaining: number;
  hits: number;
  /** Matching requests seen, hit or not (for `every`). */
  seen: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Faults on demand and a token-bucket throttle, shared by the login, Graph and IMDS endpoints. */
export class Faults {
  private readonly active: ActiveFault[] = [];
  private bucket: { options: ThrottleOptions; tokens: number; at: number } | undefined;
  private nextId = 1;

  add(spec: FaultSpec): string {
    const times = spec.times === undefined ? 1 : spec.times < 0 ? Infinity : spec.times;
    const id = `fault-${this.nextId++}`;
    this.active.push({ id, spec, remaining: times, hits: 0, seen: 0 });
    return id;
  }

  remove(id: string): boolean {
    const at = this.active.findIndex((f) => f.id === id);
    if (at >= 0) this.active.splice(at, 1);
    return at >= 0;
  }

  /** Removes every fault and the throttle. */
  clear(): void {
    this.active.length = 0;
    this.bucket = undefined;
  }

  /** Starts (or, with null, stops) Graph-style throttling: a 429 with Retry-After when the bucket is empty. */
  throttle(options: ThrottleOptions | null): void {
    if (options && !(options.rate > 0 && options.burst >= 1)) throw new Error('throttle needs rate > 0 and burst >= 1.');
    this.bucket = options ? { options, tokens: options.burst, at: Date.now() } : undefined;
  }

  list(): readonly ActiveFault[] {
    return this.active;
  }

  /** Finds and spends the first fault matching the request, among the given kinds. */
  take(method: string, path: string, kinds?: ReadonlyArray<FaultKind['kind']>): FaultSpec | undefined {
    for (const fault of this.active) {
      if (kinds && !kinds.includes(fault.spec.kind)) continue;
      if (fault.spec.method && fault.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!pathMatches(fault.spec.path, path)) continue;
      if (++fault.seen % Math.max(1, fault.spec.every ?? 1) !== 0) continue;
      fault.hits++;
      if (--fault.remaining <= 0) this.active.splice(this.active.indexOf(fault), 1);
      return fault.spec;
    }
    return undefined;
  }

  /** Takes a token from the bucket; returns the Retry-After seconds when there is none. */
  throttled(): number | undefined {
    const bucket = this.bucket;
    if (!bucket) return undefined;
    const now = Date.now();
    bucket.tokens = Math.min(bucket.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * bucket.options.rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return bucket.options.retryAfter ?? Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.options.rate));
  }
}

function pathMatches(pattern: string | RegExp, path: string): boolean {
  const bare = path.split('?')[0] as string;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // keep the raw form
  }
  const candidates = new Set([bare, decoded, bare.replace(/^\/(v1\.0|beta)(?=\/)/, ''), decoded.replace(/^\/(v1\.0|beta)(?=\/)/, '')]);
  if (typeof pattern === 'string') return [...candidates].some((c) => c.toLowerCase() === pattern.toLowerCase());
  return [...candidates].some((c) => pattern.test(c));
}

/** Reads a fault from JSON (the HTTP admin API): `path` is exact, `pathRegex` a pattern. */
export function faultFromJson(value: unknown): FaultSpec {
  if (!isJsonObject(value)) throw new Error('A fault must be a JSON object.');
  const { method, path, pathRegex, times, kind } = value;
  if (typeof path !== 'string' && typeof pathRegex !== 'string') throw new Error("A fault needs 'path' or 'pathRegex'.");
  if (method !== undefined && typeof method !== 'string') throw new Error("'method' must be a string.");
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times))) throw new Error("'times' must be an integer (-1 for always).");
  const target: FaultTarget = {
    path: typeof pathRegex === 'string' ? new RegExp(pathRegex) : (path as string),
    ...(typeof method === 'string' ? { method } : {}),
    ...(typeof times === 'number' ? { times } : {}),
  };
  switch (kind) {
    case 'status': {
      const status = value['status'];
      const retryAfter = value['retryAfter'];
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw new Error("'status' must be an HTTP status code.");
      if (retryAfter !== undefined && typeof retryAfter !== 'string' && typeof retryAfter !== 'number') throw new Error("'retryAfter' must be a string.");
      return {
        ...target, kind, status,
        ...(retryAfter !== undefined ? { retryAfter: String(retryAfter) } : {}),
        ...(value['body'] !== undefined ? { body: value['body'] } : {}),
      };
    }
    case 'delay': {
      const ms = value['ms'];
      if (typeof ms !== 'number' || ms < 0) throw new Error("'ms' must be a number of milliseconds.");
      return { ...target, kind, ms };
    }
    case 'reset':
    case 'malformed-json':
    case 'expire-token':
      return { ...target, kind };
    default:
      throw new Error("'kind' must be one of status, reset, delay, malformed-json, expire-token.");
  }
}

export function throttleFromJson(value: unknown): ThrottleOptions | null {
  if (value === null) return null;
  if (!isJsonObject(value) || typeof value['rate'] !== 'number' || typeof value['burst'] !== 'number') throw new Error("A throttle needs numeric 'rate' and 'burst'.");
  const retryAfter = value['retryAfter'];
  return { rate: value['rate'], burst: value['burst'], ...(typeof retryAfter === 'number' ? { retryAfter } : {}) };
}

const STATUS_CODES: Record<number, [code: string, message: string]> = {
  400: ['BadRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'],
  403: ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
  404: ['Request_ResourceNotFound', 'The requested resource does not exist.'],
  409: ['Conflict', 'The request conflicts with the current state of the resource.'],
  429: ['TooManyRequests', 'Too many requests. Retry after the time given in the Retry-After header.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The gateway received an invalid response.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Retry after the time given in the Retry-After header.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
};

/** The reply to a `status` fault: its own body if it has one, otherwise the service's usual error shape. */
export function statusFaultReply(fault: FaultSpec & { kind: 'status' }, service: 'graph' | 'login' | 'imds', requestId: string, clientRequestId: string): GraphResponse {
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
  if (fault.body !== undefined) {
    const body = typeof fault.body === 'string' ? { raw: fault.body, contentType: 'text/plain' } : (fault.body as JsonValue);
    return { status: fault.status, headers, body };
  }
  const [code, message] = STATUS_CODES[fault.status] ?? [`Http${fault.status}`, `The sandbox answered ${fault.status} as asked.`];
  if (service === 'graph') return { status: fault.status, headers, body: errorBody(code, message, requestId, clientRequestId) };
  if (service === 'imds') return { status: fault.status, headers, body: { error: code, error_description: message } };
  // AADSTS90033: "A transient error has occurred. Please try again."
  return { status: fault.status, headers, body: entraErrorBody(fault.status >= 500 ? 'temporarily_unavailable' : 'invalid_request', 90033, message, clientRequestId) };
}
