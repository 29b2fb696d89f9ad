import type { Graph, GraphRequest } from './types';

export interface CollectOptions {
  limit?: number;
  allResults?: boolean;
  /** An absolute URL from the user: fetched exactly as given (no filter, select or $top added). */
  nextPage?: string;
  /** Directory collections send `$top`; authentication-method collections never do (SPEC.md §1.7). */
  sendTop: boolean;
  /** Told after each page: pages and items fetched so far (progress of long listings). */
  onPage?: (pages: number, items: number) => void;
}

export interface Collected<T> {
  items: T[];
  /** The nextLink of the last page fetched, when it had one. */
  nextLink?: string;
}

/** Gathers pages until `limit` items, the last page, or (by default) one page (SPEC.md §1.7). */
export async function collect<T = Record<string, unknown>>(
  graph: Graph,
  request: GraphRequest,
  options: CollectOptions,
): Promise<Collected<T>> {
  const { limit, allResults = false } = options;
  let first: GraphRequest = request;
  if (options.nextPage) {
    first = { method: 'GET', path: options.nextPage, headers: request.headers, version: request.version };
  } else if (options.sendTop && (allResults || limit !== undefined)) {
    first = { ...request, query: { ...request.query, $top: allResults ? 999 : Math.min(limit ?? 999, 999) } };
  }
  const items: T[] = [];
  let nextLink: string | undefined;
  let pages = 0;
  for await (const page of graph.pages<T>(first)) {
    nextLink = page.nextLink;
    for (const item of page.items) items.push(item);
    options.onPage?.(++pages, items.length);
    if (allResults) continue;
    if (limit === undefined || items.length >= limit) break;
  }
  if (!allResults && limit !== undefined && items.length > limit) items.length = limit;
  return { items, nextLink };
}
