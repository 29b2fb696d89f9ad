import type { GraphRequest } from '../graph/types';
import type { Graph } from '../graph/types';
import { maskedJson } from '../secret';
import { entryContextKey } from '../results/context';
import { note } from '../results/entries';
import { tableToMarkdown } from '../results/markdown';
import type { CommandOutput } from './types';

/** A request a real run would send, as a dry run shows it. */
export interface PlannedRequest {
  method: string;
  url: string;
  body?: unknown;
}

/** Describes a Graph request with its absolute URL (the client's own URL building). */
export function planned(graph: Graph, request: GraphRequest): PlannedRequest {
  return { method: request.method, url: graph.urlOf(request), body: request.body };
}

/** The one note of a dry run (SPEC.md §4.2): nothing was sent; these would be. */
export function dryRunResult(command: string, requests: readonly PlannedRequest[]): CommandOutput {
  const records = requests.map((r) => ({
    Method: r.method,
    URL: r.url,
    Body: r.body === undefined ? '' : maskedJson(r.body),
  }));
  const rows = records.map((r, i) => ({ '#': i + 1, ...r }));
  const dryRun = { Command: command, Requests: records };
  return [
    note({
      readable: tableToMarkdown(`Dry run: ${command}`, rows, {
        headers: ['#', 'Method', 'URL', 'Body'],
        metadata: 'No request was sent. These requests would be sent:',
      }),
      contents: dryRun,
      context: { [entryContextKey('MSGraphUser.DryRun')]: dryRun },
    }),
  ];
}
