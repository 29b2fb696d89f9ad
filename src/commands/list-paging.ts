import type { CollectOptions } from '../graph/paginate';
import { assertSameOrigin } from '../graph/url';
import type { CommandContext } from './types';

/** Directory collections page with `$top`, and every page of an advanced query repeats this header. */
export const eventualConsistency = { ConsistencyLevel: 'eventual' };

/**
 * The paging arguments of a list (SPEC.md §1.7): directory collections send `$top`, method
 * collections never do. A `next_page` must be an absolute URL on the Graph origin: the client
 * would take a relative one for a path of its own.
 */
export function listPaging({ args, graph, progress }: CommandContext, sendTop: boolean): CollectOptions {
  const nextPage = args.optionalString('next_page');
  if (nextPage !== undefined) assertSameOrigin(nextPage, graph.origin, 'next_page');
  return {
    limit: args.int('limit'),
    allResults: args.bool('all_results'),
    nextPage,
    sendTop,
    onPage: (pages, items) => progress(`${pages} page(s) fetched, ${items} item(s)`),
  };
}

export const directoryPaging = (ctx: CommandContext): CollectOptions => listPaging(ctx, true);

/** The table metadata that hands the next link back to the user; msgraph-user-list says "parameter". */
export function nextPageMetadata(nextLink: string | undefined, word: 'parameter' | 'argument' = 'argument'): string | undefined {
  return nextLink ? `To get further results, enter this to the next_page ${word}:\n${nextLink}` : undefined;
}
