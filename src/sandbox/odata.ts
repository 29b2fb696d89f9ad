import { createHash } from 'node:crypto';
import { badRequest, noProperty, ODataError, unsupportedQuery } from './odata-error';
import { matchesFilter, parseFilter, requireProperty, type EntityType, type FilterNode } from './odata-filter';
import { parseSearch, type SearchNode, matchesSearch } from './odata-search';
import type { JsonObject } from './types';

export type { EntityType } from './odata-filter';

/** A collection read by position; `at` gives null for holes (deleted items). */
export interface Source<T extends JsonObject> {
  readonly end: number;
  readonly size: number;
  readonly version: number;
  /** Set for long-lived collections whose counts and orderings may be cached between pages (one per tenant). */
  readonly cacheOwner?: object;
  at(position: number): T | null;
}

export function arraySource<T extends JsonObject>(items: readonly T[]): Source<T> {
  return { end: items.length, size: items.length, version: 0, at: (i) => items[i] ?? null };
}

export type Selection = string[] | '*' | undefined;

export interface CollectionRules {
  type: EntityType;
  /** Directory collections follow Graph's advanced-query rules (ConsistencyLevel, $count). */
  directory: boolean;
  /** Graph's default page size, or undefined for collections that are never paged unless asked. */
  pageSize: number | undefined;
  /** The resource name used in Graph's messages, e.g. `User`. */
  resource: string;
}

interface OrderKey {
  property: string;
  descending: boolean;
}

export interface ListQuery {
  select: Selection;
  filter?: FilterNode;
  search?: SearchNode;
  orderBy: OrderKey[];
  top: number | undefined;
  count: boolean;
  cursor: { ordered: boolean; at: number };
  /** Ties a paging token to the query that produced it. */
  fingerprint: string;
}

export function parseSelect(value: string | undefined, type: EntityType): Selection {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.includes('*')) return '*';
  return names.map((name) => {
    if (type.properties.size === 0 || /^extension_/i.test(name)) return name;
    const info = type.properties.get(name.toLowerCase());
    if (!info) throw noProperty(name, type.name);
    return info.name;
  });
}

/** Shapes a record as Graph returns it: the default properties, all of them, or those selected. */
export function project(record: JsonObject, select: Selection, defaults?: readonly string[]): JsonObject {
  if (select === '*' || (select === undefined && !defaults)) return { ...record };
  const names = select ?? defaults ?? [];
  const out: JsonObject = {};
  if (record['@odata.type'] !== undefined) out['@odata.type'] = record['@odata.type'];
  for (const name of names) out[name] = record[name] ?? (name === 'businessPhones' ? [] : null);
  return out;
}

export function parseTop(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const top = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(top >= 1 && top <= 999)) throw badRequest(`Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`);
  return top;
}

export function parseListQuery(query: Map<string, string>, headers: Record<string, string>, rules: CollectionRules): ListQuery {
  const get = (name: string) => query.get(name);
  const select = parseSelect(get('$select'), rules.type);
  const filterText = get('$filter');
  const filter = filterText !== undefined && filterText.trim() !== '' ? parseFilter(filterText, rules.type) : undefined;
  const searchText = get('$search');
  const search = searchText !== undefined ? parseSearch(searchText, rules.type) : undefined;
  const orderText = get('$orderby');
  const orderBy = orderText ? parseOrderBy(orderText, rules.type) : [];
  const top = parseTop(get('$top')) ?? rules.pageSize;
  const countText = get('$count');
  if (countText !== undefined && !/^(true|false)$/i.test(countText)) throw badRequest(`Invalid value '${countText}' for query option '$count'.`);
  const count = countText?.toLowerCase() === 'true';

  if (rules.directory) {
    const eventual = headers['consistencylevel']?.toLowerCase() === 'eventual';
    if (search && !eventual) {
      throw unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    }
    if (count && !eventual) throw unsupportedQuery("$count is only supported with the 'ConsistencyLevel: eventual' request header.");
    if (filter?.advanced && !(eventual && count)) {
      throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${filter.advancedProperty}' of resource '${rules.resource}'.`);
    }
    if (orderBy.length > 0 && (filter || search) && !(eventual && count)) throw unsupportedQuery('Sorting not supported for current query.');
  }

  const fingerprint = createHash('sha256').update(JSON.stringify([filterText ?? '', searchText ?? '', orderText ?? ''])).digest('base64url').slice(0, 10);
  const token = get('$skiptoken');
  const cursor = token === undefined ? { ordered: orderBy.length > 0, at: 0 } : decodeSkipToken(token, fingerprint);
  return { select, ...(filter ? { filter: filter.node } : {}), ...(search ? { search } : {}), orderBy, top, count, cursor, fingerprint };
}

