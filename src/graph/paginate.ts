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

/**
 * Hands each page to `consume` until `limit` items, the last page, or (by default) one page
 * (SPEC.md §1.7); the last page is cut to the limit. When another page is certain to be needed,
 * its request leaves before this page is consumed, so the work on one page overlaps the wait for
 * the next.
 */
export async function collectPages<T = Record<string, unknown>>(
  graph: Graph,
  request: GraphRequest,
  options: CollectOptions,
  consume: (items: T[]) => void,
): Promise<{ nextLink?: string }> {
  const { limit, allResults = false } = options;
  let first: GraphRequest = request;
  if (options.nextPage) {
    first = { method: 'GET', path: options.nextPage, headers: request.headers, version: request.version };
  } else if (options.sendTop && (allResults || limit !== undefined)) {
    first = { ...request, query: { ...request.query, $top: allResults ? 999 : Math.min(limit ?? 999, 999) } };
  }
  const pages = graph.pages<T>(first);
  let nextLink: string | undefined;
  let taken = 0;
  let fetched = 0;
  let next = pages.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) break;
      const page = result.value;
      nextLink = page.nextLink;
      fetched += 1;
      const room = allResults || limit === undefined ? page.items.length : Math.min(page.items.length, limit - taken);
      const more = page.nextLink !== undefined && (allResults || (limit !== undefined && taken + room < limit));
      if (more) {
        next = pages.next();
        // Marked as handled here: a failure of the next page is thrown where it is awaited.
        next.catch(() => undefined);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      consume(room === page.items.length ? page.items : page.items.slice(0, room));
      taken += room;
      options.onPage?.(fetched, taken);
      if (!more) break;
    }
  } finally {
    await pages.return(undefined);
  }
  return nextLink === undefined ? {} : { nextLink };
}

/** Gathers the items of `collectPages` into one list. */
export async function collect<T = Record<string, unknown>>(
  graph: Graph,
  request: GraphRequest,
  options: CollectOptions,
): Promise<Collected<T>> {
  const items: T[] = [];
  const { nextLink } = await collectPages<T>(graph, request, options, (page) => {
    for (const item of page) items.push(item);
  });
  return nextLink === undefined ? { items } : { items, nextLink };
}
