import type { Query } from './url';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphRequest {
  method: HttpMethod;
  /**
   * A path under the version root built with `graphPath` (`/users/adele%40contoso.com`), or an
   * absolute URL (a next link, a polling Location) that the client passes through the same-origin
   * guard before it attaches a token.
   */
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** `v1.0` unless a command needs `beta`. */
  version?: 'v1.0' | 'beta';
  /**
   * False for requests that must never be re-sent after a transport error (POST /users, a TAP,
   * resetPassword, addPassword, $batch): SPEC.md §2.6. Defaults by method.
   */
  idempotent?: boolean;
}

export interface GraphResponse<T = unknown> {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON, or `null` for an empty body. */
  data: T;
}

export interface Page<T> {
  items: T[];
  nextLink?: string;
}

export interface BatchItem {
  id: string;
  method: HttpMethod;
  /** Relative to the version root, e.g. `/users/adele%40contoso.com`. */
  url: string;
  body?: unknown;
}

export interface BatchItemResult {
  id: string;
  /** `null` when no response came for the item (a transport error on its `$batch`). */
  status: number | null;
  headers: Record<string, string>;
  body: unknown;
  /** Set when the item failed without a Graph answer. */
  transportMessage?: string;
}

export interface Graph {
  /** The configured Graph origin, e.g. `https://graph.microsoft.com`. */
  readonly origin: string;
  /** Sends one request (token, retries and errors handled); throws GraphError for a non-2xx. */
  request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>>;
  /** Follows `@odata.nextLink` from `req`, re-sending `req.headers` on every page. */
  pages<T = Record<string, unknown>>(req: GraphRequest): AsyncGenerator<Page<T>>;
  /** Sends items through `$batch` (≤20 per call, ≤4 in flight), retrying throttled items. */
  batch(items: readonly BatchItem[]): Promise<BatchItemResult[]>;
  /** The absolute URL a request goes to (for dry runs and messages). */
  urlOf(req: GraphRequest): string;
}