export function encodeSkipToken(ordered: boolean, at: number, fingerprint: string): string {
  return Buffer.from(`SBX1:${ordered ? 'o' : 'p'}:${at}:${fingerprint}`).toString('base64url');
}

function decodeSkipToken(token: string, fingerprint: string): { ordered: boolean; at: number } {
  const parts = Buffer.from(token, 'base64url').toString('utf8').split(':');
  if (parts.length !== 4 || parts[0] !== 'SBX1' || parts[3] !== fingerprint || !/^\d+$/.test(parts[2] ?? '')) {
    throw new ODataError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
  }
  return { ordered: parts[1] === 'o', at: Number(parts[2]) };
}

function parseOrderBy(text: string, type: EntityType): OrderKey[] {
  return text.split(',').map((part) => {
    const [name = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
    const info = requireProperty(type, name);
    if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) throw badRequest(`Invalid $orderby clause '${part.trim()}'.`);
    return { property: info.name, descending: direction.toLowerCase() === 'desc' };
  });
}

export interface Page<T> {
  items: T[];
  next?: { ordered: boolean; at: number };
  count?: number;
}

const derivedCache = new WeakMap<object, Map<string, Int32Array | number>>();

/** Counts and orderings of a query, kept until the collection changes (its version moves on). */
function cached<V extends Int32Array | number>(source: Source<JsonObject>, what: string, query: ListQuery, compute: () => V): V {
  if (!source.cacheOwner) return compute();
  let entries = derivedCache.get(source.cacheOwner);
  if (!entries) derivedCache.set(source.cacheOwner, (entries = new Map()));
  const key = `${source.version}|${what}|${query.fingerprint}`;
  const hit = entries.get(key);
  if (hit !== undefined) return hit as V;
  const value = compute();
  if (entries.size >= 16) entries.delete(entries.keys().next().value as string);
  entries.set(key, value);
  return value;
}

/** One page of a collection: filter, search, order, then `top` items from the cursor on. */
export function readPage<T extends JsonObject>(source: Source<T>, query: ListQuery): Page<T> {
  const matches = (item: T) => (!query.filter || matchesFilter(query.filter, item)) && (!query.search || matchesSearch(query.search, item));
  const top = query.top ?? Number.MAX_SAFE_INTEGER;
  const page: Page<T> = { items: [] };
  if (query.count) {
    page.count = !query.filter && !query.search ? source.size : cached(source, 'count', query, () => {
      let n = 0;
      for (let p = 0; p < source.end; p++) {
        const item = source.at(p);
        if (item && matches(item)) n++;
      }
      return n;
    });
  }
  if (query.cursor.ordered) {
    const order = cached(source, `order:${JSON.stringify(query.orderBy)}`, query, () => orderedPositions(source, matches, query.orderBy));
    const start = query.cursor.at;
    for (let i = start; i < order.length && i < start + top; i++) page.items.push(source.at(order[i] as number) as T);
    if (start + top < order.length) page.next = { ordered: true, at: start + top };
    return page;
  }
  let p = query.cursor.at;
  for (; p < source.end && page.items.length < top; p++) {
    const item = source.at(p);
    if (item && matches(item)) page.items.push(item);
  }
  for (; p < source.end; p++) {
    const item = source.at(p);
    if (item && matches(item)) {
      page.next = { ordered: false, at: p };
      break;
    }
  }
  return page;
}

function orderedPositions<T extends JsonObject>(source: Source<T>, matches: (item: T) => boolean, orderBy: OrderKey[]): Int32Array {
  const positions: number[] = [];
  const keys: string[][] = [];
  for (let p = 0; p < source.end; p++) {
    const item = source.at(p);
    if (!item || !matches(item)) continue;
    positions.push(p);
    keys.push(orderBy.map((o) => String(item[o.property] ?? '').toLowerCase()));
  }
  const index = positions.map((_, i) => i);
  index.sort((a, b) => {
    for (let k = 0; k < orderBy.length; k++) {
      const x = (keys[a] as string[])[k] as string;
      const y = (keys[b] as string[])[k] as string;
      if (x !== y) return (x < y ? -1 : 1) * ((orderBy[k] as OrderKey).descending ? -1 : 1);
    }
    return a - b;
  });
  return Int32Array.from(index, (i) => positions[i] as number);
}
