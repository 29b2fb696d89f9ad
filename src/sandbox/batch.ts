import type { BatchItem, GraphContext, RouteTable } from './graph-context';
import { reply } from './graph-context';
import { ODataError } from './odata-error';
import { SeededRandom } from './random';
import { isJsonObject, isRawBody, type GraphResponse, type JsonObject, type JsonValue } from './types';

const MAX_ITEMS = 20;
const batchError = (message: string) => new ODataError(400, 'BadRequest', message);

function readItems(body: JsonValue | undefined): Array<BatchItem & { dependsOn: string[] }> {
  const requests = isJsonObject(body) ? body['requests'] : undefined;
  if (!Array.isArray(requests)) throw batchError("Invalid batch payload format: the 'requests' property is missing or is not an array.");
  if (requests.length > MAX_ITEMS) throw batchError(`The number of requests in the batch exceeds the limit of ${MAX_ITEMS}.`);
  const seen = new Set<string>();
  return requests.map((raw) => {
    if (!isJsonObject(raw)) throw batchError('Invalid batch payload format: each request must be an object.');
    const { id, method, url, headers, body: itemBody, dependsOn } = raw;
    if (typeof id !== 'string' || id === '') throw batchError("Invalid batch payload format: every request needs a string 'id'.");
    if (seen.has(id)) throw batchError(`Batch request contains duplicate id '${id}'.`);
    seen.add(id);
    if (typeof method !== 'string' || typeof url !== 'string') throw batchError(`Invalid batch payload format: request '${id}' needs 'method' and 'url'.`);
    const itemHeaders: Record<string, string> = {};
    if (isJsonObject(headers)) for (const [k, v] of Object.entries(headers)) itemHeaders[k.toLowerCase()] = String(v);
    const deps = Array.isArray(dependsOn) ? dependsOn.map(String) : [];
    return { id, method: method.toUpperCase(), url, headers: itemHeaders, body: itemBody, dependsOn: deps };
  });
}

/** A failed item as Graph reports it inside a batch. */
function itemError(id: string, status: number, code: string, message: string): GraphResponse & { id: string } {
  return { id, status, headers: { 'Content-Type': 'application/json' }, body: { error: { code, message } } };
}

let batchCounter = 0;

/**
 * `POST /$batch`: at most 20 items, each run through the same pipeline as a plain request (faults,
 * throttling and auth included); items with `dependsOn` wait for theirs and fail with 424 if one failed.
 * Responses come back shuffled, as Graph promises no order.
 */
async function runBatch(ctx: GraphContext) {
  if (ctx.insideBatch || !ctx.dispatchItem) throw batchError('A batch request cannot contain another batch.');
  const dispatch = ctx.dispatchItem;
  const items = readItems(ctx.body);
  const ids = new Set(items.map((i) => i.id));
  for (const item of items) {
    const unknown = item.dependsOn.find((d) => !ids.has(d));
    if (unknown) throw batchError(`Request '${item.id}' depends on unknown request '${unknown}'.`);
  }
  const running = new Map<string, Promise<GraphResponse & { id: string }>>();
  const run = (item: (typeof items)[number], chain: string[]): Promise<GraphResponse & { id: string }> => {
    const existing = running.get(item.id);
    if (existing) return existing;
    if (chain.includes(item.id)) return Promise.resolve(itemError(item.id, 400, 'BadRequest', 'Circular dependency in the batch.'));
    const started = (async () => {
      for (const dep of item.dependsOn) {
        const result = await run(items.find((i) => i.id === dep) as (typeof items)[number], [...chain, item.id]);
        if (result.status >= 400) return itemError(item.id, 424, 'FailedDependency', `Request '${dep}' failed; this request was not run.`);
      }
      if (item.body !== undefined && !item.headers['content-type']) {
        return itemError(item.id, 400, 'BadRequest', 'Content-Type header is required for a request with a body.');
      }
      return dispatch(item);
    })();
    running.set(item.id, started);
    return started;
  };
  const results = await Promise.all(items.map((item) => run(item, [])));
  new SeededRandom(ctx.tenant.seed + ++batchCounter).shuffle(results);
  const responses: JsonObject[] = results.map((r) => {
    const entry: JsonObject = { id: r.id, status: r.status, headers: r.headers };
    if (r.body !== undefined) entry['body'] = isRawBody(r.body) ? r.body.raw : r.body;
    return entry;
  });
  return reply({ responses });
}

export const batchRoutes: RouteTable = { 'POST /$batch': runBatch };
